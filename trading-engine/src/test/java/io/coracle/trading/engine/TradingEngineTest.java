package io.coracle.trading.engine;

import static io.coracle.trading.Fixtures.POOL;
import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.bounds;
import static io.coracle.trading.Fixtures.doc;
import static io.coracle.trading.Fixtures.intent;
import static io.coracle.trading.Fixtures.market;
import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.CloseCode;
import io.coracle.trading.Fixtures;
import io.coracle.trading.Intent;
import io.coracle.trading.RejectReason;
import io.coracle.trading.crypto.IntentBinding;
import io.coracle.trading.crypto.StrategyDecryptor;
import io.coracle.trading.crypto.StrategyEncryptor;
import io.coracle.trading.market.AmmMath;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceGuard;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.Strategy;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Acceptance (each reject reason) and decisions (each hold, finish and the execution's numbers). */
class TradingEngineTest {
  private final TradingEngine engine = new TradingEngine(EngineConfig.defaults());
  private final Intent sell = intent(bounds(2, 5, 100));

  private Strategy accepted(Intent i, String fields) {
    Acceptance a = engine.acceptDocument(i, doc(fields), TraderExposure.NONE);
    assertThat(a).isInstanceOf(Acceptance.Accepted.class);
    return ((Acceptance.Accepted) a).strategy();
  }

  private Acceptance.Rejected rejected(Acceptance a) {
    assertThat(a).isInstanceOf(Acceptance.Rejected.class);
    return (Acceptance.Rejected) a;
  }

  @Test
  void decryptsAndAcceptsOnlyWhatFitsTheBoundsAndLimits() {
    StrategyDecryptor guest = new StrategyDecryptor(BigInteger.valueOf(777));
    byte[] document = doc("\"kind\":\"market\",\"amountIn\":\"" + units(5) + "\"");
    byte[] envelope = new StrategyEncryptor(guest.publicKey(), new SecureRandom()).encrypt(document, IntentBinding.of(sell.intentId(), sell.trader()));
    assertThat(engine.accept(sell, envelope, guest, TraderExposure.NONE)).isInstanceOf(Acceptance.Accepted.class);
    // another guest's key, a tampered byte, another intent
    assertThat(rejected(engine.accept(sell, envelope, new StrategyDecryptor(BigInteger.valueOf(778)), TraderExposure.NONE)).reason())
        .isEqualTo(RejectReason.UNDECRYPTABLE);
    byte[] tampered = envelope.clone();
    tampered[tampered.length - 3] ^= 1;
    assertThat(rejected(engine.accept(sell, tampered, guest, TraderExposure.NONE)).reason()).isEqualTo(RejectReason.UNDECRYPTABLE);
    Intent other = new Intent("0x" + "00".repeat(32), sell.trader(), sell.guestKeyHash(), sell.bounds(), T0, 1);
    assertThat(rejected(engine.accept(other, envelope, guest, TraderExposure.NONE)).reason()).isEqualTo(RejectReason.UNDECRYPTABLE);

    assertThat(rejected(engine.acceptDocument(sell, "{".getBytes(), TraderExposure.NONE)).reason()).isEqualTo(RejectReason.MALFORMED_STRATEGY);
    assertThat(rejected(engine.acceptDocument(sell, doc("\"kind\":\"grid\""), TraderExposure.NONE)).reason())
        .isEqualTo(RejectReason.UNSUPPORTED_STRATEGY);
    assertThat(rejected(engine.acceptDocument(sell, doc("\"kind\":\"market\",\"amountIn\":\"" + units(6) + "\""), TraderExposure.NONE)).reason())
        .isEqualTo(RejectReason.EXCEEDS_PUBLIC_BOUNDS);
    assertThat(rejected(engine.acceptDocument(sell, doc("\"kind\":\"market\",\"amountIn\":\"1\",\"maxSlippageBps\":101"), TraderExposure.NONE))
        .reason()).isEqualTo(RejectReason.EXCEEDS_PUBLIC_BOUNDS);
    assertThat(rejected(engine.acceptDocument(sell, doc("\"kind\":\"twap\",\"amountIn\":\"" + units(5) + "\",\"slices\":2,\"durationSeconds\":60"),
        TraderExposure.NONE)).reason()).isEqualTo(RejectReason.EXCEEDS_PUBLIC_BOUNDS);
    assertThat(rejected(engine.acceptDocument(sell, doc("\"kind\":\"twap\",\"amountIn\":\"" + units(4) + "\",\"slices\":2,\"durationSeconds\":200000"),
        TraderExposure.NONE)).reason()).isEqualTo(RejectReason.UNSCHEDULABLE);
    assertThat(rejected(engine.acceptDocument(sell, doc("\"kind\":\"market\",\"amountIn\":\"1\""), new TraderExposure(20, 0))).reason())
        .isEqualTo(RejectReason.RISK_LIMIT);
  }

  @Test
  void anExecutionIsSizedPricedAndBoundedAsTheVaultRequires() {
    Strategy s = accepted(sell, "\"kind\":\"market\",\"amountIn\":\"" + units(5) + "\",\"maxSlippageBps\":80");
    Decision d = engine.decide(sell, s, OrderProgress.NONE, market(T0 + 5, POOL), TraderExposure.NONE, CircuitState.CLOSED, 0);
    assertThat(d).isInstanceOf(Decision.Execute.class);
    Decision.Execute x = (Decision.Execute) d;
    assertThat(x.sliceIndex()).isZero();
    assertThat(x.amountIn()).isEqualTo(units(2)); // the per-execution bound
    BigInteger gross = AmmMath.amountOut(units(2), POOL.reserveIn(), POOL.reserveOut());
    assertThat(x.expectedOut()).isEqualTo(gross);
    // tolerance: min(asked 80, public 100 / 2, engine 300) = 50 bps
    assertThat(x.minAmountOut()).isEqualTo(AmmMath.lessBps(gross, 50));
    assertThat(x.minAmountOut()).isGreaterThanOrEqualTo(AmmMath.lessBps(gross, 100));
    assertThat(x.deadline()).isEqualTo(T0 + 5 + 120);
    // 250k gas at 1 gwei = 2.5e14 wei, priced at the pool's 2,500 tUSD per tWETH
    assertThat(x.gasCostOut()).isEqualTo(new BigInteger("625000000000000000"));
    assertThat(x.trigger()).isEqualTo("MARKET");
    // the last slice is capped by the escrow left
    OrderProgress p = new OrderProgress(2, units(4), units(9_000), T0);
    Decision.Execute last = (Decision.Execute) engine.decide(sell, s, p, market(T0 + 9, POOL), TraderExposure.NONE, CircuitState.CLOSED, 0);
    assertThat(last.amountIn()).isEqualTo(units(1));
    assertThat(last.sliceIndex()).isEqualTo(2);
  }

  @Test
  void everyRiskCheckHoldsAnExecution() {
    Strategy s = accepted(sell, "\"kind\":\"market\",\"amountIn\":\"" + units(5) + "\"");
    MarketSnapshot calm = market(T0 + 5, POOL);
    assertThat(hold(engine.decide(sell, s, OrderProgress.NONE, calm, TraderExposure.NONE, CircuitState.CLOSED.trip("operator"), 0)))
        .contains("circuit breaker");
    MarketSnapshot moved = new MarketSnapshot(calm.blockNumber(), calm.timestamp(), calm.gasPriceWei(), POOL, calm.outPerNativeWei(),
        new PriceGuard.Moved(900, 3));
    assertThat(hold(engine.decide(sell, s, OrderProgress.NONE, moved, TraderExposure.NONE, CircuitState.CLOSED, 0))).contains("manipulation guard");
    MarketSnapshot noGasPrice = new MarketSnapshot(calm.blockNumber(), calm.timestamp(), calm.gasPriceWei(), POOL, Optional.empty(), calm.guard());
    assertThat(hold(engine.decide(sell, s, OrderProgress.NONE, noGasPrice, TraderExposure.NONE, CircuitState.CLOSED, 0))).contains("gas");
    assertThat(hold(engine.decide(sell, s, OrderProgress.NONE, calm, new TraderExposure(1, 120), CircuitState.CLOSED, 0))).contains("rate limit");
    MarketSnapshot expensiveGas = new MarketSnapshot(calm.blockNumber(), calm.timestamp(), BigInteger.valueOf(2_000_000_000_000L), POOL,
        calm.outPerNativeWei(), calm.guard());
    assertThat(hold(engine.decide(sell, s, OrderProgress.NONE, expensiveGas, TraderExposure.NONE, CircuitState.CLOSED, 0))).contains("gas would cost");
    MarketSnapshot noPool = new MarketSnapshot(calm.blockNumber(), calm.timestamp(), calm.gasPriceWei(), null, Optional.empty(), new PriceGuard.NoPrice());
    assertThat(hold(engine.decide(sell, s, OrderProgress.NONE, noPool, TraderExposure.NONE, CircuitState.CLOSED, 0))).contains("no price");
  }

  @Test
  void intentsEndWhenExpiredFailingOrDone() {
    Strategy s = accepted(sell, "\"kind\":\"dca\",\"amountPerBuy\":\"" + units(1) + "\",\"buys\":2,\"intervalSeconds\":10");
    assertThat(engine.decide(sell, s, OrderProgress.NONE, market(T0 + 86_401, POOL), TraderExposure.NONE, CircuitState.CLOSED, 0))
        .isEqualTo(new Decision.Finish(CloseCode.EXPIRED, "the intent expired"));
    assertThat(((Decision.Finish) engine.decide(sell, s, OrderProgress.NONE, market(T0 + 5, POOL), TraderExposure.NONE, CircuitState.CLOSED, 5)).code())
        .isEqualTo(CloseCode.FAILED);
    OrderProgress twoBuys = OrderProgress.NONE.after(units(1), units(2_000), T0).after(units(1), units(2_000), T0 + 10);
    // 2 of the 5 escrowed spent, the DCA is done: finish and return the rest, even with the breaker tripped
    assertThat(((Decision.Finish) engine.decide(sell, s, twoBuys, market(T0 + 20, POOL), TraderExposure.NONE, CircuitState.CLOSED.trip("x"), 0)).code())
        .isEqualTo(CloseCode.COMPLETED);
    OrderProgress everything = new OrderProgress(3, units(5), units(10_000), T0);
    assertThat(engine.decide(sell, s, everything, market(T0 + 20, POOL), TraderExposure.NONE, CircuitState.CLOSED, 0)).isInstanceOf(Decision.Hold.class);
  }

  @Test
  void toldToBreakTheBoundsTheEngineAsksForWhatTheVaultWillRefuse() {
    TradingEngine broken = new TradingEngine(EngineConfig.defaults().breakingBounds());
    Acceptance a = broken.acceptDocument(sell, doc("\"kind\":\"market\",\"amountIn\":\"" + units(5) + "\",\"maxSlippageBps\":4000"), TraderExposure.NONE);
    Strategy s = ((Acceptance.Accepted) a).strategy();
    Decision.Execute x = (Decision.Execute) broken.decide(sell, s, OrderProgress.NONE, market(T0 + 5, POOL), TraderExposure.NONE, CircuitState.CLOSED, 0);
    assertThat(x.amountIn()).isEqualTo(units(5)).isGreaterThan(sell.bounds().maxAmountPerExecution());
    assertThat(x.minAmountOut()).isLessThan(AmmMath.lessBps(x.expectedOut(), sell.bounds().maxSlippageBps()));
  }

  @Test
  void theCircuitBreakerTripsAfterConsecutiveFailuresAndResets() {
    CircuitState s = CircuitState.CLOSED;
    for (int i = 0; i < 9; i++) s = s.afterFailure(10);
    assertThat(s.tripped()).isFalse();
    s = s.afterSuccess();
    assertThat(s.consecutiveFailures()).isZero();
    for (int i = 0; i < 10; i++) s = s.afterFailure(10);
    assertThat(s.tripped()).isTrue();
    assertThat(s.reason()).contains("10 consecutive");
    assertThat(s.reset()).isEqualTo(CircuitState.CLOSED);
  }

  private static String hold(Decision d) {
    assertThat(d).isInstanceOf(Decision.Hold.class);
    return ((Decision.Hold) d).reason();
  }

}
