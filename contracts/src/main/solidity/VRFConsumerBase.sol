// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/**
 * @title Base contract for consumers of Coracle verifiable randomness
 * @notice Inherit it, call `IVRFCoordinator(coordinator).requestRandomWords(...)` from a function
 * of yours (this contract must be a consumer of the subscription), and implement
 * `fulfillRandomWords`. Only the coordinator can deliver words.
 *
 * Rules of thumb (the same hold for any VRF):
 * - Do not let anything a user can still change after the request (bets, entries, the choice of
 *   which request to act on) depend on the outcome: freeze inputs when you request.
 * - Do not re-request on failure or timeout for the same draw: whoever can delay or make a
 *   fulfilment fail could then pick between outcomes. Refund instead (see examples/Lottery.sol).
 * - Keep fulfillRandomWords cheap and non-reverting: it runs with exactly the callbackGasLimit you
 *   asked for, and if it reverts the words are lost to you (the fulfilment still succeeds and is
 *   paid for).
 */
abstract contract VRFConsumerBase {
  error OnlyCoordinatorCanFulfill(address have, address want);

  address private immutable i_vrfCoordinator;

  constructor(address vrfCoordinator_) {
    i_vrfCoordinator = vrfCoordinator_;
  }

  /// @notice Called by the coordinator only; forwards to fulfillRandomWords.
  function rawFulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) external {
    if (msg.sender != i_vrfCoordinator) revert OnlyCoordinatorCanFulfill(msg.sender, i_vrfCoordinator);
    fulfillRandomWords(requestId, randomWords);
  }

  function vrfCoordinator() public view returns (address) {
    return i_vrfCoordinator;
  }

  /// @param randomWords randomWords[i] = uint256(keccak256(abi.encode(beta, i))), beta the verified VRF output
  function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal virtual;
}
