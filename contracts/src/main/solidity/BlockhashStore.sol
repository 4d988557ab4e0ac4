// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBlockhashStore} from "./interfaces/IBlockhashStore.sol";

/**
 * @title Store of block hashes older than the EVM's 256-block BLOCKHASH window
 * @notice Lets the coordinator fulfil requests whose block left the window (oracle outage, long
 * confirmation waits). Anyone may store: a recent hash straight from BLOCKHASH, an older one by
 * presenting the RLP header of block n+1, whose hash is already stored and whose first field is
 * the parent hash (the hash of block n). Walking back header by header reaches any block.
 */
contract BlockhashStore is IBlockhashStore {
  mapping(uint256 blockNumber => bytes32 blockHash) private s_blockhashes;

  event BlockhashStored(uint256 indexed blockNumber, bytes32 blockHash);

  error BlockhashNotInWindow(uint256 blockNumber);
  error UnknownBlockhash(uint256 blockNumber);
  error ChildNotStored(uint256 childNumber);
  error HeaderDoesNotMatchChild(uint256 childNumber);
  error MalformedHeader();

  /// @notice Stores the hash of block `n`, which must be one of the 256 most recent blocks.
  function store(uint256 n) public {
    bytes32 h = blockhash(n);
    if (h == bytes32(0)) revert BlockhashNotInWindow(n);
    _store(n, h);
  }

  /// @notice Stores the oldest hash the EVM still returns, the one about to leave the window.
  function storeEarliest() external {
    store(block.number - 256);
  }

  /**
   * @notice Stores the hash of block `n` from the RLP-encoded header of block n+1.
   * @param header RLP header of block n+1; keccak256(header) must equal the stored hash of n+1
   */
  function storeVerifyHeader(uint256 n, bytes calldata header) external {
    bytes32 childHash = s_blockhashes[n + 1];
    if (childHash == bytes32(0)) revert ChildNotStored(n + 1);
    if (keccak256(header) != childHash) revert HeaderDoesNotMatchChild(n + 1);
    // A header is an RLP list longer than 255 bytes and shorter than 64 KiB (0xf9 + 2 length
    // bytes) whose first item is the 32-byte parent hash (0xa0).
    if (header.length < 36 || header[0] != 0xf9 || header[3] != 0xa0) revert MalformedHeader();
    _store(n, bytes32(header[4:36]));
  }

  function getBlockhash(uint256 n) external view returns (bytes32) {
    bytes32 h = s_blockhashes[n];
    if (h == bytes32(0)) revert UnknownBlockhash(n);
    return h;
  }

  function _store(uint256 n, bytes32 h) private {
    s_blockhashes[n] = h;
    emit BlockhashStored(n, h);
  }
}
