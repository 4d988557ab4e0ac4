// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title An ERC-20 for devnets and tests: the owner mints at will. Worth nothing.
contract TestToken is ERC20, Ownable {
  uint8 private immutable _decimals;

  constructor(string memory name_, string memory symbol_, uint8 decimals_, address owner_)
    ERC20(name_, symbol_)
    Ownable(owner_)
  {
    _decimals = decimals_;
  }

  function decimals() public view override returns (uint8) {
    return _decimals;
  }

  function mint(address to, uint256 amount) external onlyOwner {
    _mint(to, amount);
  }
}
