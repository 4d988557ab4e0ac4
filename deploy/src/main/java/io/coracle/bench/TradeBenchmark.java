package io.coracle.bench;

import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.crypto.IntentBinding;
import io.coracle.trading.crypto.StrategyDecryptor;
import io.coracle.trading.crypto.StrategyEncryptor;
import io.coracle.trading.engine.Acceptance;
import io.coracle.trading.engine.CircuitState;
import io.coracle.trading.engine.Decision;
import io.coracle.trading.engine.EngineConfig;
import io.coracle.trading.engine.TraderExposure;
import io.coracle.trading.engine.TradingEngine;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceObservation;
import io.coracle.trading.market.Reserves;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.Strategy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The trading engine's hot paths, as the guest runs them (database and RPC excluded):
 * <ul>
 *   <li>{@code evaluateIntent}: one open intent decided against the current market (ops/s = intents
 *       evaluated per second); the intents cycle through all five strategy kinds;</li>
 *   <li>{@code priceEvent}: a pool's new Sync arrives: the manipulation guard over the last 64
 *       observations, then a decision for each of {@code openIntents} intents on that pool (time per
 *       price event = decision latency);</li>
 *   <li>{@code acceptIntent}: one intent received: ECIES decrypt (secp256k1 ECDH, HKDF, AES-GCM),
 *       schema parse, bound and risk checks.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class TradeBenchmark {
  private static final BigInteger UNIT = BigInteger.TEN.pow(18);
  private static final String WETH = "0x1000000000000000000000000000000000000001";
  private static final String USD = "0x2000000000000000000000000000000000000002";
  private static final long T0 = 1_700_000_000L;

  @Param({"100"})
  public int openIntents;

  private TradingEngine engine;
  private final List<Intent> intents = new ArrayList<>();
  private final List<Strategy> strategies = new ArrayList<>();
  private final List<OrderProgress> progress = new ArrayList<>();
  private final List<PriceObservation> history = new ArrayList<>();
  private StrategyDecryptor decryptor;
  private byte[] envelope;
  private Intent envelopeIntent;
  private long block = 10_000;
  private int next;

  @Setup
  public void setup() {
    engine = new TradingEngine(EngineConfig.defaults());
    String[] docs = {
        "\"kind\":\"market\",\"amountIn\":\"%s\"",
        "\"kind\":\"limit\",\"amountIn\":\"%s\",\"limitPrice\":\"2400\"",
        "\"kind\":\"triple-barrier\",\"amountIn\":\"%s\",\"stopLossPrice\":\"2300\",\"takeProfitPrice\":\"2700\",\"timeLimitSeconds\":3600",
        "\"kind\":\"twap\",\"amountIn\":\"%s\",\"slices\":5,\"durationSeconds\":600",
        "\"kind\":\"dca\",\"amountPerBuy\":\"1000000000000000000\",\"buys\":5,\"intervalSeconds\":600,\"minPrice\":\"2000\""};
    for (int i = 0; i < openIntents; i++) {
      PublicBounds b = new PublicBounds(WETH, USD, UNIT, UNIT.multiply(BigInteger.valueOf(5)), T0 + 86_400, 100);
      Intent intent = new Intent(String.format("0x%064x", i + 1), "0x" + "cd".repeat(20), "0x" + "ef".repeat(32), b, T0, 1);
      byte[] doc = ("{\"schema\":\"coracle.strategy\",\"version\":1," + String.format(docs[i % docs.length], UNIT.multiply(BigInteger.valueOf(5)))
          + "}").getBytes(StandardCharsets.UTF_8);
      Acceptance a = engine.acceptDocument(intent, doc, TraderExposure.NONE);
      if (!(a instanceof Acceptance.Accepted accepted)) throw new IllegalStateException("fixture strategy rejected: " + a);
      intents.add(intent);
      strategies.add(accepted.strategy());
      progress.add(new OrderProgress(i % 3, UNIT.multiply(BigInteger.valueOf(i % 3)), UNIT.multiply(BigInteger.valueOf(2_500L * (i % 3))), T0));
    }
    for (int i = 0; i < 64; i++) history.add(observation(block - 64 + i));
    decryptor = new StrategyDecryptor(new BigInteger(255, new SecureRandom()).add(BigInteger.ONE));
    envelopeIntent = intents.get(3);
    byte[] doc = ("{\"schema\":\"coracle.strategy\",\"version\":1,\"kind\":\"twap\",\"amountIn\":\"" + UNIT.multiply(BigInteger.valueOf(5))
        + "\",\"slices\":5,\"durationSeconds\":600,\"label\":\"benchmark\"}").getBytes(StandardCharsets.UTF_8);
    envelope = new StrategyEncryptor(decryptor.publicKey(), new SecureRandom())
        .encrypt(doc, IntentBinding.of(envelopeIntent.intentId(), envelopeIntent.trader()));
  }

  private PriceObservation observation(long b) {
    // a pool wandering around 2,500 tUSD per tWETH
    long wiggle = (b * 7919) % 2_000 - 1_000;
    return new PriceObservation("0xpair", b, 0, UNIT.multiply(BigInteger.valueOf(1_000)),
        UNIT.multiply(BigInteger.valueOf(2_500_000 + wiggle)), false);
  }

  private MarketSnapshot market(PriceObservation latest) {
    Reserves r = Reserves.forSelling(WETH, USD, latest.reserve0(), latest.reserve1());
    return new MarketSnapshot(latest.blockNumber(), T0 + 900, BigInteger.valueOf(1_000_000_000L), r,
        MarketSnapshot.nativeRate(WETH, USD, WETH, r), engine.config().guard().check(history, latest.blockNumber()));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Decision evaluateIntent() {
    int i = next++ % openIntents;
    MarketSnapshot m = market(history.get(history.size() - 1));
    return engine.decide(intents.get(i), strategies.get(i), progress.get(i), m, TraderExposure.NONE, CircuitState.CLOSED, 0);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void priceEvent(Blackhole bh) {
    history.remove(0);
    PriceObservation latest = observation(++block);
    history.add(latest);
    MarketSnapshot m = market(latest);
    for (int i = 0; i < openIntents; i++) {
      bh.consume(engine.decide(intents.get(i), strategies.get(i), progress.get(i), m, TraderExposure.NONE, CircuitState.CLOSED, 0));
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Acceptance acceptIntent() {
    return engine.accept(envelopeIntent, envelope, decryptor, TraderExposure.NONE);
  }
}
