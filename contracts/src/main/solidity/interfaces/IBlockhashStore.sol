// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

interface IBlockhashStore {
  /// @notice The stored hash of block `n`; reverts when the store does not know it.
  function getBlockhash(uint256 n) external view returns (bytes32);
}
