// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {VRFConsumerBase} from "VRFConsumerBase.sol";
import {IVRFCoordinator} from "interfaces/IVRFCoordinator.sol";
import {VRFCoordinator} from "VRFCoordinator.sol";

/// Requests on behalf of the tests; what each consumer does with the words differs.
abstract contract RequestingConsumer is VRFConsumerBase {
  uint256 public lastRequestId;

  constructor(address coordinator) VRFConsumerBase(coordinator) {}

  function request(bytes32 keyHash, uint256 subId, uint16 confirmations, uint32 callbackGasLimit, uint32 numWords)
    external
    returns (uint256 requestId)
  {
    requestId = IVRFCoordinator(vrfCoordinator()).requestRandomWords(keyHash, subId, confirmations, callbackGasLimit, numWords);
    lastRequestId = requestId;
  }
}

/// Does nothing with the words: the gas benchmark's "empty consumer callback".
contract EmptyConsumer is RequestingConsumer {
  constructor(address coordinator) RequestingConsumer(coordinator) {}

  function fulfillRandomWords(uint256, uint256[] calldata) internal override {}
}

/// Keeps the words it received.
contract RecordingConsumer is RequestingConsumer {
  mapping(uint256 requestId => uint256[] words) private s_words;
  uint256 public fulfilments;

  constructor(address coordinator) RequestingConsumer(coordinator) {}

  function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal override {
    s_words[requestId] = randomWords;
    fulfilments++;
  }

  function wordsOf(uint256 requestId) external view returns (uint256[] memory) {
    return s_words[requestId];
  }
}

contract RevertingConsumer is RequestingConsumer {
  constructor(address coordinator) RequestingConsumer(coordinator) {}

  function fulfillRandomWords(uint256, uint256[] calldata) internal pure override {
    revert("consumer reverts");
  }
}

/// Burns every unit of gas it is given.
contract GriefingConsumer is RequestingConsumer {
  uint256 public sink;

  constructor(address coordinator) RequestingConsumer(coordinator) {}

  function fulfillRandomWords(uint256, uint256[] calldata) internal override {
    while (true) {
      sink++;
    }
  }
}

/// Returns a huge return-data blob from its callback (the coordinator must not copy it).
contract ReturnBombConsumer is RequestingConsumer {
  constructor(address coordinator) RequestingConsumer(coordinator) {}

  function fulfillRandomWords(uint256, uint256[] calldata) internal pure override {
    assembly {
      revert(0, 100000)
    }
  }
}

/// From inside its callback, tries to re-enter the coordinator and records what happened.
contract ReentrantConsumer is RequestingConsumer {
  bytes32 public keyHash;
  uint256 public subId;
  bytes4 public requestError;
  bytes4 public cancelError;
  bytes4 public fulfilError;
  bytes4 public withdrawError;
  bool public called;

  constructor(address coordinator) RequestingConsumer(coordinator) {}

  function configure(bytes32 keyHash_, uint256 subId_) external {
    keyHash = keyHash_;
    subId = subId_;
  }

  function fulfillRandomWords(uint256, uint256[] calldata) internal override {
    called = true;
    VRFCoordinator coordinator = VRFCoordinator(vrfCoordinator());
    try coordinator.requestRandomWords(keyHash, subId, 3, 100_000, 1) {} catch (bytes memory reason) {
      requestError = bytes4(reason);
    }
    try coordinator.cancelSubscription(subId, payable(address(this))) {} catch (bytes memory reason) {
      cancelError = bytes4(reason);
    }
    VRFCoordinator.RequestCommitment memory rc;
    try coordinator.fulfillRandomWords(new bytes(400), rc) {} catch (bytes memory reason) {
      fulfilError = bytes4(reason);
    }
    try coordinator.withdraw(payable(address(this))) {} catch (bytes memory reason) {
      withdrawError = bytes4(reason);
    }
  }

  receive() external payable {}
}

/// Not a VRFConsumerBase: records the gas it was given, to check the exact-gas rule.
contract GasRecordingConsumer {
  IVRFCoordinator private immutable i_coordinator;
  uint256 public gasAtEntry;
  uint256 public lastRequestId;

  constructor(address coordinator) {
    i_coordinator = IVRFCoordinator(coordinator);
  }

  function request(bytes32 keyHash, uint256 subId, uint16 confirmations, uint32 callbackGasLimit, uint32 numWords)
    external
    returns (uint256 requestId)
  {
    requestId = i_coordinator.requestRandomWords(keyHash, subId, confirmations, callbackGasLimit, numWords);
    lastRequestId = requestId;
  }

  function rawFulfillRandomWords(uint256, uint256[] calldata) external {
    gasAtEntry = gasleft();
  }
}

/// Cannot receive ether: a refund or payout to it fails.
contract EtherRejector {
  receive() external payable {
    revert("no ether");
  }
}
