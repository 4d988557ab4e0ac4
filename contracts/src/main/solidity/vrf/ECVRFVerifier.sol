// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ECVRF} from "./ECVRF.sol";

/**
 * @title Standalone ECVRF-SECP256K1-SHA256-TAI verifier
 * @notice Lets anyone check any proof, past or present, with a plain eth_call:
 * `verify(alpha, proof)` returns (true, beta) for a valid proof and (false, 0) for anything else;
 * it never reverts on bad input. `proof` = publicKey (33-byte SEC1 compressed key) || pi (81-byte
 * RFC 9381 proof) || helpers (the prover-side points described in ECVRF.sol), exactly the `proof`
 * argument of VRFCoordinator.fulfillRandomWords, so a past fulfilment's proof can be re-checked
 * as it stands in the transaction. `./coracle vrf calldata` or io.coracle.contracts.VrfProofCalldata
 * compute the helpers from pk, alpha and pi alone: no secret is involved.
 */
contract ECVRFVerifier {
  /// @notice Suite name, so that a caller can check what this deployment verifies.
  string public constant SUITE = "ECVRF-SECP256K1-SHA256-TAI";

  function verify(bytes calldata alpha, bytes calldata proof) external view returns (bool valid, bytes32 beta) {
    return ECVRF.verify(proof, alpha);
  }

  /// @notice The 32-byte seed (VRF alpha) the coordinator uses for a request.
  function requestAlpha(uint256 preSeed, bytes32 blockHash) external pure returns (bytes32) {
    return keccak256(abi.encode(preSeed, blockHash));
  }
}
