// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VRF} from "@chainlink/contracts/src/v0.8/vrf/VRF.sol";

/// Test-only: exposes Chainlink's VRF.sol verification, compiled with the same solc 0.8.30,
/// shanghai, optimizer 200 runs, so its gas can be compared with ECVRFVerifier.verify on the same
/// node the way Chainlink's own tests measure it (eth_estimateGas of randomValueFromVRFProof).
contract ChainlinkVRFHarness is VRF {
  function randomValueFromVRFProof(Proof calldata proof, uint256 seed) external view returns (uint256 output) {
    return _randomValueFromVRFProof(proof, seed);
  }
}
