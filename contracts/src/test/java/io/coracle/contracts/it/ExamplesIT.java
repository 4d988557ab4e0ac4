package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.RandomnessRequest;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.Lottery;
import io.coracle.contracts.generated.TraitMinter;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The two examples users copy, driven end to end through a real fulfilment. */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesIT {
  private static final BigInteger TICKET = BigInteger.TEN.pow(16);
  private World world;
  private Chain chain;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    world = World.deploy(chain);
    // the deployer wired TraitMinter to the example subscription; fund it and point it at the key
    world.coordinator(world.owner).fundSubscription(world.set.exampleSubscriptionId(), World.ONE_ETHER).send();
    traitMinter(world.owner).setVrfSettings(new TraitMinter.VrfSettings(world.keyHash, world.set.exampleSubscriptionId(),
        BigInteger.valueOf(3), BigInteger.valueOf(200_000))).send();
  }

  private TraitMinter traitMinter(Credentials as) {
    return TraitMinter.load(world.set.traitMinter(), chain.web3j, chain.tm(as), Chain.gas());
  }

  private RandomnessRequest requestIn(TransactionReceipt receipt) {
    chain.node.mine(1);
    return World.requestIn(receipt);
  }

  @Test
  void traitMinterRevealsTraitsFromTheVerifiedWord() throws Exception {
    TraitMinter asUser = traitMinter(world.user);
    TransactionReceipt minted = asUser.mint(BigInteger.ZERO).send();
    RandomnessRequest r = requestIn(minted);
    BigInteger tokenId = TraitMinter.getTraitsRequestedEvents(minted).get(0).tokenId;
    assertThat(asUser.ownerOf(tokenId).send()).isEqualToIgnoringCase(world.user.getAddress());
    assertThat(asUser.traitsOf(tokenId).send().revealed).isFalse();
    assertThat(json(asUser.tokenURI(tokenId).send())).contains("unrevealed");
    assertThat(asUser.requestOf(tokenId).send()).isEqualTo(r.requestId());

    VrfProofCalldata proof = world.proofFor(r);
    assertThat(World.fulfilledIn(world.fulfil(proof.proof(), r, 3_000_000)).success).isTrue();
    BigInteger word = VrfProofCalldata.randomWords(World.ECVRF.proofToHash(proof.pi()).value(), 1).get(0);
    TraitMinter.Traits traits = asUser.traitsOf(tokenId).send();
    TraitMinter.Traits expected = asUser.traitsFromWord(word).send();
    assertThat(traits.revealed).isTrue();
    assertThat(List.of(traits.rarity, traits.background, traits.body, traits.accessory))
        .isEqualTo(List.of(expected.rarity, expected.background, expected.body, expected.accessory));
    assertThat(json(asUser.tokenURI(tokenId).send())).contains("\"trait_type\":\"body\",\"value\":" + traits.body);
  }

  @Test
  void onlyTheCoordinatorDeliversAndMintsArePaid() throws Exception {
    TraitMinter asStranger = traitMinter(world.stranger);
    String data = asStranger.rawFulfillRandomWords(BigInteger.ONE, List.of(BigInteger.TWO)).encodeFunctionCall();
    assertThat(chain.revertSelector(world.stranger.getAddress(), world.set.traitMinter(), data))
        .isEqualTo(selector("OnlyCoordinatorCanFulfill(address,address)"));
    traitMinter(world.owner).setMintPrice(TICKET).send();
    assertThat(chain.revertSelector(world.user.getAddress(), world.set.traitMinter(), asStranger.mint(BigInteger.ZERO).encodeFunctionCall()))
        .isEqualTo(selector("WrongPayment(uint256,uint256)"));
  }

  private Lottery deployLottery(long roundSeconds, long drawTimeout) throws Exception {
    Lottery lottery = Lottery.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator(), world.user.getAddress(),
        new Lottery.VrfSettings(world.keyHash, world.subId, BigInteger.valueOf(3), BigInteger.valueOf(200_000)), TICKET,
        BigInteger.valueOf(roundSeconds), BigInteger.valueOf(drawTimeout)).send();
    world.addConsumer(lottery.getContractAddress());
    return lottery;
  }

  private Lottery as(Lottery lottery, Credentials who) {
    return Lottery.load(lottery.getContractAddress(), chain.web3j, chain.tm(who), Chain.gas());
  }

  @Test
  void lotteryPaysTheWinnerTheVerifiedWordPicks() throws Exception {
    Lottery lottery = deployLottery(60, 600);
    Credentials alice = chain.account(8);
    Credentials bob = chain.account(9);
    as(lottery, alice).buyTickets(BigInteger.ONE, TICKET).send();
    as(lottery, bob).buyTickets(BigInteger.valueOf(3), TICKET.multiply(BigInteger.valueOf(3))).send();
    assertThat(chain.revertSelector(alice.getAddress(), lottery.getContractAddress(), as(lottery, alice).draw().encodeFunctionCall()))
        .isEqualTo(selector("RoundStillOpen(uint64)"));
    chain.node.increaseTime(61);
    assertThat(chain.revertSelector(alice.getAddress(), lottery.getContractAddress(),
        as(lottery, alice).buyTickets(BigInteger.ONE, TICKET).encodeFunctionCall())).isEqualTo(selector("RoundClosed(uint64)"));
    RandomnessRequest r = requestIn(as(lottery, world.stranger).draw().send());
    VrfProofCalldata proof = world.proofFor(r);
    TransactionReceipt fulfilled = world.fulfil(proof.proof(), r, 3_000_000);
    assertThat(World.fulfilledIn(fulfilled).success).isTrue();
    BigInteger word = VrfProofCalldata.randomWords(World.ECVRF.proofToHash(proof.pi()).value(), 1).get(0);
    int index = word.mod(BigInteger.valueOf(4)).intValue();
    Credentials winner = index == 0 ? alice : bob;
    var drawn = Lottery.getWinnerDrawnEvents(fulfilled).get(0);
    assertThat(drawn.winner).isEqualToIgnoringCase(winner.getAddress());
    assertThat(drawn.ticketIndex.intValue()).isEqualTo(index);
    BigInteger pot = TICKET.multiply(BigInteger.valueOf(4));
    assertThat(lottery.pendingWithdrawals(winner.getAddress()).send()).isEqualTo(pot);
    assertThat(lottery.currentRound().send()).isEqualTo(BigInteger.ONE);
    BigInteger before = chain.balance(winner.getAddress());
    TransactionReceipt withdrawal = as(lottery, winner).withdraw().send();
    BigInteger fee = withdrawal.getGasUsed().multiply(Chain.GAS_PRICE);
    assertThat(chain.balance(winner.getAddress())).isEqualTo(before.add(pot).subtract(fee));
  }

  @Test
  void anUnfulfilledDrawIsRefundedAndNeverRedrawn() throws Exception {
    Lottery lottery = deployLottery(60, 600);
    Credentials alice = chain.account(8);
    as(lottery, alice).buyTickets(BigInteger.TWO, TICKET.multiply(BigInteger.TWO)).send();
    chain.node.increaseTime(61);
    RandomnessRequest r = requestIn(as(lottery, alice).draw().send());
    assertThat(chain.revertSelector(alice.getAddress(), lottery.getContractAddress(), as(lottery, alice).abandonDraw().encodeFunctionCall()))
        .isEqualTo(selector("DrawNotTimedOut(uint64,uint64)"));
    assertThat(chain.revertSelector(alice.getAddress(), lottery.getContractAddress(), as(lottery, alice).draw().encodeFunctionCall()))
        .isEqualTo(selector("RoundNotOpen(uint256)"));
    chain.node.increaseTime(601);
    as(lottery, world.stranger).abandonDraw().send();
    assertThat(lottery.getRound(BigInteger.ZERO).send().state).isEqualTo(BigInteger.valueOf(3)); // Refunding
    as(lottery, alice).claimRefund(BigInteger.ZERO).send();
    assertThat(lottery.pendingWithdrawals(alice.getAddress()).send()).isEqualTo(TICKET.multiply(BigInteger.TWO));
    assertThat(chain.revertSelector(alice.getAddress(), lottery.getContractAddress(),
        as(lottery, alice).claimRefund(BigInteger.ZERO).encodeFunctionCall())).isEqualTo(selector("NothingToClaim()"));
    // the late answer is accepted by the coordinator but changes nothing in the lottery
    TransactionReceipt late = world.fulfil(r);
    assertThat(World.fulfilledIn(late).success).isTrue();
    assertThat(Lottery.getWinnerDrawnEvents(late)).isEmpty();
    assertThat(lottery.getRound(BigInteger.ZERO).send().state).isEqualTo(BigInteger.valueOf(3));
  }

  private static String json(String uri) {
    String prefix = "data:application/json;base64,";
    assertThat(uri).startsWith(prefix);
    return new String(Base64.getDecoder().decode(uri.substring(prefix.length())), StandardCharsets.UTF_8);
  }

}
