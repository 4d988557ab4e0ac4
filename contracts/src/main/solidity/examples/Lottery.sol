// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {VRFConsumerBase} from "../VRFConsumerBase.sol";
import {IVRFCoordinator} from "../interfaces/IVRFCoordinator.sol";

/**
 * @title Example: a lottery drawn with verifiable randomness
 * @notice Players buy tickets while a round is open. After it closes anyone may call `draw()`,
 * which freezes the ticket list and requests one random word; the callback picks the winner
 * (ticket index = word mod tickets) and credits the whole pot. If the draw is not fulfilled
 * within `drawTimeout` seconds, anyone may abandon it and every player reclaims their tickets'
 * price: the draw is never re-requested, so nobody who could delay a fulfilment can choose
 * between outcomes. Payouts are pulled (`withdraw`), never pushed.
 */
contract Lottery is VRFConsumerBase, Ownable2Step, ReentrancyGuard {
  enum RoundState {
    Open,
    Drawing,
    Paid,
    Refunding
  }

  struct Round {
    RoundState state;
    uint64 closesAt;
    uint64 drawRequestedAt;
    address winner;
    uint256 requestId;
    uint256 pot;
  }

  struct VrfSettings {
    bytes32 keyHash;
    uint256 subId;
    uint16 requestConfirmations;
    uint32 callbackGasLimit;
  }

  uint256 public constant MAX_TICKETS_PER_PURCHASE = 100;
  uint256 public immutable TICKET_PRICE;
  uint64 public immutable ROUND_DURATION;
  uint64 public immutable DRAW_TIMEOUT;

  VrfSettings public vrfSettings;
  uint256 public currentRound;
  mapping(uint256 roundId => Round) private s_rounds;
  mapping(uint256 roundId => address[]) private s_tickets;
  mapping(uint256 roundId => mapping(address player => uint256 count)) private s_ticketsOf;
  mapping(uint256 requestId => uint256 roundIdPlusOne) private s_roundByRequest;
  mapping(address => uint256) public pendingWithdrawals;

  event RoundOpened(uint256 indexed roundId, uint64 closesAt);
  event TicketsBought(uint256 indexed roundId, address indexed player, uint256 count);
  event DrawRequested(uint256 indexed roundId, uint256 indexed requestId);
  event WinnerDrawn(uint256 indexed roundId, address indexed winner, uint256 ticketIndex, uint256 prize);
  event DrawAbandoned(uint256 indexed roundId);
  event RefundClaimed(uint256 indexed roundId, address indexed player, uint256 amount);
  event Withdrawn(address indexed player, uint256 amount);

  error RoundNotOpen(uint256 roundId);
  error RoundStillOpen(uint64 closesAt);
  error RoundClosed(uint64 closesAt);
  error WrongPayment(uint256 sent, uint256 expected);
  error InvalidTicketCount(uint256 count);
  error NotDrawing(uint256 roundId);
  error DrawNotTimedOut(uint64 drawRequestedAt, uint64 drawTimeout);
  error NotRefunding(uint256 roundId);
  error NothingToClaim();

  constructor(
    address coordinator,
    address initialOwner,
    VrfSettings memory settings,
    uint256 ticketPrice,
    uint64 roundDuration,
    uint64 drawTimeout
  ) VRFConsumerBase(coordinator) Ownable(initialOwner) {
    vrfSettings = settings;
    TICKET_PRICE = ticketPrice;
    ROUND_DURATION = roundDuration;
    DRAW_TIMEOUT = drawTimeout;
    _openRound(0);
  }

  function buyTickets(uint256 count) external payable {
    uint256 roundId = currentRound;
    Round storage round = s_rounds[roundId];
    if (round.state != RoundState.Open) revert RoundNotOpen(roundId);
    if (block.timestamp >= round.closesAt) revert RoundClosed(round.closesAt);
    if (count == 0 || count > MAX_TICKETS_PER_PURCHASE) revert InvalidTicketCount(count);
    if (msg.value != count * TICKET_PRICE) revert WrongPayment(msg.value, count * TICKET_PRICE);
    for (uint256 i = 0; i < count; i++) {
      s_tickets[roundId].push(msg.sender);
    }
    s_ticketsOf[roundId][msg.sender] += count;
    round.pot += msg.value;
    emit TicketsBought(roundId, msg.sender, count);
  }

  /// @notice Anyone, once the round has closed. A round without tickets simply reopens.
  function draw() external returns (uint256 requestId) {
    uint256 roundId = currentRound;
    Round storage round = s_rounds[roundId];
    if (round.state != RoundState.Open) revert RoundNotOpen(roundId);
    if (block.timestamp < round.closesAt) revert RoundStillOpen(round.closesAt);
    if (s_tickets[roundId].length == 0) {
      round.closesAt = uint64(block.timestamp) + ROUND_DURATION;
      emit RoundOpened(roundId, round.closesAt);
      return 0;
    }
    VrfSettings memory s = vrfSettings;
    requestId = IVRFCoordinator(vrfCoordinator()).requestRandomWords(
      s.keyHash, s.subId, s.requestConfirmations, s.callbackGasLimit, 1
    );
    round.state = RoundState.Drawing;
    round.drawRequestedAt = uint64(block.timestamp);
    round.requestId = requestId;
    s_roundByRequest[requestId] = roundId + 1;
    emit DrawRequested(roundId, requestId);
  }

  function fulfillRandomWords(uint256 requestId, uint256[] calldata randomWords) internal override {
    uint256 roundIdPlusOne = s_roundByRequest[requestId];
    if (roundIdPlusOne == 0) return;
    uint256 roundId = roundIdPlusOne - 1;
    Round storage round = s_rounds[roundId];
    if (round.state != RoundState.Drawing) return; // abandoned meanwhile: refunds stand
    delete s_roundByRequest[requestId];
    address[] storage tickets = s_tickets[roundId];
    uint256 index = randomWords[0] % tickets.length;
    address winner = tickets[index];
    round.state = RoundState.Paid;
    round.winner = winner;
    pendingWithdrawals[winner] += round.pot;
    emit WinnerDrawn(roundId, winner, index, round.pot);
    _openRound(roundId + 1);
  }

  /// @notice Anyone, when a draw has waited longer than DRAW_TIMEOUT: the round's players reclaim.
  function abandonDraw() external {
    uint256 roundId = currentRound;
    Round storage round = s_rounds[roundId];
    if (round.state != RoundState.Drawing) revert NotDrawing(roundId);
    if (block.timestamp <= round.drawRequestedAt + DRAW_TIMEOUT) revert DrawNotTimedOut(round.drawRequestedAt, DRAW_TIMEOUT);
    round.state = RoundState.Refunding;
    emit DrawAbandoned(roundId);
    _openRound(roundId + 1);
  }

  function claimRefund(uint256 roundId) external {
    if (s_rounds[roundId].state != RoundState.Refunding) revert NotRefunding(roundId);
    uint256 amount = s_ticketsOf[roundId][msg.sender] * TICKET_PRICE;
    if (amount == 0) revert NothingToClaim();
    s_ticketsOf[roundId][msg.sender] = 0;
    pendingWithdrawals[msg.sender] += amount;
    emit RefundClaimed(roundId, msg.sender, amount);
  }

  function withdraw() external nonReentrant {
    uint256 amount = pendingWithdrawals[msg.sender];
    if (amount == 0) revert NothingToClaim();
    pendingWithdrawals[msg.sender] = 0;
    emit Withdrawn(msg.sender, amount);
    (bool ok,) = payable(msg.sender).call{value: amount}("");
    require(ok, "transfer failed");
  }

  function setVrfSettings(VrfSettings calldata settings) external onlyOwner {
    vrfSettings = settings;
  }

  function getRound(uint256 roundId) external view returns (Round memory) {
    return s_rounds[roundId];
  }

  function ticketCount(uint256 roundId) external view returns (uint256) {
    return s_tickets[roundId].length;
  }

  function ticketsOf(uint256 roundId, address player) external view returns (uint256) {
    return s_ticketsOf[roundId][player];
  }

  function _openRound(uint256 roundId) private {
    currentRound = roundId;
    uint64 closesAt = uint64(block.timestamp) + ROUND_DURATION;
    s_rounds[roundId].closesAt = closesAt;
    emit RoundOpened(roundId, closesAt);
  }
}
