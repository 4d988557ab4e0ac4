// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice The part of the coordinator a consumer contract calls.
interface IVRFCoordinator {
  /**
   * @notice Requests `numWords` random words, delivered later to msg.sender's
   * rawFulfillRandomWords(requestId, randomWords) with exactly `callbackGasLimit` gas.
   * @param keyHash the proving key (keccak256 of its 33-byte compressed SEC1 encoding)
   * @param subId a subscription that has msg.sender as consumer and enough unreserved balance
   * @param requestConfirmations blocks the oracle waits before answering (config minimum..200)
   * @param callbackGasLimit gas for the callback (at most the configured maximum)
   * @param numWords 1..the configured maximum (at most 500)
   */
  function requestRandomWords(
    bytes32 keyHash,
    uint256 subId,
    uint16 requestConfirmations,
    uint32 callbackGasLimit,
    uint32 numWords
  ) external returns (uint256 requestId);

  function createSubscription() external payable returns (uint256 subId);

  function fundSubscription(uint256 subId) external payable;

  function addConsumer(uint256 subId, address consumer) external;

  function removeConsumer(uint256 subId, address consumer) external;
}
