// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @notice A hostile ERC-20 for reentrancy tests: once armed, its next transfer calls `target` with
 * `data` (e.g. the vault's withdraw) from inside the transfer, and records how that call ended.
 */
contract ReentrantToken is ERC20 {
  address public target;
  bytes public payload;
  bool public armed;
  bool public reentryAttempted;
  bool public reentrySucceeded;
  bytes public reentryRevertData;

  constructor() ERC20("Reentrant", "REE") {}

  function mint(address to, uint256 amount) external {
    _mint(to, amount);
  }

  function arm(address target_, bytes calldata payload_) external {
    target = target_;
    payload = payload_;
    armed = true;
    reentryAttempted = false;
    reentrySucceeded = false;
    delete reentryRevertData;
  }

  function _update(address from, address to, uint256 value) internal override {
    super._update(from, to, value);
    if (armed && from != address(0)) {
      armed = false;
      reentryAttempted = true;
      (bool ok, bytes memory data) = target.call(payload);
      reentrySucceeded = ok;
      if (!ok) reentryRevertData = data;
    }
  }
}

/// @notice An ERC-20 that burns 1% of every transfer: the vault must credit what arrives, not what was sent.
contract FeeOnTransferToken is ERC20 {
  constructor() ERC20("Fee on transfer", "FOT") {}

  function mint(address to, uint256 amount) external {
    _mint(to, amount);
  }

  function _update(address from, address to, uint256 value) internal override {
    if (from == address(0) || to == address(0)) {
      super._update(from, to, value);
      return;
    }
    uint256 fee = value / 100;
    super._update(from, address(0), fee);
    super._update(from, to, value - fee);
  }
}
