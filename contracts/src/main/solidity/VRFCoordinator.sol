// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ECVRF} from "./vrf/ECVRF.sol";
import {IAttestationRegistry} from "./interfaces/IAttestationRegistry.sol";
import {IBlockhashStore} from "./interfaces/IBlockhashStore.sol";
import {IVRFCoordinator} from "./interfaces/IVRFCoordinator.sol";

/**
 * @title Coracle VRF coordinator: subscriptions in the native token, requests, verified fulfilment
 * @notice A consumer requests random words; an oracle whose VRF key is active in the
 * AttestationRegistry answers with an RFC 9381 ECVRF-SECP256K1-SHA256-TAI proof over
 * alpha = keccak256(abi.encode(preSeed, blockhash(requestBlock))), verified here; the words are
 * randomWords[i] = uint256(keccak256(abi.encode(beta, i))).
 *
 * Subscription funds are never locked by a stuck request (see contracts/README.md):
 * - every request reserves its maximum cost at request time, so the oracle is always paid and a
 *   subscription owner cannot withhold an unwelcome outcome by draining the balance;
 * - the owner can cancel at any time: the unreserved balance is refunded at once, each pending
 *   request's reserve is settled later (its unused part credited to the refund address);
 * - a request that is not fulfilled within `requestTimeoutBlocks` can be released by anyone, and
 *   at once by the owner if its key was deregistered or is no longer active: its reserve returns.
 */
contract VRFCoordinator is IVRFCoordinator, Ownable2Step {
  uint16 public constant MAX_REQUEST_CONFIRMATIONS = 200;
  uint32 public constant MAX_NUM_WORDS = 500;
  uint256 public constant MAX_CONSUMERS = 100;
  /// @dev Gas kept for the exact-gas check itself, a cold extcodesize and the call's own cost.
  uint256 private constant GAS_FOR_CALL_EXACT_CHECK = 5_000;

  /// @notice What the request committed to; the oracle copies it from RandomWordsRequested.
  struct RequestCommitment {
    uint256 preSeed;
    uint64 blockNum;
    uint256 subId;
    uint32 callbackGasLimit;
    uint32 numWords;
    address sender;
    uint96 reserve;
  }

  /// @dev One slot, read by every request and fulfilment.
  struct Config {
    uint16 minimumRequestConfirmations;
    uint32 maxCallbackGasLimit;
    uint32 maxNumWords;
    uint32 requestTimeoutBlocks;
    // Gas of a fulfilment outside the metered part (intrinsic, calldata, work after the payment
    // calculation); added to the metered gas when billing.
    uint32 unmeteredGas;
    // Gas of a fulfilment besides the callback, used only to size a request's reserve.
    uint32 reservationGas;
    uint64 flatFeeWei;
    bool reentrancyLock;
  }

  struct Subscription {
    uint96 balance; // everything held for the subscription, reserves included
    uint96 reserved; // sum of the reserves of its pending requests
    uint32 pendingRequests;
    bool cancelled;
  }

  struct SubscriptionConfig {
    address owner;
    address requestedOwner;
    address refundTo; // set by cancellation: where unused reserves go
    address[] consumers;
  }

  struct ConsumerState {
    bool active;
    uint64 nonce;
  }

  IAttestationRegistry public immutable REGISTRY;
  IBlockhashStore public immutable BLOCKHASH_STORE;

  Config private s_config;
  uint256 private s_maxGasPriceWei;
  uint256 private s_currentSubId;
  mapping(uint256 subId => Subscription) private s_subscriptions;
  mapping(uint256 subId => SubscriptionConfig) private s_subscriptionConfigs;
  mapping(address consumer => mapping(uint256 subId => ConsumerState)) private s_consumers;
  mapping(bytes32 keyHash => address payee) private s_provingKeys;
  bytes32[] private s_provingKeyHashes;
  mapping(uint256 requestId => bytes32 commitmentHash) private s_requestCommitments;
  mapping(address account => uint256 amount) private s_withdrawable;
  /// @dev Blocks after its request block before another guest's key may answer a request; 0 = never.
  uint32 private s_failoverDelayBlocks;

  event ConfigSet(
    uint16 minimumRequestConfirmations,
    uint32 maxCallbackGasLimit,
    uint32 maxNumWords,
    uint32 requestTimeoutBlocks,
    uint32 unmeteredGas,
    uint32 reservationGas,
    uint64 flatFeeWei,
    uint256 maxGasPriceWei
  );
  event ProvingKeyRegistered(bytes32 indexed keyHash, bytes publicKey, address payee);
  event ProvingKeyDeregistered(bytes32 indexed keyHash);
  event SubscriptionCreated(uint256 indexed subId, address owner);
  event SubscriptionFunded(uint256 indexed subId, uint256 oldBalance, uint256 newBalance);
  event SubscriptionDefunded(uint256 indexed subId, address to, uint256 amount);
  event SubscriptionConsumerAdded(uint256 indexed subId, address consumer);
  event SubscriptionConsumerRemoved(uint256 indexed subId, address consumer);
  event SubscriptionOwnerTransferRequested(uint256 indexed subId, address from, address to);
  event SubscriptionOwnerTransferred(uint256 indexed subId, address from, address to);
  event SubscriptionCanceled(uint256 indexed subId, address to, uint256 refunded, uint256 stillReserved);
  event RandomWordsRequested(
    bytes32 indexed keyHash,
    uint256 requestId,
    uint256 preSeed,
    uint256 indexed subId,
    uint16 minimumRequestConfirmations,
    uint32 callbackGasLimit,
    uint32 numWords,
    uint96 reserve,
    address indexed sender,
    uint64 blockNum
  );
  event RandomWordsFulfilled(uint256 indexed requestId, bytes32 beta, uint256 indexed subId, uint96 payment, bool success);
  event RequestReleased(uint256 indexed requestId, uint256 indexed subId, uint96 reserve);
  event Withdrawn(address indexed account, address to, uint256 amount);
  event FailoverDelaySet(uint32 blocks);
  event RandomWordsFulfilledByBackup(uint256 indexed requestId, bytes32 indexed requestedKeyHash, bytes32 indexed backupKeyHash);

  error Reentrant();
  error InvalidConfig();
  error InvalidSubscription(uint256 subId);
  error SubscriptionIsCancelled(uint256 subId);
  error MustBeSubOwner(address owner);
  error MustBeRequestedOwner(address requestedOwner);
  error TooManyConsumers();
  error InvalidConsumer(uint256 subId, address consumer);
  error InvalidRequestConfirmations(uint16 have, uint16 min, uint16 max);
  error GasLimitTooBig(uint32 have, uint32 want);
  error NumWordsOutOfRange(uint32 have, uint32 max);
  error UnknownKeyHash(bytes32 keyHash);
  error InactiveKeyHash(bytes32 keyHash);
  error ProvingKeyAlreadyRegistered(bytes32 keyHash);
  error MalformedPublicKey();
  error InvalidPayee();
  error InsufficientBalance(uint256 available, uint256 required);
  error MalformedProof();
  error NoCorrespondingRequest(uint256 requestId);
  error IncorrectCommitment(uint256 requestId);
  error InvalidProof();
  error InsufficientGasForConsumer(uint256 have, uint256 want);
  error RequestNotReleasable(uint256 requestId);
  error TransferFailed(address to);
  error NothingToWithdraw();
  error FailoverNotYet(uint256 requestId, uint256 fromBlock);
  error NotABackupKey(bytes32 keyHash);
  error BalanceOverflow();

  modifier nonReentrant() {
    if (s_config.reentrancyLock) revert Reentrant();
    _;
  }

  modifier onlySubOwner(uint256 subId) {
    address owner_ = s_subscriptionConfigs[subId].owner;
    if (owner_ == address(0)) revert InvalidSubscription(subId);
    if (msg.sender != owner_) revert MustBeSubOwner(owner_);
    _;
  }

  constructor(address initialOwner, IAttestationRegistry registry, IBlockhashStore blockhashStore) Ownable(initialOwner) {
    REGISTRY = registry;
    BLOCKHASH_STORE = blockhashStore;
    s_config = Config({
      minimumRequestConfirmations: 3,
      maxCallbackGasLimit: 2_500_000,
      maxNumWords: MAX_NUM_WORDS,
      requestTimeoutBlocks: 7_200,
      unmeteredGas: 37_000,
      reservationGas: 150_000,
      flatFeeWei: 0,
      reentrancyLock: false
    });
    s_maxGasPriceWei = 200 gwei;
  }

  // ------------------------------------------------------------------ owner

  function setConfig(
    uint16 minimumRequestConfirmations,
    uint32 maxCallbackGasLimit,
    uint32 maxNumWords,
    uint32 requestTimeoutBlocks,
    uint32 unmeteredGas,
    uint32 reservationGas,
    uint64 flatFeeWei,
    uint256 maxGasPriceWei
  ) external onlyOwner nonReentrant {
    if (
      minimumRequestConfirmations > MAX_REQUEST_CONFIRMATIONS || maxNumWords == 0 || maxNumWords > MAX_NUM_WORDS
        || requestTimeoutBlocks == 0 || maxGasPriceWei > type(uint64).max
    ) revert InvalidConfig();
    s_config = Config({
      minimumRequestConfirmations: minimumRequestConfirmations,
      maxCallbackGasLimit: maxCallbackGasLimit,
      maxNumWords: maxNumWords,
      requestTimeoutBlocks: requestTimeoutBlocks,
      unmeteredGas: unmeteredGas,
      reservationGas: reservationGas,
      flatFeeWei: flatFeeWei,
      reentrancyLock: false
    });
    s_maxGasPriceWei = maxGasPriceWei;
    emit ConfigSet(
      minimumRequestConfirmations,
      maxCallbackGasLimit,
      maxNumWords,
      requestTimeoutBlocks,
      unmeteredGas,
      reservationGas,
      flatFeeWei,
      maxGasPriceWei
    );
  }

  /// @notice Accepts proofs of `publicKey` (33-byte compressed); fees go to `payee`. The key must
  /// also be active in the registry for requests and fulfilments to succeed.
  function registerProvingKey(bytes calldata publicKey, address payee) external onlyOwner nonReentrant returns (bytes32 keyHash) {
    if (publicKey.length != 33 || (publicKey[0] != 0x02 && publicKey[0] != 0x03)) revert MalformedPublicKey();
    if (payee == address(0)) revert InvalidPayee();
    keyHash = keccak256(publicKey);
    if (s_provingKeys[keyHash] != address(0)) revert ProvingKeyAlreadyRegistered(keyHash);
    s_provingKeys[keyHash] = payee;
    s_provingKeyHashes.push(keyHash);
    emit ProvingKeyRegistered(keyHash, publicKey, payee);
  }

  function deregisterProvingKey(bytes32 keyHash) external onlyOwner nonReentrant {
    if (s_provingKeys[keyHash] == address(0)) revert UnknownKeyHash(keyHash);
    delete s_provingKeys[keyHash];
    uint256 last = s_provingKeyHashes.length - 1;
    for (uint256 i = 0; i <= last; i++) {
      if (s_provingKeyHashes[i] == keyHash) {
        s_provingKeyHashes[i] = s_provingKeyHashes[last];
        s_provingKeyHashes.pop();
        break;
      }
    }
    emit ProvingKeyDeregistered(keyHash);
  }

  // ------------------------------------------------------------------ subscriptions

  /**
   * @notice How many blocks a request waits for its own key before any other registered, active
   * (attested) key may answer it with fulfillRandomWordsAsBackup. A dead guest then delays its
   * requests instead of stranding them. 0 disables failover.
   */
  function setFailoverDelay(uint32 blocks) external onlyOwner nonReentrant {
    s_failoverDelayBlocks = blocks;
    emit FailoverDelaySet(blocks);
  }

  function failoverDelay() external view returns (uint32) {
    return s_failoverDelayBlocks;
  }

  function createSubscription() external payable nonReentrant returns (uint256 subId) {
    subId = ++s_currentSubId;
    s_subscriptionConfigs[subId].owner = msg.sender;
    emit SubscriptionCreated(subId, msg.sender);
    if (msg.value > 0) _fund(subId, msg.value);
  }

  /// @notice Anyone may fund a live subscription.
  function fundSubscription(uint256 subId) external payable nonReentrant {
    if (s_subscriptionConfigs[subId].owner == address(0)) revert InvalidSubscription(subId);
    if (s_subscriptions[subId].cancelled) revert SubscriptionIsCancelled(subId);
    _fund(subId, msg.value);
  }

  function addConsumer(uint256 subId, address consumer) external nonReentrant onlySubOwner(subId) {
    if (s_subscriptions[subId].cancelled) revert SubscriptionIsCancelled(subId);
    ConsumerState storage state = s_consumers[consumer][subId];
    if (state.active) return; // idempotent
    SubscriptionConfig storage subConfig = s_subscriptionConfigs[subId];
    if (subConfig.consumers.length >= MAX_CONSUMERS) revert TooManyConsumers();
    state.active = true;
    subConfig.consumers.push(consumer);
    emit SubscriptionConsumerAdded(subId, consumer);
  }

  /// @notice Allowed with requests pending: they stay fulfillable (their cost is reserved).
  function removeConsumer(uint256 subId, address consumer) external nonReentrant onlySubOwner(subId) {
    ConsumerState storage state = s_consumers[consumer][subId];
    if (!state.active) revert InvalidConsumer(subId, consumer);
    state.active = false; // the nonce stays, so request ids never repeat
    address[] storage consumers = s_subscriptionConfigs[subId].consumers;
    uint256 last = consumers.length - 1;
    for (uint256 i = 0; i <= last; i++) {
      if (consumers[i] == consumer) {
        consumers[i] = consumers[last];
        consumers.pop();
        break;
      }
    }
    emit SubscriptionConsumerRemoved(subId, consumer);
  }

  function requestSubscriptionOwnerTransfer(uint256 subId, address newOwner) external nonReentrant onlySubOwner(subId) {
    s_subscriptionConfigs[subId].requestedOwner = newOwner;
    emit SubscriptionOwnerTransferRequested(subId, msg.sender, newOwner);
  }

  function acceptSubscriptionOwnerTransfer(uint256 subId) external nonReentrant {
    SubscriptionConfig storage subConfig = s_subscriptionConfigs[subId];
    if (subConfig.owner == address(0)) revert InvalidSubscription(subId);
    if (msg.sender != subConfig.requestedOwner) revert MustBeRequestedOwner(subConfig.requestedOwner);
    address previous = subConfig.owner;
    subConfig.owner = msg.sender;
    subConfig.requestedOwner = address(0);
    emit SubscriptionOwnerTransferred(subId, previous, msg.sender);
  }

  /// @notice Withdraws part of the unreserved balance.
  function defundSubscription(uint256 subId, address payable to, uint256 amount) external nonReentrant onlySubOwner(subId) {
    Subscription storage sub = s_subscriptions[subId];
    uint256 available = sub.balance - sub.reserved;
    if (amount > available) revert InsufficientBalance(available, amount);
    sub.balance -= uint96(amount);
    emit SubscriptionDefunded(subId, to, amount);
    _send(to, amount);
  }

  /**
   * @notice Cancels at any time, pending requests or not: refunds the unreserved balance to `to`
   * now; pending requests stay fulfillable and each one's unused reserve is credited to `to`
   * (withdraw) when it is fulfilled or released.
   */
  function cancelSubscription(uint256 subId, address payable to) external nonReentrant onlySubOwner(subId) {
    Subscription storage sub = s_subscriptions[subId];
    if (sub.cancelled) revert SubscriptionIsCancelled(subId);
    SubscriptionConfig storage subConfig = s_subscriptionConfigs[subId];
    uint256 refund = sub.balance - sub.reserved;
    sub.balance = sub.reserved;
    sub.cancelled = true;
    subConfig.refundTo = to;
    subConfig.requestedOwner = address(0);
    address[] memory consumers = subConfig.consumers;
    for (uint256 i = 0; i < consumers.length; i++) {
      s_consumers[consumers[i]][subId].active = false;
    }
    delete subConfig.consumers;
    emit SubscriptionCanceled(subId, to, refund, sub.reserved);
    _send(to, refund);
  }

  // ------------------------------------------------------------------ requests

  function requestRandomWords(
    bytes32 keyHash,
    uint256 subId,
    uint16 requestConfirmations,
    uint32 callbackGasLimit,
    uint32 numWords
  ) external nonReentrant returns (uint256 requestId) {
    uint96 reserve = _checkRequest(keyHash, subId, requestConfirmations, callbackGasLimit, numWords);
    ConsumerState storage consumer = s_consumers[msg.sender][subId];
    uint64 nonce = consumer.nonce + 1;
    consumer.nonce = nonce;
    uint256 preSeed = uint256(keccak256(abi.encode(keyHash, msg.sender, subId, nonce, block.chainid, address(this))));
    requestId = computeRequestId(keyHash, preSeed);
    s_requestCommitments[requestId] = keccak256(
      abi.encode(
        RequestCommitment({
          preSeed: preSeed,
          blockNum: uint64(block.number),
          subId: subId,
          callbackGasLimit: callbackGasLimit,
          numWords: numWords,
          sender: msg.sender,
          reserve: reserve
        })
      )
    );
    Subscription storage sub = s_subscriptions[subId];
    sub.reserved += reserve;
    sub.pendingRequests += 1;
    emit RandomWordsRequested(
      keyHash, requestId, preSeed, subId, requestConfirmations, callbackGasLimit, numWords, reserve, msg.sender, uint64(block.number)
    );
  }

  /// @dev Every check of a request; returns the reserve it takes from the subscription.
  function _checkRequest(
    bytes32 keyHash,
    uint256 subId,
    uint16 requestConfirmations,
    uint32 callbackGasLimit,
    uint32 numWords
  ) private view returns (uint96) {
    Config memory config = s_config;
    if (s_subscriptionConfigs[subId].owner == address(0)) revert InvalidSubscription(subId);
    Subscription memory sub = s_subscriptions[subId];
    if (sub.cancelled) revert SubscriptionIsCancelled(subId);
    if (!s_consumers[msg.sender][subId].active) revert InvalidConsumer(subId, msg.sender);
    if (requestConfirmations < config.minimumRequestConfirmations || requestConfirmations > MAX_REQUEST_CONFIRMATIONS) {
      revert InvalidRequestConfirmations(requestConfirmations, config.minimumRequestConfirmations, MAX_REQUEST_CONFIRMATIONS);
    }
    if (callbackGasLimit > config.maxCallbackGasLimit) revert GasLimitTooBig(callbackGasLimit, config.maxCallbackGasLimit);
    if (numWords == 0 || numWords > config.maxNumWords) revert NumWordsOutOfRange(numWords, config.maxNumWords);
    if (s_provingKeys[keyHash] == address(0)) revert UnknownKeyHash(keyHash);
    if (!REGISTRY.isActive(keyHash)) revert InactiveKeyHash(keyHash);
    uint256 reserve = s_maxGasPriceWei * (uint256(callbackGasLimit) + config.reservationGas) + config.flatFeeWei;
    uint256 available = sub.balance - sub.reserved;
    if (available < reserve) revert InsufficientBalance(available, reserve);
    return uint96(reserve);
  }

  /**
   * @notice Delivers the random words of a request.
   * @param proof publicKey (33) || pi (81) || helpers (see ECVRF.sol), built by
   * io.coracle.contracts.VrfProofCalldata
   * @param rc the request's commitment, as emitted in RandomWordsRequested
   * @return payment what the subscription paid to the key's payee
   */
  function fulfillRandomWords(bytes calldata proof, RequestCommitment calldata rc) external returns (uint96 payment) {
    uint256 startGas = gasleft();
    Config memory config = s_config;
    if (config.reentrancyLock) revert Reentrant();
    (uint256 requestId, bytes32 beta, address payee) = _verifyFulfilment(proof, rc, bytes32(0));
    payment = _complete(startGas, config, requestId, beta, payee, rc);
  }

  /**
   * @notice Delivers a request that was made for another key, once its failover delay has passed:
   * the guest holding `requestedKeyHash` is gone or stuck, and another attested guest answers with
   * its own key (the proof is over the same seed). The request's commitment is deleted before the
   * callback, so it is delivered once whoever answers first.
   */
  function fulfillRandomWordsAsBackup(bytes32 requestedKeyHash, bytes calldata proof, RequestCommitment calldata rc)
    external
    returns (uint96 payment)
  {
    uint256 startGas = gasleft();
    Config memory config = s_config;
    if (config.reentrancyLock) revert Reentrant();
    (uint256 requestId, bytes32 beta, address payee) = _verifyFulfilment(proof, rc, requestedKeyHash);
    emit RandomWordsFulfilledByBackup(requestId, requestedKeyHash, keccak256(proof[0:33]));
    payment = _complete(startGas, config, requestId, beta, payee, rc);
  }

  function _complete(uint256 startGas, Config memory config, uint256 requestId, bytes32 beta, address payee, RequestCommitment calldata rc)
    private
    returns (uint96 payment)
  {
    // Effects before the callback: the request can never be fulfilled twice.
    delete s_requestCommitments[requestId];
    s_config.reentrancyLock = true;
    bool success = _deliver(requestId, beta, rc);
    s_config.reentrancyLock = false;

    payment = _settle(rc, payee, tx.gasprice * (startGas - gasleft() + config.unmeteredGas) + config.flatFeeWei);
    emit RandomWordsFulfilled(requestId, beta, rc.subId, payment, success);
  }

  /// @dev Every check of a fulfilment: known and active key, pending request with this exact
  /// commitment, valid proof over alpha = keccak256(abi.encode(preSeed, blockhash)). A backup
  /// (requestedKeyHash != 0) answers another key's request, and only after the failover delay.
  function _verifyFulfilment(bytes calldata proof, RequestCommitment calldata rc, bytes32 requestedKeyHash)
    private
    view
    returns (uint256 requestId, bytes32 beta, address payee)
  {
    if (proof.length < ECVRF.HELPERS_OFFSET + ECVRF.HELPERS_FIXED_LENGTH) revert MalformedProof();
    bytes32 keyHash = keccak256(proof[0:33]);
    payee = s_provingKeys[keyHash];
    if (payee == address(0)) revert UnknownKeyHash(keyHash);
    if (!REGISTRY.isActive(keyHash)) revert InactiveKeyHash(keyHash);

    if (requestedKeyHash == bytes32(0)) {
      requestId = computeRequestId(keyHash, rc.preSeed);
    } else {
      if (requestedKeyHash == keyHash) revert NotABackupKey(keyHash);
      requestId = computeRequestId(requestedKeyHash, rc.preSeed);
      uint256 delay = s_failoverDelayBlocks;
      if (delay == 0 || block.number <= uint256(rc.blockNum) + delay) revert FailoverNotYet(requestId, uint256(rc.blockNum) + delay + 1);
    }
    bytes32 commitment = s_requestCommitments[requestId];
    if (commitment == bytes32(0)) revert NoCorrespondingRequest(requestId);
    if (commitment != keccak256(abi.encode(rc))) revert IncorrectCommitment(requestId);

    bytes32 blockHash = blockhash(rc.blockNum);
    if (blockHash == bytes32(0)) blockHash = BLOCKHASH_STORE.getBlockhash(rc.blockNum);
    bool valid;
    (valid, beta) = ECVRF.verify(proof, abi.encode(keccak256(abi.encode(rc.preSeed, blockHash))));
    if (!valid) revert InvalidProof();
  }

  function _deliver(uint256 requestId, bytes32 beta, RequestCommitment calldata rc) private returns (bool success) {
    uint256[] memory randomWords = new uint256[](rc.numWords);
    for (uint256 i = 0; i < randomWords.length; i++) {
      randomWords[i] = uint256(keccak256(abi.encode(beta, i)));
    }
    return _callWithExactGas(rc.callbackGasLimit, rc.sender, abi.encodeWithSelector(RAW_FULFILL_SELECTOR, requestId, randomWords));
  }

  /// @dev VRFConsumerBase.rawFulfillRandomWords(uint256,uint256[])
  bytes4 private constant RAW_FULFILL_SELECTOR = bytes4(keccak256("rawFulfillRandomWords(uint256,uint256[])"));

  /**
   * @notice Returns a pending request's reserve to its subscription: by anyone once the request is
   * older than requestTimeoutBlocks; by the subscription owner at once if the request's key was
   * deregistered or is no longer active in the registry. The consumer is not called.
   */
  function releaseRequest(bytes32 keyHash, RequestCommitment calldata rc) external nonReentrant {
    uint256 requestId = computeRequestId(keyHash, rc.preSeed);
    bytes32 commitment = s_requestCommitments[requestId];
    if (commitment == bytes32(0)) revert NoCorrespondingRequest(requestId);
    if (commitment != keccak256(abi.encode(rc))) revert IncorrectCommitment(requestId);
    bool timedOut = block.number > uint256(rc.blockNum) + s_config.requestTimeoutBlocks;
    bool keyGone = s_provingKeys[keyHash] == address(0) || !REGISTRY.isActive(keyHash);
    if (!timedOut && !(keyGone && msg.sender == s_subscriptionConfigs[rc.subId].owner)) {
      revert RequestNotReleasable(requestId);
    }
    delete s_requestCommitments[requestId];
    _settle(rc, address(0), 0);
    emit RequestReleased(requestId, rc.subId, rc.reserve);
  }

  /// @notice Pays out what msg.sender earned as a payee or is owed as a cancellation refund.
  function withdraw(address payable to) external nonReentrant {
    uint256 amount = s_withdrawable[msg.sender];
    if (amount == 0) revert NothingToWithdraw();
    s_withdrawable[msg.sender] = 0;
    emit Withdrawn(msg.sender, to, amount);
    _send(to, amount);
  }

  // ------------------------------------------------------------------ views

  function computeRequestId(bytes32 keyHash, uint256 preSeed) public pure returns (uint256) {
    return uint256(keccak256(abi.encode(keyHash, preSeed)));
  }

  /// @notice keccak256 of the 33-byte compressed public key, as the registry defines it.
  function hashOfKey(bytes calldata publicKey) external pure returns (bytes32) {
    return keccak256(publicKey);
  }

  function getSubscription(uint256 subId)
    external
    view
    returns (
      uint96 balance,
      uint96 reserved,
      uint32 pendingRequests,
      bool cancelled,
      address owner_,
      address requestedOwner,
      address[] memory consumers
    )
  {
    SubscriptionConfig storage subConfig = s_subscriptionConfigs[subId];
    if (subConfig.owner == address(0)) revert InvalidSubscription(subId);
    Subscription memory sub = s_subscriptions[subId];
    return (sub.balance, sub.reserved, sub.pendingRequests, sub.cancelled, subConfig.owner, subConfig.requestedOwner, subConfig.consumers);
  }

  function getConfig()
    external
    view
    returns (
      uint16 minimumRequestConfirmations,
      uint32 maxCallbackGasLimit,
      uint32 maxNumWords,
      uint32 requestTimeoutBlocks,
      uint32 unmeteredGas,
      uint32 reservationGas,
      uint64 flatFeeWei,
      uint256 maxGasPriceWei
    )
  {
    Config memory c = s_config;
    return (
      c.minimumRequestConfirmations,
      c.maxCallbackGasLimit,
      c.maxNumWords,
      c.requestTimeoutBlocks,
      c.unmeteredGas,
      c.reservationGas,
      c.flatFeeWei,
      s_maxGasPriceWei
    );
  }

  /// @notice The reserve a request with this callback gas limit would take now.
  function requestReserve(uint32 callbackGasLimit) external view returns (uint256) {
    return s_maxGasPriceWei * (uint256(callbackGasLimit) + s_config.reservationGas) + s_config.flatFeeWei;
  }

  function pendingRequestCommitment(uint256 requestId) external view returns (bytes32) {
    return s_requestCommitments[requestId];
  }

  function provingKeyPayee(bytes32 keyHash) external view returns (address) {
    return s_provingKeys[keyHash];
  }

  function provingKeyHashes() external view returns (bytes32[] memory) {
    return s_provingKeyHashes;
  }

  function consumerNonce(address consumer, uint256 subId) external view returns (uint64) {
    return s_consumers[consumer][subId].nonce;
  }

  function withdrawable(address account) external view returns (uint256) {
    return s_withdrawable[account];
  }

  // ------------------------------------------------------------------ internals

  function _fund(uint256 subId, uint256 amount) private {
    Subscription storage sub = s_subscriptions[subId];
    uint256 old = sub.balance;
    if (old + amount > type(uint96).max) revert BalanceOverflow();
    sub.balance = uint96(old + amount);
    emit SubscriptionFunded(subId, old, old + amount);
  }

  /// @dev Ends a pending request: charges at most its reserve to `payee` (none when releasing) and
  /// frees the rest; for a cancelled subscription the rest goes to the refund address.
  function _settle(RequestCommitment calldata rc, address payee, uint256 cost) private returns (uint96 charged) {
    charged = cost > rc.reserve ? rc.reserve : uint96(cost);
    Subscription storage sub = s_subscriptions[rc.subId];
    Subscription memory s = sub;
    uint96 balance = s.balance - charged;
    if (s.cancelled) {
      uint96 unused = rc.reserve - charged;
      balance -= unused;
      if (unused > 0) s_withdrawable[s_subscriptionConfigs[rc.subId].refundTo] += unused;
    }
    sub.balance = balance;
    sub.reserved = s.reserved - rc.reserve;
    sub.pendingRequests = s.pendingRequests - 1;
    if (charged > 0) s_withdrawable[payee] += charged;
  }

  /**
   * @dev Calls `target` with exactly `gasAmount` gas, or reverts the whole fulfilment when less is
   * left, so an oracle cannot starve a callback into failure (EIP-150 only forwards 63/64 of the
   * remaining gas). A target without code is reported as failed without a call. The callee's
   * return data is never copied.
   */
  function _callWithExactGas(uint256 gasAmount, address target, bytes memory data) private returns (bool success) {
    bytes4 insufficient = InsufficientGasForConsumer.selector;
    assembly ("memory-safe") {
      let g := gas()
      let enough := 0
      if gt(g, GAS_FOR_CALL_EXACT_CHECK) {
        let usable := sub(g, GAS_FOR_CALL_EXACT_CHECK)
        enough := gt(sub(usable, div(usable, 64)), gasAmount)
      }
      if iszero(enough) {
        mstore(0x00, insufficient)
        mstore(0x04, g)
        mstore(0x24, gasAmount)
        revert(0x00, 0x44)
      }
      if extcodesize(target) { success := call(gasAmount, target, 0, add(data, 0x20), mload(data), 0, 0) }
    }
  }

  function _send(address to, uint256 amount) private {
    if (amount == 0) return;
    (bool ok,) = payable(to).call{value: amount}("");
    if (!ok) revert TransferFailed(to);
  }
}
