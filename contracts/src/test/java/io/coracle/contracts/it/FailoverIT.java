package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.RandomnessRequest;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.contracts.it.generated.RecordingConsumer;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import io.coracle.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Several guests, each with its own attested key, serving one coordinator: a request made for a
 * guest that died is answered by another guest's key once the failover delay has passed, and is
 * delivered exactly once whoever answers first.
 */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailoverIT {
  private static final BigInteger GAS = BigInteger.valueOf(300_000);
  private static final int DELAY = 5;
  private World world;
  private Chain chain;
  private RecordingConsumer consumer;
  private VrfKeyPair backup;
  private byte[] backupHash;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    world = World.deploy(chain);
    consumer = RecordingConsumer.deploy(chain.web3j, chain.tm(world.user), Chain.gas(), world.set.coordinator()).send();
    world.addConsumer(consumer.getContractAddress());
    // A second guest: its own VRF key, signer and evidence, approved and registered like the first.
    backup = World.ECVRF.generateKeyPair(new SecureRandom());
    backupHash = KeyHashes.of(backup.publicKey());
    Credentials backupSigner = chain.account(9);
    world.activateKey(backup.publicKey().encoded(), World.ECVRF.generateKeyPair(new SecureRandom()).publicKey().encoded(),
        "evidence of the second guest".getBytes(), backupSigner, chain.latestTimestamp() + 86_400);
    world.coordinatorAsOwner.get().registerProvingKey(backup.publicKey().encoded(), world.payee.getAddress()).send();
    world.coordinatorAsOwner.get().setFailoverDelay(BigInteger.valueOf(DELAY)).send();
  }

  private RandomnessRequest request() throws Exception {
    TransactionReceipt receipt = consumer.request(world.keyHash, world.subId, BigInteger.valueOf(3), GAS, BigInteger.ONE).send();
    chain.node.mine(1);
    return World.requestIn(receipt);
  }

  private String backupData(byte[] requestedKeyHash, RandomnessRequest r) {
    byte[] proof = world.proofFor(r, backup.secretKey()).proof();
    return world.coordinator(world.oracle).fulfillRandomWordsAsBackup(requestedKeyHash, proof, r.toCommitment()).encodeFunctionCall();
  }

  @Test
  void beforeTheDelayAnotherKeyCannotAnswer() throws Exception {
    RandomnessRequest r = request();
    assertThat(chain.revertSelector(world.oracle.getAddress(), world.set.coordinator(), backupData(world.keyHash, r)))
        .isEqualTo(selector("FailoverNotYet(uint256,uint256)"));
    // Nor through the ordinary entry point: the request belongs to the first key.
    assertThat(world.fulfilRevert(world.proofFor(r, backup.secretKey()).proof(), r)).isEqualTo(selector("NoCorrespondingRequest(uint256)"));
  }

  @Test
  void afterTheDelayTheBackupKeyDeliversOnceAndTheOriginalCanNoLonger() throws Exception {
    RandomnessRequest r = request();
    chain.node.mine(DELAY);
    TransactionReceipt receipt = chain.send(world.oracle, world.set.coordinator(), backupData(world.keyHash, r), BigInteger.valueOf(3_000_000));
    assertThat(receipt.isStatusOK()).isTrue();
    var fulfilled = World.fulfilledIn(receipt);
    assertThat(fulfilled.requestId).isEqualTo(r.requestId());
    assertThat(fulfilled.success).isTrue();
    var byBackup = VRFCoordinator.getRandomWordsFulfilledByBackupEvents(receipt);
    assertThat(byBackup).hasSize(1);
    assertThat(byBackup.get(0).requestedKeyHash).isEqualTo(world.keyHash);
    assertThat(byBackup.get(0).backupKeyHash).isEqualTo(backupHash);
    assertThat(consumer.wordsOf(r.requestId()).send()).hasSize(1);
    // The original guest comes back: too late, nothing is delivered twice.
    assertThat(world.fulfilRevert(world.proofFor(r).proof(), r)).isEqualTo(selector("NoCorrespondingRequest(uint256)"));
    assertThat(chain.revertSelector(world.oracle.getAddress(), world.set.coordinator(), backupData(world.keyHash, r)))
        .isEqualTo(selector("NoCorrespondingRequest(uint256)"));
  }

  @Test
  void theOriginalKeyStillAnswersFirstWithinTheDelay() throws Exception {
    RandomnessRequest r = request();
    assertThat(world.fulfil(r).isStatusOK()).isTrue();
    chain.node.mine(DELAY);
    assertThat(chain.revertSelector(world.oracle.getAddress(), world.set.coordinator(), backupData(world.keyHash, r)))
        .isEqualTo(selector("NoCorrespondingRequest(uint256)"));
  }

  @Test
  void aKeyCannotBackItselfUpNorAnswerWithAForgedProof() throws Exception {
    RandomnessRequest r = request();
    chain.node.mine(DELAY);
    byte[] ownProof = world.proofFor(r).proof();
    String self = world.coordinator(world.oracle).fulfillRandomWordsAsBackup(world.keyHash, ownProof, r.toCommitment()).encodeFunctionCall();
    assertThat(chain.revertSelector(world.oracle.getAddress(), world.set.coordinator(), self)).isEqualTo(selector("NotABackupKey(bytes32)"));
    byte[] forged = world.proofFor(r, backup.secretKey()).proof();
    forged[40] ^= 1; // inside pi
    String data = world.coordinator(world.oracle).fulfillRandomWordsAsBackup(world.keyHash, forged, r.toCommitment()).encodeFunctionCall();
    assertThat(chain.revertSelector(world.oracle.getAddress(), world.set.coordinator(), data)).isEqualTo(selector("InvalidProof()"));
  }

  @Test
  void withoutADelayFailoverIsOff() throws Exception {
    world.coordinatorAsOwner.get().setFailoverDelay(BigInteger.ZERO).send();
    RandomnessRequest r = request();
    chain.node.mine(50);
    assertThat(chain.revertSelector(world.oracle.getAddress(), world.set.coordinator(), backupData(world.keyHash, r)))
        .isEqualTo(selector("FailoverNotYet(uint256,uint256)"));
  }

  @Test
  void onlyTheOwnerSetsTheDelay() {
    String data = world.coordinator(world.stranger).setFailoverDelay(BigInteger.ONE).encodeFunctionCall();
    assertThat(chain.revertSelector(world.stranger.getAddress(), world.set.coordinator(), data)).isNotNull();
  }
}
