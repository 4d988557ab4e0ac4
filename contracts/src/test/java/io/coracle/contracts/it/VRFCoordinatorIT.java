package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.RandomnessRequest;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.contracts.it.generated.EmptyConsumer;
import io.coracle.contracts.it.generated.GasRecordingConsumer;
import io.coracle.contracts.it.generated.GriefingConsumer;
import io.coracle.contracts.it.generated.RecordingConsumer;
import io.coracle.contracts.it.generated.ReentrantConsumer;
import io.coracle.contracts.it.generated.ReturnBombConsumer;
import io.coracle.contracts.it.generated.RevertingConsumer;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import io.coracle.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.FunctionEncoder;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple7;
import org.web3j.utils.Numeric;

/** Requests, fulfilment and every rule the coordinator enforces, including attacks. */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VRFCoordinatorIT {
  private static final BigInteger GAS = BigInteger.valueOf(300_000);
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

  private RandomnessRequest request(RecordingConsumer c, int numWords) throws Exception {
    TransactionReceipt receipt = c.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.valueOf(numWords)).send();
    chain.node.mine(1); // a confirmation: eth_call simulations run in the latest block, whose hash BLOCKHASH cannot give
    return World.requestIn(receipt);
  }

  private String requestRevert(String consumerAddress, byte[] keyHash, BigInteger subId, int confirmations, long gas, int words) {
    String data = consumer.request(keyHash, subId, BigInteger.valueOf(confirmations), BigInteger.valueOf(gas),
        BigInteger.valueOf(words)).encodeFunctionCall();
    return chain.revertSelector(world.user.getAddress(), consumerAddress, data);
  }

  private Tuple7<BigInteger, BigInteger, BigInteger, Boolean, String, String, List<String>> subscription(BigInteger subId) throws Exception {
    return world.coordinator(world.user).getSubscription(subId).send();
  }

  // ---------------------------------------------------------------- requests

  @Test
  void requestAnnouncesEverythingTheOracleNeedsAndCommits() throws Exception {
    TransactionReceipt receipt = consumer.request(world.keyHash, world.subId, BigInteger.valueOf(5), GAS, BigInteger.valueOf(3)).send();
    RandomnessRequest r = World.requestIn(receipt);
    VRFCoordinator coordinator = world.coordinator(world.user);
    assertThat(r.keyHash()).isEqualTo(world.keyHash);
    assertThat(r.requestId()).isEqualTo(coordinator.computeRequestId(world.keyHash, r.preSeed()).send());
    assertThat(r.subId()).isEqualTo(world.subId);
    assertThat(r.minimumRequestConfirmations()).isEqualTo(5);
    assertThat(r.callbackGasLimit()).isEqualTo(GAS.longValue());
    assertThat(r.numWords()).isEqualTo(3);
    assertThat(r.sender()).isEqualToIgnoringCase(consumer.getContractAddress());
    assertThat(r.blockNum()).isEqualTo(receipt.getBlockNumber().longValue());
    assertThat(r.reserve()).isEqualTo(coordinator.requestReserve(GAS).send()).isPositive();
    byte[] commitment = Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encode(
        new org.web3j.abi.datatypes.Function("x", List.of(r.toCommitment()), List.of())).substring(10)));
    assertThat(coordinator.pendingRequestCommitment(r.requestId()).send()).isEqualTo(commitment);
    var sub = subscription(world.subId);
    assertThat(sub.component2()).isEqualTo(r.reserve());
    assertThat(sub.component3()).isEqualTo(BigInteger.ONE);
    // each request of a consumer gets a fresh preSeed
    assertThat(request(consumer, 1).preSeed()).isNotEqualTo(r.preSeed());
  }

  @Test
  void requestBoundsAreEnforced() throws Exception {
    String c = consumer.getContractAddress();
    String confirmations = selector("InvalidRequestConfirmations(uint16,uint16,uint16)");
    assertThat(requestRevert(c, world.keyHash, world.subId, 2, 100_000, 1)).isEqualTo(confirmations);
    assertThat(requestRevert(c, world.keyHash, world.subId, 201, 100_000, 1)).isEqualTo(confirmations);
    assertThat(requestRevert(c, world.keyHash, world.subId, 200, 100_000, 1)).isNull();
    assertThat(requestRevert(c, world.keyHash, world.subId, 3, 2_500_001, 1)).isEqualTo(selector("GasLimitTooBig(uint32,uint32)"));
    assertThat(requestRevert(c, world.keyHash, world.subId, 3, 2_500_000, 1)).isNull();
    String words = selector("NumWordsOutOfRange(uint32,uint32)");
    assertThat(requestRevert(c, world.keyHash, world.subId, 3, 100_000, 0)).isEqualTo(words);
    assertThat(requestRevert(c, world.keyHash, world.subId, 3, 100_000, 501)).isEqualTo(words);
    assertThat(requestRevert(c, world.keyHash, world.subId, 3, 100_000, 500)).isNull();
    // the owner can tighten the bounds; nobody else can
    VRFCoordinator asOwner = world.coordinator(world.owner);
    asOwner.setConfig(BigInteger.TEN, BigInteger.valueOf(200_000), BigInteger.valueOf(20), BigInteger.valueOf(100),
        BigInteger.valueOf(40_000), BigInteger.valueOf(150_000), BigInteger.ZERO, BigInteger.valueOf(200_000_000_000L)).send();
    assertThat(requestRevert(c, world.keyHash, world.subId, 9, 100_000, 1)).isEqualTo(confirmations);
    assertThat(requestRevert(c, world.keyHash, world.subId, 10, 200_001, 1)).isEqualTo(selector("GasLimitTooBig(uint32,uint32)"));
    assertThat(requestRevert(c, world.keyHash, world.subId, 10, 100_000, 21)).isEqualTo(words);
    String setConfig = asOwner.setConfig(BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
        BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE).encodeFunctionCall();
    assertThat(chain.revertSelector(world.stranger.getAddress(), world.set.coordinator(), setConfig))
        .isEqualTo(selector("OwnableUnauthorizedAccount(address)"));
    String tooManyWords = asOwner.setConfig(BigInteger.ONE, BigInteger.ONE, BigInteger.valueOf(501), BigInteger.ONE, BigInteger.ONE,
        BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE).encodeFunctionCall();
    assertThat(chain.revertSelector(world.owner.getAddress(), world.set.coordinator(), tooManyWords)).isEqualTo(selector("InvalidConfig()"));
    String tooManyConfirmations = asOwner.setConfig(BigInteger.valueOf(201), BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
        BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE).encodeFunctionCall();
    assertThat(chain.revertSelector(world.owner.getAddress(), world.set.coordinator(), tooManyConfirmations))
        .isEqualTo(selector("InvalidConfig()"));
  }

  @Test
  void unknownOrInactiveKeysAreRejectedAtRequestTime() throws Exception {
    String c = consumer.getContractAddress();
    assertThat(requestRevert(c, World.filled(32, 0x77), world.subId, 3, 100_000, 1)).isEqualTo(selector("UnknownKeyHash(bytes32)"));
    // known to the coordinator but never approved in the registry
    VrfKeyPair unapproved = World.ECVRF.generateKeyPair(new SecureRandom());
    world.coordinator(world.owner).registerProvingKey(unapproved.publicKey().encoded(), world.payee.getAddress()).send();
    assertThat(requestRevert(c, KeyHashes.of(unapproved.publicKey()), world.subId, 3, 100_000, 1))
        .isEqualTo(selector("InactiveKeyHash(bytes32)"));
    // revoked in the registry
    world.registry.revokeKeys(world.keyHash).send();
    assertThat(requestRevert(c, world.keyHash, world.subId, 3, 100_000, 1)).isEqualTo(selector("InactiveKeyHash(bytes32)"));
  }

  @Test
  void onlyConsumersOfALiveFundedSubscriptionMayRequest() throws Exception {
    RecordingConsumer outsider = RecordingConsumer.deploy(chain.web3j, chain.tm(world.stranger), Chain.gas(), world.set.coordinator()).send();
    assertThat(requestRevert(outsider.getContractAddress(), world.keyHash, world.subId, 3, 100_000, 1))
        .isEqualTo(selector("InvalidConsumer(uint256,address)"));
    assertThat(requestRevert(consumer.getContractAddress(), world.keyHash, BigInteger.valueOf(999), 3, 100_000, 1))
        .isEqualTo(selector("InvalidSubscription(uint256)"));
    // an empty subscription cannot take a request's reserve
    TransactionReceipt created = world.coordinator(world.stranger).createSubscription(BigInteger.ZERO).send();
    BigInteger poorSub = VRFCoordinator.getSubscriptionCreatedEvents(created).get(0).subId;
    world.coordinator(world.stranger).addConsumer(poorSub, outsider.getContractAddress()).send();
    assertThat(requestRevert(outsider.getContractAddress(), world.keyHash, poorSub, 3, 100_000, 1))
        .isEqualTo(selector("InsufficientBalance(uint256,uint256)"));
    world.coordinator(world.stranger).cancelSubscription(poorSub, world.stranger.getAddress()).send();
    assertThat(requestRevert(outsider.getContractAddress(), world.keyHash, poorSub, 3, 100_000, 1))
        .isEqualTo(selector("SubscriptionIsCancelled(uint256)"));
  }

  // ---------------------------------------------------------------- fulfilment

  @Test
  void fulfilmentDeliversWordsDerivedFromTheVerifiedBetaAndBills() throws Exception {
    RandomnessRequest r = request(consumer, 3);
    chain.node.mine(3);
    VrfProofCalldata proof = world.proofFor(r);
    TransactionReceipt receipt = world.fulfil(proof.proof(), r, 3_000_000);
    assertThat(receipt.isStatusOK()).isTrue();
    var fulfilled = World.fulfilledIn(receipt);
    byte[] beta = World.ECVRF.proofToHash(proof.pi()).value();
    assertThat(fulfilled.beta).isEqualTo(beta);
    assertThat(fulfilled.success).isTrue();
    assertThat(fulfilled.requestId).isEqualTo(r.requestId());
    List<BigInteger> expected = VrfProofCalldata.randomWords(beta, 3);
    assertThat(consumer.wordsOf(r.requestId()).send()).containsExactlyElementsOf(expected);

    // billing: gas x price (+ 0 flat fee by default), within the reserve, paid to the payee
    BigInteger payment = fulfilled.payment;
    BigInteger actualCost = receipt.getGasUsed().multiply(Chain.GAS_PRICE);
    assertThat(payment).isPositive().isLessThanOrEqualTo(r.reserve());
    assertThat(payment.subtract(actualCost).abs()).as("payment %s vs gasUsed x price %s", payment, actualCost)
        .isLessThan(actualCost.divide(BigInteger.valueOf(5)));
    var sub = subscription(world.subId);
    assertThat(sub.component1()).isEqualTo(World.ONE_ETHER.multiply(BigInteger.TEN).subtract(payment));
    assertThat(sub.component2()).isZero();
    assertThat(sub.component3()).isZero();
    VRFCoordinator asPayee = world.coordinator(world.payee);
    assertThat(asPayee.withdrawable(world.payee.getAddress()).send()).isEqualTo(payment);
    String receiver = world.stranger.getAddress();
    BigInteger before = chain.balance(receiver);
    asPayee.withdraw(receiver).send();
    assertThat(chain.balance(receiver)).isEqualTo(before.add(payment));
    assertThat(chain.revertSelector(world.payee.getAddress(), world.set.coordinator(),
        asPayee.withdraw(receiver).encodeFunctionCall())).isEqualTo(selector("NothingToWithdraw()"));
  }

  @Test
  void aFulfilmentCannotBeReplayed() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    byte[] proof = world.proofFor(r).proof();
    assertThat(world.fulfil(proof, r, 3_000_000).isStatusOK()).isTrue();
    assertThat(world.fulfilRevert(proof, r)).isEqualTo(selector("NoCorrespondingRequest(uint256)"));
    TransactionReceipt again = world.fulfil(proof, r, 3_000_000);
    assertThat(again.isStatusOK()).isFalse();
    assertThat(consumer.fulfilments().send()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void aWrongCommitmentIsRejected() throws Exception {
    RandomnessRequest r = request(consumer, 2);
    chain.node.mine(1); // the oracle answers after confirmations; eth_call runs in the latest block
    byte[] proof = world.proofFor(r).proof();
    String incorrect = selector("IncorrectCommitment(uint256)");
    assertThat(world.fulfilRevert(proof, withWords(r, 1))).isEqualTo(incorrect);
    assertThat(world.fulfilRevert(proof, new RandomnessRequest(r.keyHash(), r.requestId(), r.preSeed(), r.subId(), 3,
        r.callbackGasLimit() + 1, r.numWords(), r.reserve(), r.sender(), r.blockNum()))).isEqualTo(incorrect);
    assertThat(world.fulfilRevert(proof, new RandomnessRequest(r.keyHash(), r.requestId(), r.preSeed(), r.subId(), 3,
        r.callbackGasLimit(), r.numWords(), r.reserve(), world.stranger.getAddress(), r.blockNum()))).isEqualTo(incorrect);
    assertThat(world.fulfilRevert(proof, new RandomnessRequest(r.keyHash(), r.requestId(), r.preSeed(), r.subId(), 3,
        r.callbackGasLimit(), r.numWords(), r.reserve().subtract(BigInteger.ONE), r.sender(), r.blockNum()))).isEqualTo(incorrect);
    assertThat(world.fulfilRevert(proof, new RandomnessRequest(r.keyHash(), r.requestId(), r.preSeed().add(BigInteger.ONE),
        r.subId(), 3, r.callbackGasLimit(), r.numWords(), r.reserve(), r.sender(), r.blockNum())))
        .isEqualTo(selector("NoCorrespondingRequest(uint256)"));
    assertThat(world.fulfilRevert(proof, r)).isNull();
  }

  @Test
  void aWrongProofAlphaOrKeyIsRejected() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    chain.node.mine(2);
    String invalid = selector("InvalidProof()");
    // alpha from the wrong block hash (as if the oracle chose its own seed)
    byte[] wrongAlpha = r.alpha(chain.blockHash(r.blockNum() + 1));
    byte[] piWrongAlpha = World.ECVRF.prove(world.key.secretKey(), wrongAlpha);
    byte[] proofWrongAlpha = VrfProofCalldata.from(world.key.publicKey().encoded(), wrongAlpha, piWrongAlpha).calldata().proof();
    assertThat(world.fulfilRevert(proofWrongAlpha, r)).isEqualTo(invalid);
    // a corrupted proof or helper
    byte[] good = world.proofFor(r).proof();
    byte[] badC = good.clone();
    badC[33 + 40] ^= 0x01;
    assertThat(world.fulfilRevert(badC, r)).isEqualTo(invalid);
    byte[] badHelper = good.clone();
    badHelper[114 + 5] ^= 0x01;
    assertThat(world.fulfilRevert(badHelper, r)).isEqualTo(invalid);
    assertThat(world.fulfilRevert(Arrays.copyOf(good, 114 + 223), r)).isEqualTo(selector("MalformedProof()"));
    // another registered, active key cannot answer a request made for this one
    VrfKeyPair other = World.ECVRF.generateKeyPair(new SecureRandom());
    world.activateKey(other.publicKey().encoded(), world.encryptionKey, "other evidence".getBytes(), chain.account(9),
        chain.latestTimestamp() + 86_400);
    world.coordinator(world.owner).registerProvingKey(other.publicKey().encoded(), world.payee.getAddress()).send();
    byte[] byOther = world.proofFor(r, other.secretKey()).proof();
    assertThat(world.fulfilRevert(byOther, r)).isEqualTo(selector("NoCorrespondingRequest(uint256)"));
    assertThat(world.fulfilRevert(good, r)).isNull();
  }

  @Test
  void unregisteredKeysCannotFulfil() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    VrfKeyPair stranger = World.ECVRF.generateKeyPair(new SecureRandom());
    assertThat(world.fulfilRevert(world.proofFor(r, stranger.secretKey()).proof(), r))
        .isEqualTo(selector("UnknownKeyHash(bytes32)"));
    world.coordinator(world.owner).deregisterProvingKey(world.keyHash).send();
    assertThat(world.fulfilRevert(world.proofFor(r).proof(), r)).isEqualTo(selector("UnknownKeyHash(bytes32)"));
  }

  @Test
  void revokedKeysCannotFulfil() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    byte[] proof = world.proofFor(r).proof();
    world.registry.revokeKeys(world.keyHash).send();
    assertThat(world.fulfilRevert(proof, r)).isEqualTo(selector("InactiveKeyHash(bytes32)"));
  }

  @Test
  void expiredKeysCannotFulfil() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    byte[] proof = world.proofFor(r).proof();
    chain.node.increaseTime(86_401);
    assertThat(world.fulfilRevert(proof, r)).isEqualTo(selector("InactiveKeyHash(bytes32)"));
  }

  @Test
  void keysApprovedUnderAnOlderPolicyCannotFulfil() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    byte[] proof = world.proofFor(r).proof();
    world.registry.setMinimumTcb(BigInteger.valueOf(World.MIN_TCB + 1)).send(); // boot loader 3 -> 4: new epoch
    assertThat(world.fulfilRevert(proof, r)).isEqualTo(selector("InactiveKeyHash(bytes32)"));
  }

  // ---------------------------------------------------------------- consumers that misbehave

  @Test
  void aRevertingConsumerDoesNotRevertTheFulfilment() throws Exception {
    RevertingConsumer reverting = RevertingConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(reverting.getContractAddress());
    RandomnessRequest r = World.requestIn(reverting.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.ONE).send());
    TransactionReceipt receipt = world.fulfil(r);
    assertThat(receipt.isStatusOK()).isTrue();
    var fulfilled = World.fulfilledIn(receipt);
    assertThat(fulfilled.success).isFalse();
    assertThat(fulfilled.payment).isPositive();
    assertThat(world.coordinator(world.user).pendingRequestCommitment(r.requestId()).send()).isEqualTo(new byte[32]);
  }

  @Test
  void aGriefingConsumerBurnsOnlyTheGasItAskedFor() throws Exception {
    GriefingConsumer griefing = GriefingConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(griefing.getContractAddress());
    RandomnessRequest r = World.requestIn(griefing.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.ONE).send());
    TransactionReceipt receipt = world.fulfil(world.proofFor(r).proof(), r, 3_000_000);
    assertThat(receipt.isStatusOK()).isTrue();
    var fulfilled = World.fulfilledIn(receipt);
    assertThat(fulfilled.success).isFalse();
    // the callback's 300k plus the fulfilment's own cost, not the transaction's 3M
    assertThat(receipt.getGasUsed()).isBetween(GAS, GAS.add(BigInteger.valueOf(150_000)));
    assertThat(fulfilled.payment).isLessThanOrEqualTo(r.reserve());
  }

  @Test
  void aConsumersReturnDataIsNeverCopied() throws Exception {
    ReturnBombConsumer bomb = ReturnBombConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(bomb.getContractAddress());
    RandomnessRequest r = World.requestIn(bomb.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.ONE).send());
    TransactionReceipt receipt = world.fulfil(world.proofFor(r).proof(), r, 3_000_000);
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(World.fulfilledIn(receipt).success).isFalse();
    assertThat(receipt.getGasUsed()).isLessThan(GAS.add(BigInteger.valueOf(150_000)));
  }

  @Test
  void theConsumerGetsExactlyItsGasLimitOrTheFulfilmentReverts() throws Exception {
    GasRecordingConsumer recorder = GasRecordingConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(recorder.getContractAddress());
    BigInteger limit = BigInteger.valueOf(100_000);
    RandomnessRequest r = World.requestIn(recorder.request(world.keyHash, world.subId, BigInteger.valueOf(3), limit, BigInteger.ONE).send());
    chain.node.mine(1);
    byte[] proof = world.proofFor(r).proof();
    // too little gas for the callback after the 1/64 the EVM keeps back: the whole fulfilment reverts
    String data = world.fulfilData(proof, r);
    var tooLittle = Transaction.createFunctionCallTransaction(world.oracle.getAddress(), null, Chain.GAS_PRICE,
        BigInteger.valueOf(150_000), world.set.coordinator(), data);
    var call = chain.web3j.ethCall(tooLittle, DefaultBlockParameterName.LATEST).send();
    assertThat(call.hasError() || call.isReverted()).isTrue();
    String revert = String.valueOf(call.getError() == null ? call.getRevertReason() : call.getError().getData());
    assertThat(revert.replace("\"", "")).startsWith(selector("InsufficientGasForConsumer(uint256,uint256)"));
    TransactionReceipt failed = world.fulfil(proof, r, 150_000);
    assertThat(failed.isStatusOK()).isFalse();
    assertThat(world.coordinator(world.user).pendingRequestCommitment(r.requestId()).send()).isNotEqualTo(new byte[32]);
    // with enough gas the callback starts with (almost) exactly its limit: only the CALL's own
    // argument handling and the callee's dispatch come off it
    TransactionReceipt ok = world.fulfil(proof, r, 3_000_000);
    assertThat(ok.isStatusOK()).isTrue();
    assertThat(World.fulfilledIn(ok).success).isTrue();
    BigInteger atEntry = recorder.gasAtEntry().send();
    assertThat(atEntry).isLessThanOrEqualTo(limit).isGreaterThan(limit.subtract(BigInteger.valueOf(1_000)));
  }

  @Test
  void reentryFromTheCallbackIsBlocked() throws Exception {
    ReentrantConsumer reentrant = ReentrantConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    reentrant.configure(world.keyHash, world.subId).send();
    world.addConsumer(reentrant.getContractAddress());
    RandomnessRequest r = World.requestIn(reentrant.request(world.keyHash, world.subId, BigInteger.valueOf(3), BigInteger.valueOf(1_000_000),
        BigInteger.ONE).send());
    TransactionReceipt receipt = world.fulfil(world.proofFor(r).proof(), r, 3_000_000);
    assertThat(World.fulfilledIn(receipt).success).isTrue();
    assertThat(reentrant.called().send()).isTrue();
    byte[] reentrantError = Numeric.hexStringToByteArray(selector("Reentrant()"));
    assertThat(reentrant.requestError().send()).isEqualTo(reentrantError);
    assertThat(reentrant.cancelError().send()).isEqualTo(reentrantError);
    assertThat(reentrant.fulfilError().send()).isEqualTo(reentrantError);
    assertThat(reentrant.withdrawError().send()).isEqualTo(reentrantError);
    var sub = subscription(world.subId);
    assertThat(sub.component4()).as("not cancelled").isFalse();
    assertThat(sub.component3()).isZero();
  }

  @Test
  void theFlatFeeIsChargedAndTheReserveCapsThePayment() throws Exception {
    VRFCoordinator asOwner = world.coordinator(world.owner);
    BigInteger fee = BigInteger.TEN.pow(15);
    asOwner.setConfig(BigInteger.valueOf(3), BigInteger.valueOf(2_500_000), BigInteger.valueOf(500), BigInteger.valueOf(7_200),
        BigInteger.valueOf(40_000), BigInteger.valueOf(150_000), fee, BigInteger.valueOf(200_000_000_000L)).send();
    RandomnessRequest r = request(consumer, 1);
    TransactionReceipt receipt = world.fulfil(r);
    BigInteger payment = World.fulfilledIn(receipt).payment;
    assertThat(payment).isGreaterThan(fee).isLessThan(fee.add(receipt.getGasUsed().multiply(Chain.GAS_PRICE).multiply(BigInteger.TWO)));
    // a reserve sized for 1 wei/gas caps what a 2 gwei fulfilment can charge
    asOwner.setConfig(BigInteger.valueOf(3), BigInteger.valueOf(2_500_000), BigInteger.valueOf(500), BigInteger.valueOf(7_200),
        BigInteger.valueOf(40_000), BigInteger.valueOf(150_000), BigInteger.ZERO, BigInteger.ONE).send();
    RandomnessRequest cheap = request(consumer, 1);
    assertThat(cheap.reserve()).isEqualTo(GAS.add(BigInteger.valueOf(150_000)));
    assertThat(World.fulfilledIn(world.fulfil(cheap)).payment).isEqualTo(cheap.reserve());
  }

  @Test
  void oldRequestsAreFulfilledWithTheBlockhashStore() throws Exception {
    EmptyConsumer empty = EmptyConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(empty.getContractAddress());
    RandomnessRequest r = World.requestIn(empty.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.ONE).send());
    byte[] proof = world.proofFor(r).proof();
    chain.node.mine(1);
    world.blockhashStore.store(BigInteger.valueOf(r.blockNum())).send();
    chain.node.mine(300);
    assertThat(World.fulfilledIn(world.fulfil(proof, r, 3_000_000)).success).isTrue();
  }

  @Test
  void oldRequestsWithoutAStoredHashWaitForOne() throws Exception {
    RandomnessRequest r = request(consumer, 1);
    byte[] proof = world.proofFor(r).proof();
    chain.node.mine(300);
    assertThat(world.fulfilRevert(proof, r)).isEqualTo(selector("UnknownBlockhash(uint256)"));
  }

  static RandomnessRequest withWords(RandomnessRequest r, int words) {
    return new RandomnessRequest(r.keyHash(), r.requestId(), r.preSeed(), r.subId(), r.minimumRequestConfirmations(),
        r.callbackGasLimit(), words, r.reserve(), r.sender(), r.blockNum());
  }

}
