package io.coracle.devnet;

import static io.coracle.devnet.TradingFixture.doc;
import static io.coracle.devnet.TradingFixture.executions;
import static io.coracle.devnet.TradingFixture.status;
import static io.coracle.devnet.TradingFixture.units;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.CoracleDeployer;
import io.coracle.contracts.Eip712Domain;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.testsupport.DevAccounts;
import io.coracle.trade.GuestEncryptionKey;
import io.coracle.trade.TraderClient;
import io.coracle.trade.VaultErrors;
import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.RejectReason;
import io.coracle.trading.crypto.StrategyDecryptor;
import io.coracle.trading.crypto.StrategyEnvelope;
import io.coracle.trading.engine.Acceptance;
import io.coracle.trading.engine.CircuitState;
import io.coracle.trading.engine.Decision;
import io.coracle.trading.engine.EngineConfig;
import io.coracle.trading.engine.TraderExposure;
import io.coracle.trading.engine.TradingEngine;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceGuard;
import io.coracle.trading.market.Reserves;
import io.coracle.trading.strategy.OrderProgress;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * What must hold whatever happens: bad intents are rejected on-chain with their reason code; the
 * vault refuses a bound violation even from a guest whose engine is told to break the bounds; cancel
 * stops further slices; a SIGKILL of the oracle mid-TWAP neither skips nor repeats a slice; the
 * strategy's plaintext appears nowhere outside the guest.
 */
@ExtendWith(SharedCluster.class)
class TradingSafetyIT {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void badIntentsAreRejectedOnChainWithTheirReasonCode(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    // encrypted to a key that is not the guest's, though addressed to the guest
    GuestEncryptionKey wrongKey = new GuestEncryptionKey(f.guest.signer(), f.guest.keyHash(),
        StrategyEnvelope.publicKeyOf(new BigInteger(250, new SecureRandom()).add(BigInteger.ONE)), f.guest.expiresAt(), f.guest.activationTx());
    Map<RejectReason, TraderClient.Submitted> submitted = new HashMap<>();
    var bounds = f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(2), 100);
    f.trader.deposit(f.t.baseToken(), units(8));
    submitted.put(RejectReason.UNDECRYPTABLE, f.trader.submit(bounds, doc("\"kind\":\"market\",\"amountIn\":\"1\""), wrongKey));
    submitted.put(RejectReason.MALFORMED_STRATEGY, f.trader.submit(bounds, doc("\"kind\":\"market\",\"amountIn\":1"), f.guest));
    submitted.put(RejectReason.UNSUPPORTED_STRATEGY, f.trader.submit(bounds, doc("\"kind\":\"martingale\",\"amountIn\":\"1\""), f.guest));
    submitted.put(RejectReason.EXCEEDS_PUBLIC_BOUNDS, f.trader.submit(bounds,
        doc("\"kind\":\"twap\",\"amountIn\":\"" + units(2) + "\",\"slices\":1,\"durationSeconds\":10"), f.guest));
    for (var e : submitted.entrySet()) {
      StrategyVault.Intent i = f.await(e.getValue(), status("Rejected"), WAIT);
      assertThat(i.executions).isZero();
      Log log = f.logOf(e.getValue(), StrategyVault.INTENTREJECTED_EVENT);
      var rejected = StrategyVault.getIntentRejectedEventFromLog(log);
      assertThat(rejected.reasonCode.intValue()).as("%s", e.getKey()).isEqualTo(e.getKey().code());
      assertThat(rejected.refunded).isEqualTo(units(2));
      TradingStrategiesIT.awaitGuestState(f, e.getValue(), "REJECTED");
      assertThat(f.order(e.getValue()).path("rejectReason").asText()).isEqualTo(e.getKey().name());
    }
  }

  @Test
  void theVaultRefusesABoundViolationEvenWhenTheEngineIsToldToBreakIt(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    // A second guest, attested by 2 of the devnet's 3 verifiers, whose engine breaks the bounds: a
    // compromised guest. Its keys are ours here, so we can play it.
    Credentials rogue = Credentials.create(Keys.createEcKeyPair());
    BigInteger encSecret = new BigInteger(250, new SecureRandom()).add(BigInteger.ONE);
    byte[] encKey = StrategyEnvelope.publicKeyOf(encSecret);
    byte[] vrfKey = StrategyEnvelope.publicKeyOf(new BigInteger(250, new SecureRandom()).add(BigInteger.ONE));
    LocalCluster.call("fund the rogue guest",
        () -> new Transfer(c.web3j(), c.tm(c.deployer())).sendFunds(rogue.getAddress(), java.math.BigDecimal.TEN, Convert.Unit.ETHER).send());
    byte[] evidence = ("rogue guest evidence " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    AttestationRegistry asRogue = AttestationRegistry.load(c.contracts().registry(), c.web3j(), c.tm(rogue), c.gas());
    LocalCluster.call("register the rogue's keys", () -> asRogue.registerKeys(vrfKey, encKey, evidence).send());
    // registered but not approved: no trader's client encrypts to it
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuestEncryptionKey.fetch(c.web3j(), c.contracts().registry(), rogue.getAddress()))
        .isInstanceOf(GuestEncryptionKey.Unverified.class).hasMessageContaining("no active attested key set");
    AttestationApproval approval = new AttestationApproval(vrfKey, rogue.getAddress(), encKey, AttestationApproval.evidenceHashOf(evidence),
        Numeric.hexStringToByteArray(LocalCluster.DEVNET_MEASUREMENT), 0, f.now() + 3_600);
    List<Credentials> verifiers = List.of(DevAccounts.get(DevAccounts.COUNT - 1), DevAccounts.get(DevAccounts.COUNT - 2));
    AttestationRegistry registry = AttestationRegistry.load(c.contracts().registry(), c.web3j(), c.tm(c.deployer()), c.gas());
    LocalCluster.call("activate the rogue's keys", () -> registry.activateKeys(approval.toContractStruct(),
        approval.signAll(verifiers, Eip712Domain.attestationRegistry(c.chainId(), c.contracts().registry()))).send());
    // the trader's client verifies the rogue's key in the registry like any other guest's
    GuestEncryptionKey rogueKey = GuestEncryptionKey.fetch(c.web3j(), c.contracts().registry(), rogue.getAddress());
    assertThat(rogueKey.encryptionPublicKey()).isEqualTo(encKey);
    assertThat(rogueKey.keyHash()).isEqualTo(Numeric.toHexString(KeyHashes.of(vrfKey)));

    f.trader.deposit(f.t.baseToken(), units(3));
    var bounds = f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(3), 100);
    byte[] document = doc("\"kind\":\"market\",\"amountIn\":\"" + units(3) + "\",\"maxSlippageBps\":4000");
    TraderClient.Submitted s = f.trader.submit(bounds, document, rogueKey);

    TradingEngine broken = new TradingEngine(EngineConfig.defaults().breakingBounds());
    Intent intent = new Intent(s.intentId(), f.trader.address(), rogueKey.keyHash(), new PublicBounds(bounds.tokenIn, bounds.tokenOut,
        bounds.maxAmountPerExecution, bounds.maxAmountTotal, bounds.expiry.longValueExact(), bounds.maxSlippageBps.intValueExact()),
        f.now(), s.block());
    byte[] envelope = StrategyVault.getIntentSubmittedEvents(c.web3j().ethGetTransactionReceipt(s.txHash()).send().getTransactionReceipt()
        .orElseThrow()).get(0).encryptedStrategy;
    Acceptance a = broken.accept(intent, envelope, new StrategyDecryptor(encSecret), TraderExposure.NONE);
    assertThat(a).isInstanceOf(Acceptance.Accepted.class);
    var strategy = ((Acceptance.Accepted) a).strategy();
    BigInteger[] reserves = poolReserves(f, bounds.tokenIn, bounds.tokenOut);
    Reserves r = new Reserves(reserves[0], reserves[1]);
    MarketSnapshot market = new MarketSnapshot(0, f.now(), BigInteger.ONE, r, MarketSnapshot.nativeRate(bounds.tokenIn, bounds.tokenOut,
        f.t.baseToken(), r), new PriceGuard.Calm(0));
    Decision.Execute x = (Decision.Execute) broken.decide(intent, strategy, OrderProgress.NONE, market, TraderExposure.NONE, CircuitState.CLOSED, 0);
    assertThat(x.amountIn()).isEqualTo(units(3)); // 3x the per-execution bound

    StrategyVault asGuest = StrategyVault.load(f.t.vault(), c.web3j(), c.tm(rogue), c.gas());
    // 1. amount above the per-execution bound, sent for real: mined, reverted
    String data = asGuest.execute(Numeric.hexStringToByteArray(s.intentId()), BigInteger.ZERO, x.amountIn(), x.minAmountOut(),
        BigInteger.valueOf(x.deadline())).encodeFunctionCall();
    assertRefusedOnChain(c, rogue, f.t.vault(), data, "AmountAboveMaxPerExecution(uint256,uint256)");
    // 2. a per-execution amount, but the 40% slippage the broken engine allows
    BigInteger quote = io.coracle.trading.market.AmmMath.amountOut(units(1), r.reserveIn(), r.reserveOut());
    String lax = asGuest.execute(Numeric.hexStringToByteArray(s.intentId()), BigInteger.ZERO, units(1),
        io.coracle.trading.market.AmmMath.lessBps(quote, 4_000), BigInteger.valueOf(f.now() + 60)).encodeFunctionCall();
    assertRefusedOnChain(c, rogue, f.t.vault(), lax, "SlippageAboveBound(uint256,uint256)");
    // 3. a slice out of order, and a deadline beyond the vault's window
    String skip = asGuest.execute(Numeric.hexStringToByteArray(s.intentId()), BigInteger.ONE, units(1), io.coracle.trading.market.AmmMath.lessBps(quote, 50),
        BigInteger.valueOf(f.now() + 60)).encodeFunctionCall();
    assertRefusedOnChain(c, rogue, f.t.vault(), skip, "SliceOutOfOrder(uint32,uint32)");
    String late = asGuest.execute(Numeric.hexStringToByteArray(s.intentId()), BigInteger.ZERO, units(1), io.coracle.trading.market.AmmMath.lessBps(quote, 50),
        BigInteger.valueOf(f.now() + 7_200)).encodeFunctionCall();
    assertRefusedOnChain(c, rogue, f.t.vault(), late, "DeadlineTooFar(uint256,uint256)");
    // nothing moved
    StrategyVault.Intent after = f.intent(s);
    assertThat(after.spent).isZero();
    assertThat(after.executions).isZero();
    // the oracle's own guest cannot touch an intent encrypted to another guest
    assertThat(VaultErrors.wouldRevert(c.web3j(), c.signer(), f.t.vault(), data)).isEqualTo("NotIntentGuest(address)");
    // the same engine with the bounds enforced executes within them, and the vault accepts it
    TradingEngine sound = new TradingEngine(EngineConfig.defaults());
    Decision.Execute ok = (Decision.Execute) sound.decide(intent, strategy, OrderProgress.NONE, market, TraderExposure.NONE, CircuitState.CLOSED, 0);
    assertThat(ok.amountIn()).isEqualTo(units(1));
    TransactionReceipt fine = asGuest.execute(Numeric.hexStringToByteArray(s.intentId()), BigInteger.ZERO, ok.amountIn(), ok.minAmountOut(),
        BigInteger.valueOf(ok.deadline())).send();
    assertThat(fine.isStatusOK()).isTrue();
    f.trader.cancel(s.intentId());
  }

  private static void assertRefusedOnChain(LocalCluster c, Credentials from, String to, String data, String error) throws Exception {
    assertThat(VaultErrors.wouldRevert(c.web3j(), from.getAddress(), to, data)).isEqualTo(error);
    var tm = CoracleDeployer.transactionManager(c.web3j(), from, c.chainId());
    var sent = tm.sendTransaction(c.web3j().ethGasPrice().send().getGasPrice(), BigInteger.valueOf(600_000), to, data, BigInteger.ZERO);
    assertThat(sent.hasError()).as("sent").isFalse();
    TransactionReceipt r = new org.web3j.tx.response.PollingTransactionReceiptProcessor(c.web3j(), 250, 120).waitForTransactionReceipt(sent.getTransactionHash());
    assertThat(r.isStatusOK()).as("the vault refused %s on-chain", error).isFalse();
  }

  private static BigInteger[] poolReserves(TradingFixture f, String tokenIn, String tokenOut) throws Exception {
    var pair = io.coracle.contracts.generated.CoracleV2Pair.load(f.t.pair(), f.c.web3j(), f.c.tm(f.c.deployer()), f.c.gas());
    var r = pair.getReserves().send();
    boolean inIs0 = pair.token0().send().equalsIgnoreCase(tokenIn);
    return inIs0 ? new BigInteger[] {r.component1(), r.component2()} : new BigInteger[] {r.component2(), r.component1()};
  }

  @Test
  void theOperatorsCircuitBreakerHoldsEveryExecutionUntilReset(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    assertThat(breaker(c, "wrong-token", "{\"tripped\":true,\"reason\":\"x\"}")).isEqualTo(401);
    assertThat(breaker(c, c.tradingOperatorToken(), "{\"tripped\":true}")).isEqualTo(400);
    assertThat(breaker(c, c.tradingOperatorToken(), "{\"tripped\":true,\"reason\":\"incident drill\"}")).isEqualTo(200);
    try {
      JsonNode status = c.oracle().getJson("/v1/trading/status");
      assertThat(status.path("circuitBreaker").path("tripped").asBoolean()).isTrue();
      TraderClient.Submitted s = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(1), 100),
          doc("\"kind\":\"market\",\"amountIn\":\"" + units(1) + "\""));
      TradingStrategiesIT.awaitGuestState(f, s, "OPEN");
      Thread.sleep(6_000);
      assertThat(f.intent(s).executions).as("no execution while the breaker is tripped").isZero();
      assertThat(breaker(c, c.tradingOperatorToken(), "{\"tripped\":false}")).isEqualTo(200);
      f.await(s, status("Completed"), WAIT);
    } finally {
      breaker(c, c.tradingOperatorToken(), "{\"tripped\":false}");
    }
  }

  private static int breaker(LocalCluster c, String token, String body) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(c.oracle().url() + "/v1/trading/circuit-breaker"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void cancelStopsFurtherSlices(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    TraderClient.Submitted s = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(4), 100),
        doc("\"kind\":\"twap\",\"amountIn\":\"" + units(4) + "\",\"slices\":4,\"durationSeconds\":60"));
    f.await(s, executions(1), WAIT);
    BigInteger freeBefore = f.trader.freeBalance(f.t.baseToken());
    TransactionReceipt cancelled = f.trader.cancel(s.intentId());
    BigInteger refunded = StrategyVault.getIntentCancelledEvents(cancelled).get(0).refunded;
    int executedAtCancel = f.intent(s).executions.intValueExact();
    assertThat(refunded).isEqualTo(units(4L - executedAtCancel));
    assertThat(f.trader.freeBalance(f.t.baseToken())).isEqualTo(freeBefore.add(refunded));
    Thread.sleep(25_000); // past slice 2's and slice 3's due times
    StrategyVault.Intent i = f.intent(s);
    assertThat(TraderClient.statusName(i.status)).isEqualTo("Cancelled");
    assertThat(i.executions.intValueExact()).isEqualTo(executedAtCancel);
    assertThat(f.executions(s)).hasSize(executedAtCancel);
    TradingStrategiesIT.awaitGuestState(f, s, "CANCELLED");
  }

  @Test
  void aCrashMidTwapNeitherSkipsNorRepeatsASlice(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    TraderClient.Submitted s = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(4), 100),
        doc("\"kind\":\"twap\",\"amountIn\":\"" + units(4) + "\",\"slices\":4,\"durationSeconds\":24"));
    // kill the oracle the moment slice 1 is decided (queued in the outbox, maybe signed, maybe sent)
    awaitSliceRow(c, s.intentId(), 1, Duration.ofSeconds(90));
    c.oracle().kill();
    Thread.sleep(10_000); // slice 2 falls due while the guest is down
    c.oracle().start(Duration.ofMinutes(2)).awaitReady(Duration.ofMinutes(2));
    StrategyVault.Intent i = f.await(s, status("Completed"), Duration.ofMinutes(3));
    assertThat(i.executions).isEqualTo(BigInteger.valueOf(4));
    assertThat(i.spent).isEqualTo(units(4));
    assertThat(f.executions(s)).extracting(e -> e.sliceIndex.intValue()).containsExactly(0, 1, 2, 3);
    // exactly one successful execute() per slice in the outbox; nothing for this intent mined twice.
    // The chain says Completed a moment before the sender records the last receipt: wait for it.
    int[] outcomes = execOutcomes(c, s.intentId());
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (outcomes[0] + outcomes[1] < 4 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      outcomes = execOutcomes(c, s.intentId());
    }
    assertThat(outcomes[0]).isEqualTo(4);
    assertThat(outcomes[1]).as("no execute() reverted (a repeated slice would revert SliceOutOfOrder)").isZero();
  }

  /** Succeeded and reverted execute() intents of a trading intent, as the sender recorded them. */
  private static int[] execOutcomes(LocalCluster c, String intentId) throws Exception {
    try (Connection db = c.postgres().dataSource("coracle").getConnection();
        var st = db.prepareStatement("select count(*) filter (where outcome = 'SUCCEEDED'), count(*) filter (where outcome = 'REVERTED') "
            + "from tx_intent where intent_id like ?")) {
      st.setString(1, "trade:" + c.chainId() + ":" + intentId + ":exec:%");
      ResultSet rs = st.executeQuery();
      rs.next();
      return new int[] {rs.getInt(1), rs.getInt(2)};
    }
  }

  private static void awaitSliceRow(LocalCluster c, String intentId, int slice, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection db = c.postgres().dataSource("coracle").getConnection();
          var st = db.prepareStatement("select count(*) from trading_slice where order_id = ? and slice_index = ?")) {
        st.setString(1, c.chainId() + ":" + intentId);
        st.setInt(2, slice);
        ResultSet rs = st.executeQuery();
        rs.next();
        if (rs.getInt(1) > 0) return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("slice " + slice + " of " + intentId + " was never decided");
  }

  @Test
  void theStrategyPlaintextNeverAppearsOnChainInLogsInKafkaOrInAnswers(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    long fromBlock = c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    String marker = "secret-" + UUID.randomUUID();
    String limitPrice = "98765432.123456789"; // a limit no pool reaches (tUSD per tWETH): the strategy stays open and is evaluated every block
    byte[] document = doc("\"kind\":\"limit\",\"amountIn\":\"" + units(1) + "\",\"limitPrice\":\"" + limitPrice + "\",\"label\":\"" + marker + "\"");
    TraderClient.Submitted s = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(1), 100), document);
    TradingStrategiesIT.awaitGuestState(f, s, "OPEN");
    Thread.sleep(5_000); // a few evaluation rounds
    List<byte[]> needles = List.of(marker.getBytes(StandardCharsets.UTF_8), limitPrice.getBytes(StandardCharsets.UTF_8), document);

    // on-chain: every transaction and log since before the submission
    long toBlock = c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    for (long b = fromBlock; b <= toBlock; b++) {
      EthBlock.Block block = c.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true).send().getBlock();
      for (EthBlock.TransactionResult<?> tr : block.getTransactions()) {
        var tx = (org.web3j.protocol.core.methods.response.Transaction) tr.get();
        assertAbsent("transaction " + tx.getHash(), Numeric.hexStringToByteArray(tx.getInput()), needles);
        var receipt = c.web3j().ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt().orElseThrow();
        for (Log l : receipt.getLogs()) assertAbsent("log of " + tx.getHash(), Numeric.hexStringToByteArray(l.getData()), needles);
      }
    }
    // the oracle's logs
    for (var p : List.of(c.oracle().log())) assertAbsent("log file " + p, Files.readAllBytes(p), needles);
    // Kafka: every record of every topic
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "plaintext-scan-" + UUID.randomUUID());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    int scanned = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (var e : consumer.listTopics(Duration.ofSeconds(10)).entrySet()) {
        e.getValue().forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          scanned++;
          if (r.key() != null) assertAbsent("Kafka key " + r.topic(), r.key(), needles);
          if (r.value() != null) assertAbsent("Kafka record " + r.topic() + "@" + r.offset(), r.value(), needles);
        }
      }
    }
    assertThat(scanned).as("records scanned, the intent's own among them").isPositive();
    // the guest's answers
    JsonNode order = f.order(s);
    assertAbsent("the order's REST answer", order.toString().getBytes(StandardCharsets.UTF_8), needles);
    assertThat(order.toString()).doesNotContain("limit");
    assertAbsent("the trading status answer", c.oracle().getJson("/v1/trading/status").toString().getBytes(StandardCharsets.UTF_8), needles);
    // and the database outside the guest holds only the ciphertext
    try (Connection db = c.postgres().dataSource("coracle").getConnection();
        var st = db.prepareStatement("select encrypted_strategy from trading_order where intent_id = ?")) {
      st.setString(1, s.intentId());
      ResultSet rs = st.executeQuery();
      assertThat(rs.next()).isTrue();
      assertAbsent("the stored ciphertext", HexFormat.of().parseHex(rs.getString(1).substring(2)), needles);
    }
    f.trader.cancel(s.intentId());
  }

  private static void assertAbsent(String where, byte[] haystack, List<byte[]> needles) {
    for (byte[] n : needles) {
      assertThat(indexOf(haystack, n)).as("plaintext found in %s", where).isEqualTo(-1);
      String hex = HexFormat.of().formatHex(n);
      assertThat(indexOf(haystack, hex.getBytes(StandardCharsets.US_ASCII))).as("plaintext (hex) found in %s", where).isEqualTo(-1);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

}
