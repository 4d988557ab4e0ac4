// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Uniswap V2's factory interface (the part routers and the vault use).
interface IUniswapV2Factory {
  event PairCreated(address indexed token0, address indexed token1, address pair, uint256);

  function getPair(address tokenA, address tokenB) external view returns (address pair);

  function allPairs(uint256) external view returns (address pair);

  function allPairsLength() external view returns (uint256);

  function createPair(address tokenA, address tokenB) external returns (address pair);
}
