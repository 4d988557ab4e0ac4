// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice What the coordinator (and later the trading vault) asks the attestation registry.
interface IAttestationRegistry {
  /// @notice True while the VRF key is approved by M verifiers, not expired, not revoked, and approved
  /// under the current policy epoch.
  function isActive(bytes32 keyHash) external view returns (bool);

  /// @notice True while `signer` is the transaction signer of an active enclave key set.
  function isActiveSigner(address signer) external view returns (bool);
}
