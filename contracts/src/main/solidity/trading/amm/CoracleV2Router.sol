// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IUniswapV2Router} from "../interfaces/IUniswapV2Router.sol";
import {IUniswapV2Factory} from "../interfaces/IUniswapV2Factory.sol";
import {IUniswapV2Pair} from "../interfaces/IUniswapV2Pair.sol";

/**
 * @title Router for CoracleV2 pairs with Uniswap V2 Router02's token-to-token interface
 * @notice Same arithmetic as UniswapV2Library (0.3% fee: amountOut = in*997*rOut / (rIn*1000 + in*997)),
 * same deadline and slippage semantics. Pairs are looked up in the factory rather than derived
 * from an init-code hash, so any factory with `getPair` works.
 */
contract CoracleV2Router is IUniswapV2Router {
  using SafeERC20 for IERC20;

  address public immutable factory;

  error Expired(uint256 deadline, uint256 timestamp);
  error InsufficientOutputAmount(uint256 amountOut, uint256 amountOutMin);
  error ExcessiveInputAmount(uint256 amountIn, uint256 amountInMax);
  error InsufficientAAmount();
  error InsufficientBAmount();
  error InsufficientAmount();
  error InsufficientInputAmount();
  error InsufficientLiquidity();
  error InvalidPath();
  error PairNotFound(address tokenA, address tokenB);

  modifier ensure(uint256 deadline) {
    if (deadline < block.timestamp) revert Expired(deadline, block.timestamp);
    _;
  }

  constructor(address _factory) {
    factory = _factory;
  }

  // ---------------------------------------------------------------- liquidity

  function _addLiquidity(
    address tokenA,
    address tokenB,
    uint256 amountADesired,
    uint256 amountBDesired,
    uint256 amountAMin,
    uint256 amountBMin
  ) private returns (uint256 amountA, uint256 amountB) {
    if (IUniswapV2Factory(factory).getPair(tokenA, tokenB) == address(0)) {
      IUniswapV2Factory(factory).createPair(tokenA, tokenB);
    }
    (uint256 reserveA, uint256 reserveB) = getReserves(tokenA, tokenB);
    if (reserveA == 0 && reserveB == 0) {
      (amountA, amountB) = (amountADesired, amountBDesired);
    } else {
      uint256 amountBOptimal = quote(amountADesired, reserveA, reserveB);
      if (amountBOptimal <= amountBDesired) {
        if (amountBOptimal < amountBMin) revert InsufficientBAmount();
        (amountA, amountB) = (amountADesired, amountBOptimal);
      } else {
        uint256 amountAOptimal = quote(amountBDesired, reserveB, reserveA);
        if (amountAOptimal > amountADesired || amountAOptimal < amountAMin) revert InsufficientAAmount();
        (amountA, amountB) = (amountAOptimal, amountBDesired);
      }
    }
  }

  function addLiquidity(
    address tokenA,
    address tokenB,
    uint256 amountADesired,
    uint256 amountBDesired,
    uint256 amountAMin,
    uint256 amountBMin,
    address to,
    uint256 deadline
  ) external ensure(deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity) {
    (amountA, amountB) = _addLiquidity(tokenA, tokenB, amountADesired, amountBDesired, amountAMin, amountBMin);
    liquidity = _depositAndMint(tokenA, tokenB, amountA, amountB, to);
  }

  function _depositAndMint(address tokenA, address tokenB, uint256 amountA, uint256 amountB, address to)
    private
    returns (uint256 liquidity)
  {
    address pair = pairFor(tokenA, tokenB);
    IERC20(tokenA).safeTransferFrom(msg.sender, pair, amountA);
    IERC20(tokenB).safeTransferFrom(msg.sender, pair, amountB);
    liquidity = IUniswapV2Pair(pair).mint(to);
  }

  function removeLiquidity(
    address tokenA,
    address tokenB,
    uint256 liquidity,
    uint256 amountAMin,
    uint256 amountBMin,
    address to,
    uint256 deadline
  ) external ensure(deadline) returns (uint256 amountA, uint256 amountB) {
    address pair = pairFor(tokenA, tokenB);
    IERC20(pair).safeTransferFrom(msg.sender, pair, liquidity);
    (uint256 amount0, uint256 amount1) = IUniswapV2Pair(pair).burn(to);
    (address token0,) = sortTokens(tokenA, tokenB);
    (amountA, amountB) = tokenA == token0 ? (amount0, amount1) : (amount1, amount0);
    if (amountA < amountAMin) revert InsufficientAAmount();
    if (amountB < amountBMin) revert InsufficientBAmount();
  }

  // ---------------------------------------------------------------- swaps

  function swapExactTokensForTokens(
    uint256 amountIn,
    uint256 amountOutMin,
    address[] calldata path,
    address to,
    uint256 deadline
  ) external ensure(deadline) returns (uint256[] memory amounts) {
    amounts = getAmountsOut(amountIn, path);
    if (amounts[amounts.length - 1] < amountOutMin) revert InsufficientOutputAmount(amounts[amounts.length - 1], amountOutMin);
    IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amounts[0]);
    _swap(amounts, path, to);
  }

  function swapTokensForExactTokens(
    uint256 amountOut,
    uint256 amountInMax,
    address[] calldata path,
    address to,
    uint256 deadline
  ) external ensure(deadline) returns (uint256[] memory amounts) {
    amounts = getAmountsIn(amountOut, path);
    if (amounts[0] > amountInMax) revert ExcessiveInputAmount(amounts[0], amountInMax);
    IERC20(path[0]).safeTransferFrom(msg.sender, pairFor(path[0], path[1]), amounts[0]);
    _swap(amounts, path, to);
  }

  function _swap(uint256[] memory amounts, address[] calldata path, address _to) private {
    for (uint256 i; i < path.length - 1; i++) {
      (address input, address output) = (path[i], path[i + 1]);
      (address token0,) = sortTokens(input, output);
      uint256 amountOut = amounts[i + 1];
      (uint256 amount0Out, uint256 amount1Out) = input == token0 ? (uint256(0), amountOut) : (amountOut, uint256(0));
      address to = i < path.length - 2 ? pairFor(output, path[i + 2]) : _to;
      IUniswapV2Pair(pairFor(input, output)).swap(amount0Out, amount1Out, to, new bytes(0));
    }
  }

  // ---------------------------------------------------------------- library (UniswapV2Library)

  function sortTokens(address tokenA, address tokenB) internal pure returns (address token0, address token1) {
    if (tokenA == tokenB) revert InvalidPath();
    (token0, token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
  }

  function pairFor(address tokenA, address tokenB) internal view returns (address pair) {
    pair = IUniswapV2Factory(factory).getPair(tokenA, tokenB);
    if (pair == address(0)) revert PairNotFound(tokenA, tokenB);
  }

  function getReserves(address tokenA, address tokenB) internal view returns (uint256 reserveA, uint256 reserveB) {
    (address token0,) = sortTokens(tokenA, tokenB);
    (uint256 reserve0, uint256 reserve1,) = IUniswapV2Pair(pairFor(tokenA, tokenB)).getReserves();
    (reserveA, reserveB) = tokenA == token0 ? (reserve0, reserve1) : (reserve1, reserve0);
  }

  function quote(uint256 amountA, uint256 reserveA, uint256 reserveB) public pure returns (uint256 amountB) {
    if (amountA == 0) revert InsufficientAmount();
    if (reserveA == 0 || reserveB == 0) revert InsufficientLiquidity();
    amountB = (amountA * reserveB) / reserveA;
  }

  function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256 amountOut) {
    if (amountIn == 0) revert InsufficientInputAmount();
    if (reserveIn == 0 || reserveOut == 0) revert InsufficientLiquidity();
    uint256 amountInWithFee = amountIn * 997;
    amountOut = (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
  }

  function getAmountIn(uint256 amountOut, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256 amountIn) {
    if (amountOut == 0) revert InsufficientOutputAmount(0, 1);
    if (reserveIn == 0 || reserveOut <= amountOut) revert InsufficientLiquidity();
    amountIn = (reserveIn * amountOut * 1000) / ((reserveOut - amountOut) * 997) + 1;
  }

  function getAmountsOut(uint256 amountIn, address[] calldata path) public view returns (uint256[] memory amounts) {
    if (path.length < 2) revert InvalidPath();
    amounts = new uint256[](path.length);
    amounts[0] = amountIn;
    for (uint256 i; i < path.length - 1; i++) {
      (uint256 reserveIn, uint256 reserveOut) = getReserves(path[i], path[i + 1]);
      amounts[i + 1] = getAmountOut(amounts[i], reserveIn, reserveOut);
    }
  }

  function getAmountsIn(uint256 amountOut, address[] calldata path) public view returns (uint256[] memory amounts) {
    if (path.length < 2) revert InvalidPath();
    amounts = new uint256[](path.length);
    amounts[amounts.length - 1] = amountOut;
    for (uint256 i = path.length - 1; i > 0; i--) {
      (uint256 reserveIn, uint256 reserveOut) = getReserves(path[i - 1], path[i]);
      amounts[i - 1] = getAmountIn(amounts[i], reserveIn, reserveOut);
    }
  }
}
