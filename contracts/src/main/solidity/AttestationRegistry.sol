// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IAttestationRegistry} from "./interfaces/IAttestationRegistry.sol";

/**
 * @title Registry of enclave keys attested by AMD SEV-SNP evidence and approved by M of N verifiers
 * @notice Full SEV-SNP verification (P-384 certificate chain, report signature) costs millions of
 * gas, so it happens off-chain, once, by independent verifiers: verify once, then ecrecover.
 *
 * 1. The enclave's transaction signer calls `registerKeys(vrfPublicKey, encryptionPublicKey,
 *    evidence)`. The evidence bytes (an EvidenceBundle encoding, opaque here) are emitted in
 *    `KeysRegistered` so anyone can re-verify them from chain data; evidenceHash =
 *    keccak256(evidence) is computed here, on-chain.
 * 2. Each verifier checks the evidence (signature chain to the AMD root, TCB, policy,
 *    measurement, report_data binding the keys) and signs an EIP-712 `KeyApproval` over the
 *    keys, the evidence hash, the launch measurement, the reported TCB and an expiry; the domain
 *    separator binds chain id and this contract's address.
 * 3. Anyone presents the approval with >= threshold signatures of distinct verifiers (sorted by
 *    verifier address, so duplicates are impossible) to `activateKeys`.
 *
 * keyHash = keccak256(33-byte SEC1 compressed VRF public key), the RFC 9381 PK_string; the
 * coordinator uses the same definition.
 *
 * A key is active while: approved, not revoked (revocation is permanent), before its expiry, and
 * approved under the current policy epoch. Tightening the policy (disallowing a measurement,
 * raising the minimum TCB, changing the verifier set) starts a new epoch, which deactivates every
 * key until it is approved again under the new policy.
 */
contract AttestationRegistry is IAttestationRegistry, Ownable2Step, EIP712 {
  /// @notice What the verifiers sign. `bytes` members are hashed with keccak256 (EIP-712).
  struct KeyApproval {
    bytes vrfPublicKey; // 33-byte SEC1 compressed secp256k1 point
    address signer; // the enclave's transaction signer
    bytes encryptionPublicKey; // 33-byte SEC1 compressed secp256k1 point
    bytes32 evidenceHash; // keccak256 of the registered evidence bytes
    bytes measurement; // 48-byte SEV-SNP launch measurement
    uint64 tcb; // reported TCB version (8 one-byte components)
    uint64 expiresAt; // unix time (seconds) after which the key is inactive
  }

  enum KeyStatus {
    None,
    Active,
    Revoked
  }

  struct KeyRecord {
    address signer;
    uint40 expiresAt;
    uint32 policyEpoch;
    KeyStatus status;
  }

  /// @dev One slot, read by every isActive call.
  struct Policy {
    uint64 minimumTcb;
    uint32 epoch;
    uint8 threshold;
    uint40 maxApprovalValidity;
  }

  bytes32 public constant KEY_APPROVAL_TYPEHASH = keccak256(
    "KeyApproval(bytes vrfPublicKey,address signer,bytes encryptionPublicKey,bytes32 evidenceHash,bytes measurement,uint64 tcb,uint64 expiresAt)"
  );
  uint256 public constant MEASUREMENT_LENGTH = 48;
  uint256 public constant MAX_VERIFIERS = 32;

  // Failed approval checks, one bit each: checkApproval returns them all, activateKeys reverts
  // with them (ApprovalRejected). io.coracle.contracts.ApprovalCheck names them.
  uint256 public constant CHECK_MALFORMED_KEY = 1 << 0;
  uint256 public constant CHECK_KEY_REVOKED = 1 << 1;
  uint256 public constant CHECK_NOT_REGISTERED = 1 << 2;
  uint256 public constant CHECK_MEASUREMENT_NOT_ALLOWED = 1 << 3;
  uint256 public constant CHECK_TCB_BELOW_MINIMUM = 1 << 4;
  uint256 public constant CHECK_EXPIRED = 1 << 5;
  uint256 public constant CHECK_EXPIRY_TOO_FAR = 1 << 6;
  uint256 public constant CHECK_NOT_NEWER = 1 << 7;
  uint256 public constant CHECK_BAD_SIGNATURE = 1 << 8;
  uint256 public constant CHECK_SIGNER_NOT_VERIFIER = 1 << 9;
  uint256 public constant CHECK_DUPLICATE_OR_UNSORTED_SIGNATURE = 1 << 10;
  uint256 public constant CHECK_BELOW_THRESHOLD = 1 << 11;

  Policy private s_policy;
  address[] private s_verifiers;
  mapping(address verifier => bool) private s_isVerifier;
  mapping(bytes32 measurementHash => bool) private s_allowedMeasurements;
  mapping(bytes32 registrationId => bool) private s_registrations;
  mapping(bytes32 keyHash => KeyRecord) private s_keys;
  mapping(address signer => bytes32 keyHash) private s_keyHashBySigner;

  event KeysRegistered(
    bytes32 indexed keyHash,
    address indexed signer,
    bytes32 indexed evidenceHash,
    bytes vrfPublicKey,
    bytes encryptionPublicKey,
    bytes evidence
  );
  event KeysActivated(
    bytes32 indexed keyHash,
    address indexed signer,
    bytes32 evidenceHash,
    bytes32 measurementHash,
    uint64 tcb,
    uint64 expiresAt,
    uint32 policyEpoch
  );
  event KeysRevoked(bytes32 indexed keyHash, address indexed signer, address revokedBy);
  event MeasurementAllowed(bytes32 indexed measurementHash, bytes measurement, bool allowed);
  event MinimumTcbSet(uint64 minimumTcb);
  event VerifiersSet(address[] verifiers, uint8 threshold);
  event MaxApprovalValiditySet(uint40 maxApprovalValidity);
  event PolicyEpochStarted(uint32 epoch);

  error MalformedKey();
  error MalformedMeasurement(uint256 length);
  error EmptyEvidence();
  error KeyIsRevoked(bytes32 keyHash);
  error ApprovalRejected(uint256 failedChecks);
  error InvalidVerifierSet();
  error NotKeySignerOrOwner(address caller);
  error UnknownKey(bytes32 keyHash);

  constructor(address initialOwner) Ownable(initialOwner) EIP712("Coracle AttestationRegistry", "1") {
    s_policy.maxApprovalValidity = 30 days;
  }

  // ------------------------------------------------------------------ governance

  /// @notice Allows or disallows a launch measurement. Disallowing one starts a new policy epoch.
  function setMeasurementAllowed(bytes calldata measurement, bool allowed) external onlyOwner {
    if (measurement.length != MEASUREMENT_LENGTH) revert MalformedMeasurement(measurement.length);
    bytes32 measurementHash = keccak256(measurement);
    bool was = s_allowedMeasurements[measurementHash];
    s_allowedMeasurements[measurementHash] = allowed;
    emit MeasurementAllowed(measurementHash, measurement, allowed);
    if (was && !allowed) _startEpoch();
  }

  /// @notice Minimum TCB, compared component by component (each of the 8 bytes). Raising any
  /// component starts a new policy epoch.
  function setMinimumTcb(uint64 minimumTcb) external onlyOwner {
    uint64 previous = s_policy.minimumTcb;
    s_policy.minimumTcb = minimumTcb;
    emit MinimumTcbSet(minimumTcb);
    if (!_tcbAtLeast(previous, minimumTcb)) _startEpoch();
  }

  /// @notice Replaces the verifier set and the threshold M (1 <= M <= N). Starts a new epoch.
  function setVerifiers(address[] calldata verifiers, uint8 threshold) external onlyOwner {
    if (verifiers.length == 0 || verifiers.length > MAX_VERIFIERS || threshold == 0 || threshold > verifiers.length) {
      revert InvalidVerifierSet();
    }
    for (uint256 i = 0; i < s_verifiers.length; i++) {
      s_isVerifier[s_verifiers[i]] = false;
    }
    for (uint256 i = 0; i < verifiers.length; i++) {
      if (verifiers[i] == address(0) || s_isVerifier[verifiers[i]]) revert InvalidVerifierSet();
      s_isVerifier[verifiers[i]] = true;
    }
    s_verifiers = verifiers;
    s_policy.threshold = threshold;
    emit VerifiersSet(verifiers, threshold);
    _startEpoch();
  }

  /// @notice Longest time an approval may keep a key active (expiresAt - now at activation).
  function setMaxApprovalValidity(uint40 maxApprovalValidity) external onlyOwner {
    s_policy.maxApprovalValidity = maxApprovalValidity;
    emit MaxApprovalValiditySet(maxApprovalValidity);
  }

  /// @notice Emergency switch: deactivates every key until it is approved again.
  function invalidateAllKeys() external onlyOwner {
    _startEpoch();
  }

  // ------------------------------------------------------------------ enclave side

  /**
   * @notice Registers the enclave's keys with its attestation evidence. msg.sender is the
   * enclave's transaction signer (so nobody can register a tuple naming someone else's signer).
   * @return keyHash keccak256(vrfPublicKey)
   */
  function registerKeys(bytes calldata vrfPublicKey, bytes calldata encryptionPublicKey, bytes calldata evidence)
    external
    returns (bytes32 keyHash)
  {
    if (!_isCompressedPoint(vrfPublicKey) || !_isCompressedPoint(encryptionPublicKey)) revert MalformedKey();
    if (evidence.length == 0) revert EmptyEvidence();
    keyHash = keccak256(vrfPublicKey);
    if (s_keys[keyHash].status == KeyStatus.Revoked) revert KeyIsRevoked(keyHash);
    bytes32 evidenceHash = keccak256(evidence);
    s_registrations[_registrationId(keyHash, msg.sender, keccak256(encryptionPublicKey), evidenceHash)] = true;
    emit KeysRegistered(keyHash, msg.sender, evidenceHash, vrfPublicKey, encryptionPublicKey, evidence);
  }

  /**
   * @notice Activates registered keys with an approval signed by at least `threshold` distinct
   * verifiers. Signatures (65-byte r||s||v) must be ordered by strictly increasing verifier
   * address. Reverts ApprovalRejected(failedChecks) naming every failed check.
   */
  function activateKeys(KeyApproval calldata approval, bytes[] calldata signatures) external returns (bytes32 keyHash) {
    uint256 failed = checkApproval(approval, signatures);
    if (failed != 0) revert ApprovalRejected(failed);
    keyHash = keccak256(approval.vrfPublicKey);
    uint32 epoch = s_policy.epoch;
    s_keys[keyHash] = KeyRecord({
      signer: approval.signer, expiresAt: uint40(approval.expiresAt), policyEpoch: epoch, status: KeyStatus.Active
    });
    s_keyHashBySigner[approval.signer] = keyHash;
    emit KeysActivated(
      keyHash, approval.signer, approval.evidenceHash, keccak256(approval.measurement), approval.tcb, approval.expiresAt, epoch
    );
  }

  /// @notice Permanently revokes a key; by governance or by the key's own signer.
  function revokeKeys(bytes32 keyHash) external {
    KeyRecord storage record = s_keys[keyHash];
    if (record.status == KeyStatus.None) revert UnknownKey(keyHash);
    if (msg.sender != owner() && msg.sender != record.signer) revert NotKeySignerOrOwner(msg.sender);
    record.status = KeyStatus.Revoked;
    if (s_keyHashBySigner[record.signer] == keyHash) delete s_keyHashBySigner[record.signer];
    emit KeysRevoked(keyHash, record.signer, msg.sender);
  }

  // ------------------------------------------------------------------ views

  /**
   * @notice Every check `activateKeys` makes, as a bit set of failed checks (0 = acceptable now).
   * Lets an operator see all problems of an approval at once, before sending a transaction.
   */
  function checkApproval(KeyApproval calldata approval, bytes[] calldata signatures) public view returns (uint256 failed) {
    Policy memory policy = s_policy;
    if (!_isCompressedPoint(approval.vrfPublicKey) || !_isCompressedPoint(approval.encryptionPublicKey)) {
      failed |= CHECK_MALFORMED_KEY;
    }
    bytes32 keyHash = keccak256(approval.vrfPublicKey);
    KeyRecord memory record = s_keys[keyHash];
    if (record.status == KeyStatus.Revoked) failed |= CHECK_KEY_REVOKED;
    bytes32 registrationId =
      _registrationId(keyHash, approval.signer, keccak256(approval.encryptionPublicKey), approval.evidenceHash);
    if (!s_registrations[registrationId]) failed |= CHECK_NOT_REGISTERED;
    if (approval.measurement.length != MEASUREMENT_LENGTH || !s_allowedMeasurements[keccak256(approval.measurement)]) {
      failed |= CHECK_MEASUREMENT_NOT_ALLOWED;
    }
    if (!_tcbAtLeast(approval.tcb, policy.minimumTcb)) failed |= CHECK_TCB_BELOW_MINIMUM;
    if (approval.expiresAt <= block.timestamp) failed |= CHECK_EXPIRED;
    if (approval.expiresAt > block.timestamp + policy.maxApprovalValidity) failed |= CHECK_EXPIRY_TOO_FAR;
    // Within one epoch an approval may only extend an active key (no replay of an older one).
    if (record.status == KeyStatus.Active && record.policyEpoch == policy.epoch && approval.expiresAt <= record.expiresAt) {
      failed |= CHECK_NOT_NEWER;
    }
    failed |= _checkSignatures(hashKeyApproval(approval), signatures, policy.threshold);
  }

  /// @notice The EIP-712 digest the verifiers sign for `approval`.
  function hashKeyApproval(KeyApproval calldata approval) public view returns (bytes32) {
    return _hashTypedDataV4(
      keccak256(
        abi.encode(
          KEY_APPROVAL_TYPEHASH,
          keccak256(approval.vrfPublicKey),
          approval.signer,
          keccak256(approval.encryptionPublicKey),
          approval.evidenceHash,
          keccak256(approval.measurement),
          approval.tcb,
          approval.expiresAt
        )
      )
    );
  }

  function isActive(bytes32 keyHash) public view returns (bool) {
    KeyRecord memory record = s_keys[keyHash];
    return record.status == KeyStatus.Active && block.timestamp < record.expiresAt && record.policyEpoch == s_policy.epoch;
  }

  function isActiveSigner(address signer) external view returns (bool) {
    bytes32 keyHash = s_keyHashBySigner[signer];
    return keyHash != bytes32(0) && isActive(keyHash);
  }

  /// @notice The key hash `signer` last activated, or zero when that key is not active.
  function activeKeyHashOf(address signer) external view returns (bytes32) {
    bytes32 keyHash = s_keyHashBySigner[signer];
    return keyHash != bytes32(0) && isActive(keyHash) ? keyHash : bytes32(0);
  }

  function keyRecord(bytes32 keyHash)
    external
    view
    returns (address signer, uint40 expiresAt, uint32 policyEpoch, KeyStatus status)
  {
    KeyRecord memory r = s_keys[keyHash];
    return (r.signer, r.expiresAt, r.policyEpoch, r.status);
  }

  function isRegistered(bytes32 keyHash, address signer, bytes32 encryptionKeyHash, bytes32 evidenceHash)
    external
    view
    returns (bool)
  {
    return s_registrations[_registrationId(keyHash, signer, encryptionKeyHash, evidenceHash)];
  }

  function isMeasurementAllowed(bytes calldata measurement) external view returns (bool) {
    return s_allowedMeasurements[keccak256(measurement)];
  }

  function currentPolicy()
    external
    view
    returns (uint64 minimumTcb, uint32 epoch, uint8 threshold, uint40 maxApprovalValidity)
  {
    Policy memory p = s_policy;
    return (p.minimumTcb, p.epoch, p.threshold, p.maxApprovalValidity);
  }

  function verifierSet() external view returns (address[] memory) {
    return s_verifiers;
  }

  function domainSeparator() external view returns (bytes32) {
    return _domainSeparatorV4();
  }

  // ------------------------------------------------------------------ internals

  function _checkSignatures(bytes32 digest, bytes[] calldata signatures, uint8 threshold)
    private
    view
    returns (uint256 failed)
  {
    uint256 counted = 0;
    address previous = address(0);
    for (uint256 i = 0; i < signatures.length; i++) {
      (address verifier, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, signatures[i]);
      if (error != ECDSA.RecoverError.NoError) {
        failed |= CHECK_BAD_SIGNATURE;
        continue;
      }
      if (!s_isVerifier[verifier]) {
        failed |= CHECK_SIGNER_NOT_VERIFIER;
        continue;
      }
      if (verifier <= previous) {
        failed |= CHECK_DUPLICATE_OR_UNSORTED_SIGNATURE;
        continue;
      }
      previous = verifier;
      counted++;
    }
    if (threshold == 0 || counted < threshold) failed |= CHECK_BELOW_THRESHOLD;
  }

  function _startEpoch() private {
    uint32 epoch = s_policy.epoch + 1;
    s_policy.epoch = epoch;
    emit PolicyEpochStarted(epoch);
  }

  function _registrationId(bytes32 keyHash, address signer, bytes32 encryptionKeyHash, bytes32 evidenceHash)
    private
    pure
    returns (bytes32)
  {
    return keccak256(abi.encode(keyHash, signer, encryptionKeyHash, evidenceHash));
  }

  /// @dev Each of the 8 one-byte TCB components (boot loader, TEE, SNP, microcode... whatever the
  /// processor generation's layout) must reach the minimum's; reserved bytes are zero in both.
  function _tcbAtLeast(uint64 tcb, uint64 minimum) private pure returns (bool) {
    for (uint256 i = 0; i < 64; i += 8) {
      if (uint8(tcb >> i) < uint8(minimum >> i)) return false;
    }
    return true;
  }

  function _isCompressedPoint(bytes calldata point) private pure returns (bool) {
    return point.length == 33 && (point[0] == 0x02 || point[0] == 0x03);
  }
}
