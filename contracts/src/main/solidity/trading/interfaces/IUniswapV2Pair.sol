// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Uniswap V2's pair interface (without the ERC-20 and permit parts).
interface IUniswapV2Pair {
  event Mint(address indexed sender, uint256 amount0, uint256 amount1);
  event Burn(address indexed sender, uint256 amount0, uint256 amount1, address indexed to);
  event Swap(
    address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to
  );
  /// @notice Emitted whenever the reserves change: the engine's price feed.
  event Sync(uint112 reserve0, uint112 reserve1);

  function factory() external view returns (address);

  function token0() external view returns (address);

  function token1() external view returns (address);

  function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

  function price0CumulativeLast() external view returns (uint256);

  function price1CumulativeLast() external view returns (uint256);

  function mint(address to) external returns (uint256 liquidity);

  function burn(address to) external returns (uint256 amount0, uint256 amount1);

  function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;

  function skim(address to) external;

  function sync() external;
}

/// @notice Flash-swap callback, as in Uniswap V2.
interface IUniswapV2Callee {
  function uniswapV2Call(address sender, uint256 amount0, uint256 amount1, bytes calldata data) external;
}
