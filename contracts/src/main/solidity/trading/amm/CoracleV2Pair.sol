// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV2Pair, IUniswapV2Callee} from "../interfaces/IUniswapV2Pair.sol";

/**
 * @title Constant-product pair with Uniswap V2's rules (devnet and tests)
 * @notice x * y = k with a 0.3% fee on the input, MINIMUM_LIQUIDITY locked on the first mint,
 * reserves in uint112, cumulative prices for TWAP oracles, flash swaps, skim and sync, and the
 * same events (Sync after every reserve change). Written for Solidity 0.8 (checked arithmetic, no
 * SafeMath); no protocol fee switch. The liquidity token is a plain ERC-20 (no permit).
 */
contract CoracleV2Pair is IUniswapV2Pair, ERC20 {
  using SafeERC20 for IERC20;

  uint256 public constant MINIMUM_LIQUIDITY = 1000;
  /// @dev ERC-20 refuses mints to address(0): the locked first liquidity goes to a dead address.
  address private constant DEAD = 0x000000000000000000000000000000000000dEaD;

  address public immutable factory;
  address public token0;
  address public token1;

  uint112 private reserve0;
  uint112 private reserve1;
  uint32 private blockTimestampLast;

  uint256 public price0CumulativeLast;
  uint256 public price1CumulativeLast;

  uint256 private unlocked = 1;

  error Locked();
  error Forbidden();
  error InsufficientLiquidityMinted();
  error InsufficientLiquidityBurned();
  error InsufficientOutputAmount();
  error InsufficientInputAmount();
  error InsufficientLiquidity();
  error InvalidTo();
  error KInvariant();
  error Overflow();

  modifier lock() {
    if (unlocked != 1) revert Locked();
    unlocked = 0;
    _;
    unlocked = 1;
  }

  constructor() ERC20("Coracle V2 LP", "CORA-V2") {
    factory = msg.sender;
  }

  /// @notice Called once by the factory at deployment.
  function initialize(address _token0, address _token1) external {
    if (msg.sender != factory || token0 != address(0)) revert Forbidden();
    token0 = _token0;
    token1 = _token1;
  }

  function getReserves() public view returns (uint112 _reserve0, uint112 _reserve1, uint32 _blockTimestampLast) {
    return (reserve0, reserve1, blockTimestampLast);
  }

  function _update(uint256 balance0, uint256 balance1, uint112 _reserve0, uint112 _reserve1) private {
    if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert Overflow();
    uint32 blockTimestamp = uint32(block.timestamp % 2 ** 32);
    unchecked {
      uint32 timeElapsed = blockTimestamp - blockTimestampLast; // overflow is desired
      if (timeElapsed > 0 && _reserve0 != 0 && _reserve1 != 0) {
        // UQ112x112 prices, accumulated with wrap-around as Uniswap V2 does
        price0CumulativeLast += ((uint256(_reserve1) << 112) / _reserve0) * timeElapsed;
        price1CumulativeLast += ((uint256(_reserve0) << 112) / _reserve1) * timeElapsed;
      }
    }
    reserve0 = uint112(balance0);
    reserve1 = uint112(balance1);
    blockTimestampLast = blockTimestamp;
    emit Sync(reserve0, reserve1);
  }

  function mint(address to) external lock returns (uint256 liquidity) {
    (uint112 _reserve0, uint112 _reserve1,) = getReserves();
    uint256 balance0 = IERC20(token0).balanceOf(address(this));
    uint256 balance1 = IERC20(token1).balanceOf(address(this));
    uint256 amount0 = balance0 - _reserve0;
    uint256 amount1 = balance1 - _reserve1;
    uint256 _totalSupply = totalSupply();
    if (_totalSupply == 0) {
      liquidity = Math.sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY;
      _mint(DEAD, MINIMUM_LIQUIDITY);
    } else {
      liquidity = Math.min((amount0 * _totalSupply) / _reserve0, (amount1 * _totalSupply) / _reserve1);
    }
    if (liquidity == 0) revert InsufficientLiquidityMinted();
    _mint(to, liquidity);
    _update(balance0, balance1, _reserve0, _reserve1);
    emit Mint(msg.sender, amount0, amount1);
  }

  function burn(address to) external lock returns (uint256 amount0, uint256 amount1) {
    (uint112 _reserve0, uint112 _reserve1,) = getReserves();
    address _token0 = token0;
    address _token1 = token1;
    uint256 balance0 = IERC20(_token0).balanceOf(address(this));
    uint256 balance1 = IERC20(_token1).balanceOf(address(this));
    uint256 liquidity = balanceOf(address(this));
    uint256 _totalSupply = totalSupply();
    amount0 = (liquidity * balance0) / _totalSupply;
    amount1 = (liquidity * balance1) / _totalSupply;
    if (amount0 == 0 || amount1 == 0) revert InsufficientLiquidityBurned();
    _burn(address(this), liquidity);
    IERC20(_token0).safeTransfer(to, amount0);
    IERC20(_token1).safeTransfer(to, amount1);
    balance0 = IERC20(_token0).balanceOf(address(this));
    balance1 = IERC20(_token1).balanceOf(address(this));
    _update(balance0, balance1, _reserve0, _reserve1);
    emit Burn(msg.sender, amount0, amount1, to);
  }

  function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external lock {
    if (amount0Out == 0 && amount1Out == 0) revert InsufficientOutputAmount();
    (uint112 _reserve0, uint112 _reserve1,) = getReserves();
    if (amount0Out >= _reserve0 || amount1Out >= _reserve1) revert InsufficientLiquidity();
    uint256 balance0;
    uint256 balance1;
    {
      address _token0 = token0;
      address _token1 = token1;
      if (to == _token0 || to == _token1) revert InvalidTo();
      if (amount0Out > 0) IERC20(_token0).safeTransfer(to, amount0Out); // optimistic transfer
      if (amount1Out > 0) IERC20(_token1).safeTransfer(to, amount1Out);
      if (data.length > 0) IUniswapV2Callee(to).uniswapV2Call(msg.sender, amount0Out, amount1Out, data);
      balance0 = IERC20(_token0).balanceOf(address(this));
      balance1 = IERC20(_token1).balanceOf(address(this));
    }
    uint256 amount0In = balance0 > _reserve0 - amount0Out ? balance0 - (_reserve0 - amount0Out) : 0;
    uint256 amount1In = balance1 > _reserve1 - amount1Out ? balance1 - (_reserve1 - amount1Out) : 0;
    if (amount0In == 0 && amount1In == 0) revert InsufficientInputAmount();
    {
      // the 0.3% fee: the invariant must hold on the balances less 0.3% of the input
      uint256 balance0Adjusted = balance0 * 1000 - amount0In * 3;
      uint256 balance1Adjusted = balance1 * 1000 - amount1In * 3;
      if (balance0Adjusted * balance1Adjusted < uint256(_reserve0) * uint256(_reserve1) * 1000 ** 2) revert KInvariant();
    }
    _update(balance0, balance1, _reserve0, _reserve1);
    emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
  }

  /// @notice Sends tokens above the reserves to `to`.
  function skim(address to) external lock {
    address _token0 = token0;
    address _token1 = token1;
    IERC20(_token0).safeTransfer(to, IERC20(_token0).balanceOf(address(this)) - reserve0);
    IERC20(_token1).safeTransfer(to, IERC20(_token1).balanceOf(address(this)) - reserve1);
  }

  /// @notice Sets the reserves to the balances.
  function sync() external lock {
    _update(IERC20(token0).balanceOf(address(this)), IERC20(token1).balanceOf(address(this)), reserve0, reserve1);
  }
}
