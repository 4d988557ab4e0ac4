// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IUniswapV2Router} from "./interfaces/IUniswapV2Router.sol";
import {IUniswapV2Factory} from "./interfaces/IUniswapV2Factory.sol";

/// @notice What the vault asks the AttestationRegistry.
interface IGuestRegistry {
  function isActive(bytes32 keyHash) external view returns (bool);

  function activeKeyHashOf(address signer) external view returns (bytes32);
}

/**
 * @title Trader funds, strategies encrypted to an attested guest, and the bounds the guest must keep
 * @notice A trader deposits ERC-20 tokens and submits an intent: public bounds in plaintext (token
 * pair, maximum input per execution and in total, expiry, maximum slippage) and the strategy itself
 * encrypted (ECIES, secp256k1 + AES-256-GCM) to the encryption key of one guest, named by the key
 * hash of its attested key set. The intent's total input is escrowed at submission. Only the
 * signer of that guest, while its keys are active in the AttestationRegistry, can execute slices of
 * the intent, each a swap through a Uniswap V2 router, and the vault enforces every public bound
 * on each one: a broken guest can at worst trade the escrow of its own intents, within the
 * bounds, at no worse than the maximum slippage from the pool's price at execution.
 *
 * Slices are numbered from 0 and must come in order, so a slice cannot execute twice and none is
 * skipped (exactly once, even if the guest crashes and retries). The trader can cancel at any time
 * (a kill switch): the unspent escrow is returned at once. An intent the guest cannot decrypt or
 * validate is rejected by the guest with a reason code, and its escrow returned.
 */
contract StrategyVault is ReentrancyGuard {
  using SafeERC20 for IERC20;

  struct PublicBounds {
    address tokenIn;
    address tokenOut;
    uint256 maxAmountPerExecution;
    uint256 maxAmountTotal;
    uint64 expiry; // unix seconds; no execution after it
    uint16 maxSlippageBps; // amountOutMin >= quote * (10000 - maxSlippageBps) / 10000
  }

  enum IntentStatus {
    None,
    Open,
    Cancelled,
    Completed,
    Rejected,
    Expired
  }

  struct Intent {
    address trader;
    uint64 expiry;
    uint16 maxSlippageBps;
    IntentStatus status;
    address tokenIn;
    uint32 executions;
    address tokenOut;
    bytes32 guestKeyHash;
    uint128 maxAmountPerExecution;
    uint128 maxAmountTotal;
    uint128 spent;
    uint128 received;
  }

  // Reason codes of rejectIntent (io.coracle.trading.RejectReason names them).
  uint8 public constant REJECT_UNDECRYPTABLE = 1;
  uint8 public constant REJECT_MALFORMED_STRATEGY = 2;
  uint8 public constant REJECT_UNSUPPORTED_STRATEGY = 3;
  uint8 public constant REJECT_EXCEEDS_PUBLIC_BOUNDS = 4;
  uint8 public constant REJECT_RISK_LIMIT = 5;
  uint8 public constant REJECT_UNSCHEDULABLE = 6;

  uint16 public constant MAX_SLIPPAGE_BPS = 5_000;
  uint256 public constant MAX_ENCRYPTED_STRATEGY_BYTES = 4_096;
  /// @notice A signed execution is only valid this long: a stale signed transaction cannot surface later.
  uint256 public constant MAX_DEADLINE_WINDOW = 1 hours;

  IGuestRegistry public immutable registry;
  IUniswapV2Router public immutable router;
  IUniswapV2Factory public immutable factory;

  mapping(address trader => mapping(address token => uint256)) private s_balances;
  mapping(bytes32 intentId => Intent) private s_intents;

  event Deposited(address indexed trader, address indexed token, uint256 amount);
  event Withdrawn(address indexed trader, address indexed token, uint256 amount);
  event IntentSubmitted(
    bytes32 indexed intentId,
    address indexed trader,
    bytes32 indexed guestKeyHash,
    address tokenIn,
    address tokenOut,
    uint256 maxAmountPerExecution,
    uint256 maxAmountTotal,
    uint64 expiry,
    uint16 maxSlippageBps,
    uint64 submittedAt,
    bytes encryptedStrategy
  );
  event IntentExecuted(
    bytes32 indexed intentId,
    address indexed trader,
    uint32 sliceIndex,
    uint256 amountIn,
    uint256 amountOut,
    uint256 remaining,
    uint64 executedAt
  );
  event IntentCancelled(bytes32 indexed intentId, address indexed trader, uint256 refunded);
  event IntentRejected(bytes32 indexed intentId, address indexed trader, uint8 reasonCode, uint256 refunded);
  event IntentFinished(bytes32 indexed intentId, address indexed trader, uint8 closeCode, uint256 refunded);
  event IntentExpired(bytes32 indexed intentId, address indexed trader, uint256 refunded);

  error ZeroAddress();
  error SameToken();
  error PairNotListed(address tokenIn, address tokenOut);
  error InvalidAmount();
  error PerExecutionAboveTotal(uint256 maxAmountPerExecution, uint256 maxAmountTotal);
  error ExpiryNotInFuture(uint64 expiry, uint256 timestamp);
  error SlippageBoundTooHigh(uint16 maxSlippageBps, uint16 limit);
  error EncryptedStrategyLength(uint256 length);
  error GuestNotActive(bytes32 guestKeyHash);
  error IntentExists(bytes32 intentId);
  error InsufficientBalance(address token, uint256 available, uint256 needed);
  error UnknownIntent(bytes32 intentId);
  error NotTrader(address caller);
  error IntentNotOpen(bytes32 intentId, IntentStatus status);
  error NotIntentGuest(address caller);
  error IntentHasExpired(bytes32 intentId, uint64 expiry);
  error IntentNotExpired(bytes32 intentId, uint64 expiry);
  error DeadlinePassed(uint256 deadline, uint256 timestamp);
  error DeadlineTooFar(uint256 deadline, uint256 latest);
  error SliceOutOfOrder(uint32 expected, uint32 given);
  error ZeroAmount();
  error AmountAboveMaxPerExecution(uint256 amountIn, uint256 maxAmountPerExecution);
  error AmountAboveRemaining(uint256 amountIn, uint256 remaining);
  error SlippageAboveBound(uint256 amountOutMin, uint256 floor);
  error UnexpectedSwapResult(uint256 spent, uint256 received);
  error InvalidCode(uint8 code);

  constructor(address registry_, address router_) {
    if (registry_ == address(0) || router_ == address(0)) revert ZeroAddress();
    registry = IGuestRegistry(registry_);
    router = IUniswapV2Router(router_);
    factory = IUniswapV2Factory(IUniswapV2Router(router_).factory());
  }

  // ------------------------------------------------------------------ funds

  /// @notice Deposits `amount` of `token` (approve first); credits what actually arrived.
  function deposit(address token, uint256 amount) external nonReentrant {
    if (token == address(0)) revert ZeroAddress();
    if (amount == 0) revert InvalidAmount();
    uint256 before = IERC20(token).balanceOf(address(this));
    IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
    uint256 arrived = IERC20(token).balanceOf(address(this)) - before;
    s_balances[msg.sender][token] += arrived;
    emit Deposited(msg.sender, token, arrived);
  }

  /// @notice Withdraws from the free balance (escrowed intent funds are not free until the intent ends).
  function withdraw(address token, uint256 amount) external nonReentrant {
    if (amount == 0) revert InvalidAmount();
    uint256 available = s_balances[msg.sender][token];
    if (available < amount) revert InsufficientBalance(token, available, amount);
    s_balances[msg.sender][token] = available - amount;
    IERC20(token).safeTransfer(msg.sender, amount);
    emit Withdrawn(msg.sender, token, amount);
  }

  // ------------------------------------------------------------------ trader

  /**
   * @notice Submits an intent; escrows `bounds.maxAmountTotal` of `bounds.tokenIn` from the free balance.
   * @param salt any value the trader picks; the intent id is known before submission, so the
   *     strategy can be encrypted with it as associated data
   * @param guestKeyHash the attested key set (its VRF key hash) whose encryption key the strategy is
   *     encrypted to; only that guest's signer may act on the intent
   */
  function submitIntent(
    PublicBounds calldata bounds,
    bytes32 salt,
    bytes32 guestKeyHash,
    bytes calldata encryptedStrategy
  ) external nonReentrant returns (bytes32 intentId) {
    if (bounds.tokenIn == address(0) || bounds.tokenOut == address(0)) revert ZeroAddress();
    if (bounds.tokenIn == bounds.tokenOut) revert SameToken();
    if (factory.getPair(bounds.tokenIn, bounds.tokenOut) == address(0)) revert PairNotListed(bounds.tokenIn, bounds.tokenOut);
    if (bounds.maxAmountPerExecution == 0 || bounds.maxAmountTotal > type(uint128).max) revert InvalidAmount();
    if (bounds.maxAmountPerExecution > bounds.maxAmountTotal) {
      revert PerExecutionAboveTotal(bounds.maxAmountPerExecution, bounds.maxAmountTotal);
    }
    if (bounds.expiry <= block.timestamp) revert ExpiryNotInFuture(bounds.expiry, block.timestamp);
    if (bounds.maxSlippageBps > MAX_SLIPPAGE_BPS) revert SlippageBoundTooHigh(bounds.maxSlippageBps, MAX_SLIPPAGE_BPS);
    if (encryptedStrategy.length == 0 || encryptedStrategy.length > MAX_ENCRYPTED_STRATEGY_BYTES) {
      revert EncryptedStrategyLength(encryptedStrategy.length);
    }
    if (guestKeyHash == bytes32(0) || !registry.isActive(guestKeyHash)) revert GuestNotActive(guestKeyHash);
    intentId = intentIdFor(msg.sender, salt);
    if (s_intents[intentId].status != IntentStatus.None) revert IntentExists(intentId);
    uint256 available = s_balances[msg.sender][bounds.tokenIn];
    if (available < bounds.maxAmountTotal) revert InsufficientBalance(bounds.tokenIn, available, bounds.maxAmountTotal);
    s_balances[msg.sender][bounds.tokenIn] = available - bounds.maxAmountTotal;
    s_intents[intentId] = Intent({
      trader: msg.sender,
      expiry: bounds.expiry,
      maxSlippageBps: bounds.maxSlippageBps,
      status: IntentStatus.Open,
      tokenIn: bounds.tokenIn,
      executions: 0,
      tokenOut: bounds.tokenOut,
      guestKeyHash: guestKeyHash,
      maxAmountPerExecution: uint128(bounds.maxAmountPerExecution),
      maxAmountTotal: uint128(bounds.maxAmountTotal),
      spent: 0,
      received: 0
    });
    emit IntentSubmitted(
      intentId,
      msg.sender,
      guestKeyHash,
      bounds.tokenIn,
      bounds.tokenOut,
      bounds.maxAmountPerExecution,
      bounds.maxAmountTotal,
      bounds.expiry,
      bounds.maxSlippageBps,
      uint64(block.timestamp),
      encryptedStrategy
    );
  }

  /// @notice The trader's kill switch: no further slice can execute; the unspent escrow is returned.
  function cancelIntent(bytes32 intentId) external nonReentrant {
    Intent storage intent = _open(intentId);
    if (msg.sender != intent.trader) revert NotTrader(msg.sender);
    intent.status = IntentStatus.Cancelled;
    emit IntentCancelled(intentId, intent.trader, _refund(intent));
  }

  /// @notice Anyone may close an intent past its expiry, returning the unspent escrow to the trader.
  function releaseExpired(bytes32 intentId) external nonReentrant {
    Intent storage intent = _open(intentId);
    if (block.timestamp <= intent.expiry) revert IntentNotExpired(intentId, intent.expiry);
    intent.status = IntentStatus.Expired;
    emit IntentExpired(intentId, intent.trader, _refund(intent));
  }

  // ------------------------------------------------------------------ guest

  /**
   * @notice Executes slice `sliceIndex` of an intent: swaps `amountIn` of the escrow through the
   * router for at least `amountOutMin`, crediting the output to the trader's free balance.
   * Only the intent's guest, while active. Every public bound is checked here.
   */
  function execute(bytes32 intentId, uint32 sliceIndex, uint256 amountIn, uint256 amountOutMin, uint256 deadline)
    external
    nonReentrant
    returns (uint256 amountOut)
  {
    Intent storage intent = _open(intentId);
    _onlyGuest(intent);
    if (block.timestamp > intent.expiry) revert IntentHasExpired(intentId, intent.expiry);
    if (deadline < block.timestamp) revert DeadlinePassed(deadline, block.timestamp);
    if (deadline > block.timestamp + MAX_DEADLINE_WINDOW) revert DeadlineTooFar(deadline, block.timestamp + MAX_DEADLINE_WINDOW);
    if (sliceIndex != intent.executions) revert SliceOutOfOrder(intent.executions, sliceIndex);
    if (amountIn == 0) revert ZeroAmount();
    if (amountIn > intent.maxAmountPerExecution) revert AmountAboveMaxPerExecution(amountIn, intent.maxAmountPerExecution);
    uint256 remaining = intent.maxAmountTotal - intent.spent;
    if (amountIn > remaining) revert AmountAboveRemaining(amountIn, remaining);

    amountOut = _swap(intent, amountIn, amountOutMin, deadline);

    intent.executions = sliceIndex + 1;
    intent.spent += uint128(amountIn);
    intent.received += uint128(amountOut);
    s_balances[intent.trader][intent.tokenOut] += amountOut;
    remaining -= amountIn;
    emit IntentExecuted(intentId, intent.trader, sliceIndex, amountIn, amountOut, remaining, uint64(block.timestamp));
    if (remaining == 0) {
      intent.status = IntentStatus.Completed;
      emit IntentFinished(intentId, intent.trader, 1, 0);
    }
  }

  /// @notice The guest could not decrypt or accept the strategy: the intent ends, its escrow is returned.
  function rejectIntent(bytes32 intentId, uint8 reasonCode) external nonReentrant {
    Intent storage intent = _open(intentId);
    _onlyGuest(intent);
    if (reasonCode == 0) revert InvalidCode(reasonCode);
    intent.status = IntentStatus.Rejected;
    emit IntentRejected(intentId, intent.trader, reasonCode, _refund(intent));
  }

  /// @notice The strategy is done (or can no longer run) before the escrow is spent: return the rest.
  function finishIntent(bytes32 intentId, uint8 closeCode) external nonReentrant {
    Intent storage intent = _open(intentId);
    _onlyGuest(intent);
    if (closeCode == 0) revert InvalidCode(closeCode);
    intent.status = IntentStatus.Completed;
    emit IntentFinished(intentId, intent.trader, closeCode, _refund(intent));
  }

  // ------------------------------------------------------------------ views

  function intentIdFor(address trader, bytes32 salt) public view returns (bytes32) {
    return keccak256(abi.encode(block.chainid, address(this), trader, salt));
  }

  function intentOf(bytes32 intentId) external view returns (Intent memory) {
    return s_intents[intentId];
  }

  /// @notice The free (not escrowed) balance of `trader` in `token`.
  function balanceOf(address trader, address token) external view returns (uint256) {
    return s_balances[trader][token];
  }

  /// @notice The lowest amountOutMin an execution of `amountIn` would be allowed right now.
  function slippageFloor(bytes32 intentId, uint256 amountIn) external view returns (uint256) {
    Intent storage intent = s_intents[intentId];
    if (intent.status == IntentStatus.None) revert UnknownIntent(intentId);
    address[] memory path = new address[](2);
    path[0] = intent.tokenIn;
    path[1] = intent.tokenOut;
    return _slippageFloor(amountIn, path, intent.maxSlippageBps);
  }

  // ------------------------------------------------------------------ internals

  function _open(bytes32 intentId) private view returns (Intent storage intent) {
    intent = s_intents[intentId];
    if (intent.status == IntentStatus.None) revert UnknownIntent(intentId);
    if (intent.status != IntentStatus.Open) revert IntentNotOpen(intentId, intent.status);
  }

  function _onlyGuest(Intent storage intent) private view {
    // activeKeyHashOf is zero unless the caller's key set is active now (approved, unexpired,
    // unrevoked, current policy epoch); it must be the key set the strategy was encrypted to.
    if (registry.activeKeyHashOf(msg.sender) != intent.guestKeyHash) revert NotIntentGuest(msg.sender);
  }

  function _refund(Intent storage intent) private returns (uint256 refunded) {
    // the intent is no longer Open, so nothing can spend what is returned here
    refunded = intent.maxAmountTotal - intent.spent;
    s_balances[intent.trader][intent.tokenIn] += refunded;
  }

  /// @dev Swaps through the router and checks what really moved (the router is trusted, but cheaply verified).
  function _swap(Intent storage intent, uint256 amountIn, uint256 amountOutMin, uint256 deadline)
    private
    returns (uint256 amountOut)
  {
    address[] memory path = new address[](2);
    path[0] = intent.tokenIn;
    path[1] = intent.tokenOut;
    uint256 floor = _slippageFloor(amountIn, path, intent.maxSlippageBps);
    if (amountOutMin < floor || amountOutMin == 0) revert SlippageAboveBound(amountOutMin, floor);
    IERC20 tokenIn = IERC20(path[0]);
    IERC20 tokenOut = IERC20(path[1]);
    uint256 inBefore = tokenIn.balanceOf(address(this));
    uint256 outBefore = tokenOut.balanceOf(address(this));
    tokenIn.forceApprove(address(router), amountIn);
    router.swapExactTokensForTokens(amountIn, amountOutMin, path, address(this), deadline);
    tokenIn.forceApprove(address(router), 0);
    uint256 spent = inBefore - tokenIn.balanceOf(address(this));
    amountOut = tokenOut.balanceOf(address(this)) - outBefore;
    if (spent != amountIn || amountOut < amountOutMin) revert UnexpectedSwapResult(spent, amountOut);
  }

  function _slippageFloor(uint256 amountIn, address[] memory path, uint16 maxSlippageBps) private view returns (uint256) {
    uint256[] memory quoted = router.getAmountsOut(amountIn, path);
    return (quoted[1] * (10_000 - maxSlippageBps)) / 10_000;
  }
}
