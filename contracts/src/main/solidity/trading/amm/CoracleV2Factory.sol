// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IUniswapV2Factory} from "../interfaces/IUniswapV2Factory.sol";
import {CoracleV2Pair} from "./CoracleV2Pair.sol";

/// @title Creates one constant-product pair per token pair (Uniswap V2's factory, without fees to a protocol)
contract CoracleV2Factory is IUniswapV2Factory {
  mapping(address => mapping(address => address)) public getPair;
  address[] public allPairs;

  error IdenticalAddresses();
  error ZeroAddress();
  error PairExists(address pair);

  function allPairsLength() external view returns (uint256) {
    return allPairs.length;
  }

  function createPair(address tokenA, address tokenB) external returns (address pair) {
    if (tokenA == tokenB) revert IdenticalAddresses();
    (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
    if (token0 == address(0)) revert ZeroAddress();
    if (getPair[token0][token1] != address(0)) revert PairExists(getPair[token0][token1]);
    CoracleV2Pair created = new CoracleV2Pair{salt: keccak256(abi.encodePacked(token0, token1))}();
    created.initialize(token0, token1);
    pair = address(created);
    getPair[token0][token1] = pair;
    getPair[token1][token0] = pair;
    allPairs.push(pair);
    emit PairCreated(token0, token1, pair, allPairs.length);
  }
}
