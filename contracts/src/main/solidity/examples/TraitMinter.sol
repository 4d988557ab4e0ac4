// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {VRFConsumerBase} from "../VRFConsumerBase.sol";
import {IVRFCoordinator} from "../interfaces/IVRFCoordinator.sol";

/**
 * @title Example: an ERC-721 whose traits come from verifiable randomness
 * @notice `mint()` mints the token at once and requests one random word; the coordinator's
 * callback reveals the traits. Nobody, the minter, the studio or the oracle operator included,
 * can know or steer the traits before the request is made: the VRF key lives in an attested
 * enclave and the word is checked on-chain. Copy it and change the trait tables.
 */
contract TraitMinter is ERC721, VRFConsumerBase, Ownable2Step {
  struct Traits {
    bool revealed;
    uint8 rarity; // 0 common, 1 rare, 2 epic, 3 legendary
    uint8 background; // 0..7
    uint8 body; // 0..11
    uint8 accessory; // 0..15
  }

  struct VrfSettings {
    bytes32 keyHash;
    uint256 subId;
    uint16 requestConfirmations;
    uint32 callbackGasLimit;
  }

  uint256 public immutable MAX_SUPPLY;
  uint256 public mintPrice;
  uint256 public totalMinted;
  VrfSettings public vrfSettings;

  mapping(uint256 requestId => uint256 tokenIdPlusOne) private s_tokenByRequest;
  mapping(uint256 tokenId => Traits) private s_traits;
  mapping(uint256 tokenId => uint256 requestId) private s_requestOfToken;

  event TraitsRequested(uint256 indexed tokenId, uint256 indexed requestId);
  event TraitsRevealed(uint256 indexed tokenId, uint8 rarity, uint8 background, uint8 body, uint8 accessory);

  error SoldOut();
  error WrongPayment(uint256 sent, uint256 price);
  error UnknownRequest(uint256 requestId);
  error NonexistentToken(uint256 tokenId);

  constructor(address coordinator, address initialOwner, VrfSettings memory settings, uint256 maxSupply, uint256 price)
    ERC721("Coracle Traits", "CTRT")
    VRFConsumerBase(coordinator)
    Ownable(initialOwner)
  {
    vrfSettings = settings;
    MAX_SUPPLY = maxSupply;
    mintPrice = price;
  }

  /// @notice Mints the next token to msg.sender; its traits arrive with the VRF callback.
  function mint() external payable returns (uint256 tokenId, uint256 requestId) {
    if (totalMinted >= MAX_SUPPLY) revert SoldOut();
    if (msg.value != mintPrice) revert WrongPayment(msg.value, mintPrice);
    tokenId = ++totalMinted;
    VrfSettings memory s = vrfSettings;
    requestId = IVRFCoordinator(vrfCoordinator()).requestRandomWords(
      s.keyHash, s.subId, s.requestConfirmations, s.callbackGasLimit, 1
    );
    s_tokenByRequest[requestId] = tokenId + 1;
    s_requestOfToken[tokenId] = requestId;
    emit TraitsRequested(tokenId, requestId);
    _safeMint(msg.sender, tokenId); // last: it may call into the recipient
  }

  function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal override {
    uint256 tokenIdPlusOne = s_tokenByRequest[requestId];
    if (tokenIdPlusOne == 0) revert UnknownRequest(requestId);
    delete s_tokenByRequest[requestId];
    uint256 tokenId = tokenIdPlusOne - 1;
    Traits memory t = traitsFromWord(randomWords[0]);
    s_traits[tokenId] = t;
    emit TraitsRevealed(tokenId, t.rarity, t.background, t.body, t.accessory);
  }

  /// @notice The trait table: independent slices of one uniform 256-bit word.
  function traitsFromWord(uint256 word) public pure returns (Traits memory t) {
    uint256 roll = word % 10_000; // rarity: 1% legendary, 5% epic, 20% rare, 74% common
    t.rarity = roll < 100 ? 3 : roll < 600 ? 2 : roll < 2_600 ? 1 : 0;
    t.background = uint8((word >> 64) % 8);
    t.body = uint8((word >> 128) % 12);
    t.accessory = uint8((word >> 192) % 16);
    t.revealed = true;
  }

  function traitsOf(uint256 tokenId) external view returns (Traits memory) {
    if (_ownerOf(tokenId) == address(0)) revert NonexistentToken(tokenId);
    return s_traits[tokenId];
  }

  function requestOf(uint256 tokenId) external view returns (uint256) {
    if (_ownerOf(tokenId) == address(0)) revert NonexistentToken(tokenId);
    return s_requestOfToken[tokenId];
  }

  function tokenURI(uint256 tokenId) public view override returns (string memory) {
    _requireOwned(tokenId);
    Traits memory t = s_traits[tokenId];
    string memory attributes = t.revealed
      ? string.concat(
        '[{"trait_type":"rarity","value":', Strings.toString(t.rarity),
        '},{"trait_type":"background","value":', Strings.toString(t.background),
        '},{"trait_type":"body","value":', Strings.toString(t.body),
        '},{"trait_type":"accessory","value":', Strings.toString(t.accessory), "}]"
      )
      : '[{"trait_type":"status","value":"unrevealed"}]';
    string memory json = string.concat(
      '{"name":"Coracle Traits #', Strings.toString(tokenId), '","attributes":', attributes, "}"
    );
    return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
  }

  function setVrfSettings(VrfSettings calldata settings) external onlyOwner {
    vrfSettings = settings;
  }

  function setMintPrice(uint256 price) external onlyOwner {
    mintPrice = price;
  }

  function withdrawProceeds(address payable to) external onlyOwner {
    (bool ok,) = to.call{value: address(this).balance}("");
    require(ok, "transfer failed");
  }
}
