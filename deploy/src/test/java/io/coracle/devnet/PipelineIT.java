package io.coracle.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.chain.ChainEvent;
import io.coracle.chain.ChainEventCodec;
import io.coracle.chain.ChainEventTopics;
import io.coracle.contracts.generated.TraitMinter;
import io.coracle.testsupport.DevAccounts;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * The randomness pipeline as a whole, on real parts: Ganache, Kafka, PostgreSQL, verifier
 * processes and the oracle service as a process, broken in the ways production breaks.
 */
@ExtendWith(SharedCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {
  private static final Duration FULFIL = Duration.ofMinutes(4);

  private static List<Credentials> requesters() {
    return List.of(DevAccounts.get(2), DevAccounts.get(3), DevAccounts.get(4), DevAccounts.get(5), DevAccounts.get(6));
  }

  private static LoadDriver driver(LocalCluster c) {
    return new LoadDriver(c.web3j(), c.chainId(), c.contracts().traitMinter(), c.contracts().coordinator());
  }

  private static long head(LocalCluster c) throws IOException {
    return c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** A consumer in a fresh group that reads its topics from the beginning. */
  private static KafkaConsumer<String, byte[]> readerFromStart(LocalCluster c, String groupPrefix) {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap(),
        ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }

  private static KafkaProducer<String, byte[]> producer(LocalCluster c, int lingerMs) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.LINGER_MS_CONFIG, lingerMs));
  }

  /** Each request fulfilled exactly once, callback succeeded, and the ledger holds one successful transaction for it. */
  private static void assertFulfilledExactlyOnce(LocalCluster c, List<LoadDriver.Request> requests, Map<BigInteger, List<LoadDriver.Fulfilment>> seen)
      throws Exception {
    for (LoadDriver.Request r : requests) {
      assertThat(seen.get(r.requestId())).as("fulfilments of %s", r.requestId()).hasSize(1);
      assertThat(seen.get(r.requestId()).get(0).callbackSucceeded()).isTrue();
    }
    // The chain is ahead of the ledger by one sender cycle (the receipt is read after the block).
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<String> problems = ledgerProblems(c, requests);
    while (!problems.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
      problems = ledgerProblems(c, requests);
    }
    assertThat(problems).as("ledger disagreements").isEmpty();
  }

  private static List<String> ledgerProblems(LocalCluster c, List<LoadDriver.Request> requests) throws Exception {
    List<String> problems = new ArrayList<>();
    try (Connection db = c.postgres().dataSource("coracle").getConnection();
        var st = db.prepareStatement(
            "select count(*) filter (where outcome = 'SUCCEEDED'), count(*) filter (where outcome in ('REVERTED','REJECTED')), "
                + "(select string_agg(state, ',') from vrf_request where id = ?) from tx_intent where intent_id like ?")) {
      for (LoadDriver.Request r : requests) {
        st.setString(1, c.chainId() + ":" + r.requestId());
        st.setString(2, "vrf:" + c.chainId() + ":" + r.requestId() + ":%");
        ResultSet rs = st.executeQuery();
        rs.next();
        if (rs.getInt(1) != 1 || rs.getInt(2) != 0 || !"FULFILLED".equals(rs.getString(3))) {
          problems.add(r.requestId() + ": " + rs.getInt(1) + " succeeded, " + rs.getInt(2) + " failed, state " + rs.getString(3));
        }
      }
    }
    return problems;
  }

  /** No transaction of the guest's signer in [from, to] reverted: nothing was attempted twice. */
  private static void assertNoRevertedSignerTransaction(LocalCluster c, long from, long to) throws IOException {
    for (long b = from; b <= to; b++) {
      EthBlock.Block block = c.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true).send().getBlock();
      for (EthBlock.TransactionResult<?> tr : block.getTransactions()) {
        Transaction tx = (Transaction) tr.get();
        if (tx.getFrom().equalsIgnoreCase(c.signer())) {
          var receipt = c.web3j().ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt().orElseThrow();
          assertThat(receipt.isStatusOK()).as("signer transaction %s in block %d", tx.getHash(), b).isTrue();
        }
      }
    }
  }

  @Test
  @Order(1)
  void theExampleConsumersGetVerifiedRandomness(LocalCluster c) throws Exception {
    DemoRun.Result result = new DemoRun(c, s -> System.out.println("[demo] " + s)).run(FULFIL);
    assertThat(result.fulfilments()).hasSize(4).allSatisfy(f -> {
      assertThat(f.fulfilTx()).isNotNull();
      assertThat(f.proofValidOnChain()).isTrue();
      assertThat(f.callbackSucceeded()).isTrue();
    });
    assertThat(result.attestation().get("valid")).isEqualTo(true);
    assertThat(result.allVerified()).isTrue();

    // what `./coracle audit fulfilment` prints, from chain data alone
    var roots = io.coracle.attestation.cert.TrustRoots.amdProduction()
        .with(java.nio.file.Files.readAllBytes(c.simulatedArk()), "devnet ark");
    for (DemoRun.Fulfilment f : result.fulfilments()) {
      Map<String, Object> audit = FulfilmentAudit.audit(c.web3j(), f.fulfilTx(), roots);
      assertThat(audit.get("problems")).as("audit of %s", f.fulfilTx()).isEqualTo(List.of());
      assertThat(audit.get("verified")).isEqualTo(true);
    }
    // without the devnet's chip as a trust root the same evidence must not verify
    Map<String, Object> untrusted = FulfilmentAudit.audit(c.web3j(), result.fulfilments().get(0).fulfilTx(),
        io.coracle.attestation.cert.TrustRoots.amdProduction());
    assertThat(untrusted.get("verified")).isEqualTo(false);
  }

  @Test
  @Order(2)
  void fiveHundredConcurrentRequestsAreEachFulfilledExactlyOnce(LocalCluster c) throws Exception {
    long from = head(c);
    List<LoadDriver.Request> requests = driver(c).send(requesters(), 500, 0, FULFIL);
    var seen = driver(c).awaitFulfilled(requests, from, FULFIL);
    assertFulfilledExactlyOnce(c, requests, seen);
  }

  @Test
  @Order(3)
  void aMalformedRecordGoesToTheDeadLetterTopicAndTheStreamKeepsFlowing(LocalCluster c) throws Exception {
    try (var producer = producer(c, 0)) {
      producer.send(new ProducerRecord<>(ChainEventTopics.EVENTS, c.chainId() + ":poison", "{not json".getBytes())).get();
      producer.send(new ProducerRecord<>(ChainEventTopics.EVENTS, c.chainId() + ":poison2",
          "{\"schema\":\"coracle.chain-event\",\"version\":99}".getBytes())).get();
    }
    long from = head(c);
    List<LoadDriver.Request> requests = driver(c).send(requesters(), 5, 0, FULFIL);
    assertFulfilledExactlyOnce(c, requests, driver(c).awaitFulfilled(requests, from, FULFIL));

    List<String> reasons = new ArrayList<>();
    try (var consumer = readerFromStart(c, "dlq-check-")) {
      consumer.subscribe(List.of(ChainEventTopics.DEAD_LETTERS));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (reasons.size() < 2 && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          var h = r.headers().lastHeader("dead-letter-reason");
          if (r.key() != null && r.key().startsWith(c.chainId() + ":poison")) {
            reasons.add(h == null ? "" : new String(h.value()));
          }
        }
      }
    }
    assertThat(reasons).hasSize(2);
    assertThat(reasons).anySatisfy(r -> assertThat(r).contains("not JSON"));
    assertThat(reasons).anySatisfy(r -> assertThat(r).contains("unsupported schema version 99"));
  }

  @Test
  @Order(4)
  void killedAbruptlySeveralTimesItStillFulfilsEveryRequestExactlyOnce(LocalCluster c) throws Exception {
    long from = head(c);
    LoadDriver d = driver(c);
    CompletableFuture<List<LoadDriver.Request>> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return d.send(requesters(), 120, 4, FULFIL);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Random random = new Random(42);
    OracleProcess oracle = c.oracle();
    for (int i = 0; i < 3; i++) {
      Thread.sleep(2_000 + random.nextInt(6_000));
      oracle.kill();
      Thread.sleep(random.nextInt(3_000));
      oracle.start(Duration.ofMinutes(2));
    }
    List<LoadDriver.Request> requests = stream.get();
    var seen = d.awaitFulfilled(requests, from, FULFIL);
    assertFulfilledExactlyOnce(c, requests, seen);
    assertNoRevertedSignerTransaction(c, from, head(c));
  }

  @Test
  @Order(5)
  void aRequestReorganisedAwayIsNotFulfilledAndOneMinedAgainIsFulfilledOnce(LocalCluster c) throws Exception {
    var node = c.evmNode().orElseThrow();
    TraitMinter minter = TraitMinter.load(c.contracts().traitMinter(), c.web3j(), c.tm(c.deployer()), c.gas());
    var settings = minter.vrfSettings().send();
    // Ten confirmations, so the request is still unconfirmed when its block is dropped.
    minter.setVrfSettings(new TraitMinter.VrfSettings(settings.component1(), settings.component2(), BigInteger.TEN, settings.component4())).send();
    try {
      Credentials who = DevAccounts.get(6);
      long from = head(c);
      var snapshot = node.snapshot();
      List<LoadDriver.Request> dropped = driver(c).send(List.of(who), 1, 0, FULFIL);
      node.mine(3);
      node.revertTo(snapshot.id());
      node.mine(15); // a different chain, longer than the dropped one
      Thread.sleep(8_000);
      assertThat(driver(c).fulfilments(from)).doesNotContainKey(dropped.get(0).requestId());
      JsonNode view = c.oracle().getJson("/v1/requests/" + c.chainId() + "/" + dropped.get(0).requestId());
      assertThat(view.path("state").asText("")).isNotEqualTo("FULFILLED");

      // The consumer's request nonce rolled back with the chain, so the next mint is the same
      // request (same id, same seed), mined again in another block: it is fulfilled once.
      List<LoadDriver.Request> again = driver(c).send(List.of(who), 1, 0, FULFIL);
      assertThat(again.get(0).requestId()).isEqualTo(dropped.get(0).requestId());
      assertThat(again.get(0).block()).isNotEqualTo(dropped.get(0).block());
      node.mine(12);
      var seen = driver(c).awaitFulfilled(again, from, FULFIL);
      assertThat(seen.get(again.get(0).requestId())).hasSize(1);
    } finally {
      minter.setVrfSettings(new TraitMinter.VrfSettings(settings.component1(), settings.component2(), settings.component3(), settings.component4())).send();
    }
  }

  private static int readiness(OracleProcess o) {
    try {
      HttpResponse<Void> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(o.url() + "/q/health/ready")).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void outage(LocalCluster c, io.coracle.testsupport.TcpProxy proxy, String what) throws Exception {
    long from = head(c);
    LoadDriver d = driver(c);
    List<LoadDriver.Request> before = d.send(requesters(), 10, 0, FULFIL);
    proxy.cut();
    boolean sawUnready = false;
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<LoadDriver.Request> during = d.send(requesters(), 10, 0, FULFIL); // the test reaches the node directly
    while (System.nanoTime() < until) {
      sawUnready |= readiness(c.oracle()) == 503;
      Thread.sleep(500);
    }
    proxy.restore();
    assertThat(sawUnready).as("readiness reports the %s outage", what).isTrue();
    List<LoadDriver.Request> after = d.send(requesters(), 10, 0, FULFIL);
    List<LoadDriver.Request> all = new ArrayList<>(before);
    all.addAll(during);
    all.addAll(after);
    assertFulfilledExactlyOnce(c, all, d.awaitFulfilled(all, from, FULFIL));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (readiness(c.oracle()) != 200 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(readiness(c.oracle())).as("ready again after the %s outage", what).isEqualTo(200);
  }

  @Test
  @Order(6)
  void postgresUnavailableForFifteenSeconds(LocalCluster c) throws Exception {
    outage(c, c.postgresProxy(), "postgres");
  }

  @Test
  @Order(7)
  void kafkaUnavailableForFifteenSeconds(LocalCluster c) throws Exception {
    outage(c, c.kafkaProxy(), "kafka");
  }

  @Test
  @Order(8)
  void rpcUnavailableForFifteenSeconds(LocalCluster c) throws Exception {
    outage(c, c.rpcProxy(), "rpc");
  }

  @Test
  @Order(9)
  void downForMoreThan256BlocksItsPendingRequestsAreStillFulfilled(LocalCluster c) throws Exception {
    var node = c.evmNode().orElseThrow();
    OracleProcess oracle = c.oracle();
    long from = head(c);
    oracle.kill();
    List<LoadDriver.Request> requests = driver(c).send(requesters(), 3, 0, FULFIL);
    node.mine(300);
    oracle.start(Duration.ofMinutes(2));
    var seen = driver(c).awaitFulfilled(requests, from, FULFIL);
    assertFulfilledExactlyOnce(c, requests, seen);
    for (LoadDriver.Request r : requests) {
      assertThat(seen.get(r.requestId()).get(0).block() - r.block()).as("fulfilled more than 256 blocks later").isGreaterThan(256);
    }
  }

  @Test
  @Order(10)
  void twoInstancesInOneConsumerGroupShareTheWorkAndFulfilEachRequestOnce(LocalCluster c) throws Exception {
    OracleProcess second = c.addOracle("oracle-2", "coracle-oracle", c.workDir().resolve("guest-keys"));
    second.start(Duration.ofMinutes(2)).awaitReady(Duration.ofMinutes(2));
    try {
      long from = head(c);
      List<LoadDriver.Request> requests = driver(c).send(requesters(), 60, 0, FULFIL);
      assertFulfilledExactlyOnce(c, requests, driver(c).awaitFulfilled(requests, from, FULFIL));
      assertThat(consumed(c.oracle())).as("events handled by oracle-1").isPositive();
      assertThat(consumed(second)).as("events handled by oracle-2").isPositive();
    } finally {
      second.stop();
    }
  }

  /**
   * A request and its retraction close together (one Kafka poll, as after a reorg during an outage):
   * the request is recorded as retracted and nothing is ever sent for it. The event is a real one
   * from the topic with a fresh request id, so a fulfilment, were one sent, would revert.
   */
  @Test
  @Order(11)
  void aRequestRetractedInTheSamePollIsNeverSent(LocalCluster c) throws Exception {
    long from = head(c);
    ChainEvent real = null;
    try (var consumer = readerFromStart(c, "same-poll-")) {
      consumer.subscribe(List.of(ChainEventTopics.EVENTS));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (real == null && System.nanoTime() < deadline) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          if (ChainEventCodec.decode(r.value()) instanceof ChainEventCodec.Decoded d && d.event().kind() == ChainEvent.Kind.LOG
              && d.event().event().equals("RandomWordsRequested") && d.event().chainId() == c.chainId()) {
            real = d.event();
            break;
          }
        }
      }
    }
    assertThat(real).as("a RandomWordsRequested event on the topic").isNotNull();
    // Recent enough to be fulfilled at once (not handed to the blockhash feeder), in a block that never was.
    long block = head(c) - 1;
    String requestId = new BigInteger(200, new Random()).toString();
    Map<String, String> fields = new HashMap<>(real.fields());
    fields.put("requestId", requestId);
    fields.put("blockNum", Long.toString(block));
    fields.put("keyHash", c.oracle().keys().path("keyHash").asText().toLowerCase(java.util.Locale.ROOT));
    String blockHash = "0x" + "ab".repeat(32);
    ChainEvent requested = new ChainEvent(real.schemaVersion(), ChainEvent.Kind.LOG, real.chainId(), real.contract(), real.event(),
        requestId, block, blockHash, real.txHash(), 0, fields);
    try (var producer = producer(c, 100)) { // lingering, so the two records travel in one batch
      var a = producer.send(new ProducerRecord<>(ChainEventTopics.EVENTS, requested.kafkaKey(), ChainEventCodec.encode(requested)));
      var b = producer.send(new ProducerRecord<>(ChainEventTopics.EVENTS, requested.kafkaKey(), ChainEventCodec.encode(requested.retraction())));
      a.get();
      b.get();
    }
    String state = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!state.equals("RETRACTED") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      state = c.oracle().getJson("/v1/requests/" + c.chainId() + "/" + requestId).path("state").asText("");
    }
    assertThat(state).isEqualTo("RETRACTED");
    Thread.sleep(5_000); // a few sender cycles: a fulfilment queued by mistake would be sent by now
    try (Connection db = c.postgres().dataSource("coracle").getConnection();
        var st = db.prepareStatement("select count(*) from tx_intent where intent_id like ? and (outcome is null or outcome <> 'CANCELLED')")) {
      st.setString(1, "vrf:" + c.chainId() + ":" + requestId + ":%");
      ResultSet rs = st.executeQuery();
      rs.next();
      assertThat(rs.getInt(1)).as("fulfilments queued or sent for the retracted request").isZero();
    }
    assertNoRevertedSignerTransaction(c, from, head(c));
  }

  private static double consumed(OracleProcess o) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(o.url() + "/q/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
    double total = 0;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("coracle_chain_events_consumed_total{")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
