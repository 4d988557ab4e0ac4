package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.RandomnessRequest;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.contracts.it.generated.EtherRejector;
import io.coracle.contracts.it.generated.RecordingConsumer;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple7;

/**
 * Subscriptions: who may do what, and that no request, stuck, failed or pending, ever locks a
 * subscription's funds (the Chainlink complaint: cancellation refused while requests are pending).
 */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionFundsIT {
  private static final BigInteger GAS = BigInteger.valueOf(200_000);
  private World world;
  private Chain chain;
  private RecordingConsumer consumer;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    world = World.deploy(chain);
    consumer = RecordingConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(consumer.getContractAddress());
  }

  private RandomnessRequest request() throws Exception {
    TransactionReceipt receipt = consumer.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.ONE).send();
    chain.node.mine(1);
    return World.requestIn(receipt);
  }

  private Tuple7<BigInteger, BigInteger, BigInteger, Boolean, String, String, List<String>> sub() throws Exception {
    return world.coordinator(world.user).getSubscription(world.subId).send();
  }

  private String revert(Credentials from, String data) {
    return chain.revertSelector(from.getAddress(), world.set.coordinator(), data);
  }

  @Test
  void ownershipAndConsumersAreTheOwnersAlone() throws Exception {
    VRFCoordinator asStranger = world.coordinator(world.stranger);
    VRFCoordinator asUser = world.coordinator(world.user);
    String mustBeOwner = selector("MustBeSubOwner(address)");
    assertThat(revert(world.stranger, asStranger.addConsumer(world.subId, world.stranger.getAddress()).encodeFunctionCall())).isEqualTo(mustBeOwner);
    assertThat(revert(world.stranger, asStranger.removeConsumer(world.subId, consumer.getContractAddress()).encodeFunctionCall())).isEqualTo(mustBeOwner);
    assertThat(revert(world.stranger, asStranger.cancelSubscription(world.subId, world.stranger.getAddress()).encodeFunctionCall())).isEqualTo(mustBeOwner);
    assertThat(revert(world.stranger, asStranger.defundSubscription(world.subId, world.stranger.getAddress(), BigInteger.ONE).encodeFunctionCall())).isEqualTo(mustBeOwner);
    assertThat(revert(world.stranger, asStranger.requestSubscriptionOwnerTransfer(world.subId, world.stranger.getAddress()).encodeFunctionCall())).isEqualTo(mustBeOwner);
    assertThat(revert(world.user, asUser.removeConsumer(world.subId, world.stranger.getAddress()).encodeFunctionCall()))
        .isEqualTo(selector("InvalidConsumer(uint256,address)"));

    // anyone may fund
    asStranger.fundSubscription(world.subId, BigInteger.ONE).send();
    assertThat(sub().component1()).isEqualTo(World.ONE_ETHER.multiply(BigInteger.TEN).add(BigInteger.ONE));

    // two-step transfer: only the named account can accept; then the old owner is out
    asUser.requestSubscriptionOwnerTransfer(world.subId, world.stranger.getAddress()).send();
    Credentials third = chain.account(9);
    assertThat(revert(third, world.coordinator(third).acceptSubscriptionOwnerTransfer(world.subId).encodeFunctionCall()))
        .isEqualTo(selector("MustBeRequestedOwner(address)"));
    assertThat(sub().component5()).isEqualToIgnoringCase(world.user.getAddress());
    asStranger.acceptSubscriptionOwnerTransfer(world.subId).send();
    assertThat(sub().component5()).isEqualToIgnoringCase(world.stranger.getAddress());
    assertThat(revert(world.user, asUser.addConsumer(world.subId, world.user.getAddress()).encodeFunctionCall())).isEqualTo(mustBeOwner);
    asStranger.removeConsumer(world.subId, consumer.getContractAddress()).send();
    assertThat(sub().component7()).isEmpty();
  }

  @Test
  void aSubscriptionHasAtMostAHundredConsumers() throws Exception {
    VRFCoordinator asUser = world.coordinator(world.user);
    for (int i = sub().component7().size(); i < 100; i++) {
      asUser.addConsumer(world.subId, String.format("0x%040x", 0x1000 + i)).send();
    }
    assertThat(sub().component7()).hasSize(100);
    asUser.addConsumer(world.subId, consumer.getContractAddress()).send(); // already a consumer: no-op
    assertThat(revert(world.user, asUser.addConsumer(world.subId, world.stranger.getAddress()).encodeFunctionCall()))
        .isEqualTo(selector("TooManyConsumers()"));
  }

  @Test
  void cancellingWithAPendingRequestRefundsAtOnceAndSettlesTheReserveLater() throws Exception {
    RandomnessRequest r = request();
    BigInteger balance = sub().component1();
    String refundTo = chain.account(9).getAddress();
    BigInteger before = chain.balance(refundTo);
    world.coordinator(world.user).cancelSubscription(world.subId, refundTo).send();
    // everything but the pending request's reserve comes back immediately
    assertThat(chain.balance(refundTo)).isEqualTo(before.add(balance.subtract(r.reserve())));
    var cancelled = sub();
    assertThat(cancelled.component4()).isTrue();
    assertThat(cancelled.component1()).isEqualTo(r.reserve());
    assertThat(cancelled.component7()).isEmpty();
    // the pending request is still answered and paid; its unused reserve goes to the refund address
    BigInteger payment = World.fulfilledIn(world.fulfil(r)).payment;
    VRFCoordinator asRefund = world.coordinator(chain.account(9));
    assertThat(asRefund.withdrawable(refundTo).send()).isEqualTo(r.reserve().subtract(payment));
    assertThat(sub().component1()).isZero();
    assertThat(sub().component2()).isZero();
    assertThat(consumer.fulfilments().send()).isEqualTo(BigInteger.ONE);
    BigInteger beforeWithdraw = chain.balance(world.stranger.getAddress());
    asRefund.withdraw(world.stranger.getAddress()).send();
    assertThat(chain.balance(world.stranger.getAddress())).isEqualTo(beforeWithdraw.add(r.reserve().subtract(payment)));
    // a cancelled subscription takes no new money or requests
    assertThat(revert(world.stranger, world.coordinator(world.stranger).fundSubscription(world.subId, BigInteger.ONE).encodeFunctionCall()))
        .isEqualTo(selector("SubscriptionIsCancelled(uint256)"));
  }

  @Test
  void aStuckRequestIsReleasedByAnyoneAfterTheTimeout() throws Exception {
    setTimeout(5);
    RandomnessRequest r = request();
    VRFCoordinator asStranger = world.coordinator(world.stranger);
    String release = asStranger.releaseRequest(world.keyHash, r.toCommitment()).encodeFunctionCall();
    assertThat(revert(world.stranger, release)).isEqualTo(selector("RequestNotReleasable(uint256)"));
    assertThat(sub().component2()).isEqualTo(r.reserve());
    chain.node.mine(6);
    TransactionReceipt released = asStranger.releaseRequest(world.keyHash, r.toCommitment()).send();
    assertThat(VRFCoordinator.getRequestReleasedEvents(released)).hasSize(1);
    var after = sub();
    assertThat(after.component2()).isZero();
    assertThat(after.component3()).isZero();
    assertThat(after.component1()).isEqualTo(World.ONE_ETHER.multiply(BigInteger.TEN));
    // gone for good: no late fulfilment, no second release
    assertThat(world.fulfilRevert(world.proofFor(r).proof(), r)).isEqualTo(selector("NoCorrespondingRequest(uint256)"));
    assertThat(revert(world.stranger, release)).isEqualTo(selector("NoCorrespondingRequest(uint256)"));
  }

  @Test
  void theOwnerReleasesAtOnceWhenTheRequestsKeyIsGone() throws Exception {
    RandomnessRequest r = request();
    world.registry.revokeKeys(world.keyHash).send();
    String release = world.coordinator(world.stranger).releaseRequest(world.keyHash, r.toCommitment()).encodeFunctionCall();
    assertThat(revert(world.stranger, release)).isEqualTo(selector("RequestNotReleasable(uint256)"));
    world.coordinator(world.user).releaseRequest(world.keyHash, r.toCommitment()).send();
    assertThat(sub().component2()).isZero();
  }

  @Test
  void theOwnerCannotReleaseEarlyWhileTheKeyIsActive() throws Exception {
    RandomnessRequest r = request();
    String release = world.coordinator(world.user).releaseRequest(world.keyHash, r.toCommitment()).encodeFunctionCall();
    assertThat(revert(world.user, release)).isEqualTo(selector("RequestNotReleasable(uint256)"));
    // and a forged commitment cannot release anything
    var forged = new RandomnessRequest(r.keyHash(), r.requestId(), r.preSeed(), r.subId(), 3, r.callbackGasLimit(), r.numWords(),
        r.reserve().add(BigInteger.ONE), r.sender(), r.blockNum());
    setTimeout(1);
    chain.node.mine(3);
    assertThat(revert(world.stranger, world.coordinator(world.stranger).releaseRequest(world.keyHash, forged.toCommitment())
        .encodeFunctionCall())).isEqualTo(selector("IncorrectCommitment(uint256)"));
  }

  @Test
  void aCancelledSubscriptionsReleasedReserveGoesToTheRefundAddress() throws Exception {
    setTimeout(2);
    RandomnessRequest r = request();
    String refundTo = chain.account(9).getAddress();
    world.coordinator(world.user).cancelSubscription(world.subId, refundTo).send();
    chain.node.mine(3);
    world.coordinator(world.stranger).releaseRequest(world.keyHash, r.toCommitment()).send();
    assertThat(world.coordinator(world.user).withdrawable(refundTo).send()).isEqualTo(r.reserve());
    assertThat(sub().component1()).isZero();
  }

  @Test
  void defundingIsLimitedToTheUnreservedBalance() throws Exception {
    RandomnessRequest r = request();
    VRFCoordinator asUser = world.coordinator(world.user);
    BigInteger available = sub().component1().subtract(r.reserve());
    assertThat(revert(world.user, asUser.defundSubscription(world.subId, world.user.getAddress(), available.add(BigInteger.ONE))
        .encodeFunctionCall())).isEqualTo(selector("InsufficientBalance(uint256,uint256)"));
    String to = chain.account(9).getAddress();
    BigInteger before = chain.balance(to);
    asUser.defundSubscription(world.subId, to, available).send();
    assertThat(chain.balance(to)).isEqualTo(before.add(available));
    // the oracle is still paid from the reserve
    assertThat(World.fulfilledIn(world.fulfil(r)).success).isTrue();
  }

  @Test
  void aRefundToAnAddressThatRefusesEtherRevertsWithoutLoss() throws Exception {
    EtherRejector rejector = EtherRejector.deploy(chain.web3j, chain.tm(world.user), Chain.gas()).send();
    String data = world.coordinator(world.user).cancelSubscription(world.subId, rejector.getContractAddress()).encodeFunctionCall();
    assertThat(revert(world.user, data)).isEqualTo(selector("TransferFailed(address)"));
    assertThat(sub().component4()).isFalse();
  }

  @Test
  void aRemovedConsumersPendingRequestIsStillAnswered() throws Exception {
    RandomnessRequest r = request();
    world.coordinator(world.user).removeConsumer(world.subId, consumer.getContractAddress()).send();
    assertThat(World.fulfilledIn(world.fulfil(r)).success).isTrue();
    assertThat(consumer.fulfilments().send()).isEqualTo(BigInteger.ONE);
  }

  private void setTimeout(long blocks) throws Exception {
    world.coordinator(world.owner).setConfig(BigInteger.valueOf(3), BigInteger.valueOf(2_500_000), BigInteger.valueOf(500),
        BigInteger.valueOf(blocks), BigInteger.valueOf(40_000), BigInteger.valueOf(150_000), BigInteger.ZERO,
        BigInteger.valueOf(200_000_000_000L)).send();
  }
}
