package io.coracle.trading.engine;

import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.USD;
import static io.coracle.trading.Fixtures.WETH;
import static io.coracle.trading.Fixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.market.AmmMath;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceGuard;
import io.coracle.trading.market.Reserves;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.Strategy;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Whatever the market, progress and strategy, an execution the engine decides (bounds enforced)
 * passes every check the vault makes on it at the same pool state: amount within the per-execution
 * bound and the escrow left, slice index next in order, amountOutMin at or above the vault's floor
 * and at or below what the pool pays, deadline within the vault's window and before expiry.
 */
class TradingEnginePropertiesTest {
  private final TradingEngine engine = new TradingEngine(EngineConfig.defaults());

  @Property(tries = 500)
  void everyExecutionPassesTheVaultsChecks(
      @ForAll @LongRange(min = 1, max = 1_000_000) long perExecution,
      @ForAll @LongRange(min = 1, max = 5) long totalMultiple,
      @ForAll @IntRange(min = 0, max = 5_000) int slippageBps,
      @ForAll @IntRange(min = 0, max = 4) int kind,
      @ForAll @LongRange(min = 1_000, max = 10_000_000) long reserveIn,
      @ForAll @LongRange(min = 1_000, max = 10_000_000) long reserveOut,
      @ForAll @IntRange(min = 0, max = 10) int executionsDone,
      @ForAll @LongRange(min = 0, max = 90_000) long elapsed) {
    BigInteger unit = BigInteger.TEN.pow(12);
    BigInteger per = unit.multiply(BigInteger.valueOf(perExecution));
    BigInteger total = per.multiply(BigInteger.valueOf(totalMultiple));
    PublicBounds b = new PublicBounds(WETH, USD, per, total, T0 + 86_400, slippageBps);
    Intent intent = new Intent("0x" + "ab".repeat(32), "0x" + "cd".repeat(20), "0x" + "ef".repeat(32), b, T0, 1);
    String[] docs = {
        "\"kind\":\"market\",\"amountIn\":\"" + total + "\"",
        "\"kind\":\"limit\",\"amountIn\":\"" + total + "\",\"limitPrice\":\"0.5\"",
        "\"kind\":\"triple-barrier\",\"amountIn\":\"" + total + "\",\"timeLimitSeconds\":60",
        "\"kind\":\"twap\",\"amountIn\":\"" + total + "\",\"slices\":" + totalMultiple + ",\"durationSeconds\":3600",
        "\"kind\":\"dca\",\"amountPerBuy\":\"" + per + "\",\"buys\":" + totalMultiple + ",\"intervalSeconds\":600"};
    Acceptance a = engine.acceptDocument(intent, doc(docs[kind]), TraderExposure.NONE);
    assertThat(a).isInstanceOf(Acceptance.Accepted.class);
    Strategy s = ((Acceptance.Accepted) a).strategy();
    int done = (int) Math.min(executionsDone, totalMultiple - 1);
    OrderProgress progress = new OrderProgress(done, per.multiply(BigInteger.valueOf(done)), BigInteger.ONE, T0 + elapsed / 2);
    Reserves r = new Reserves(unit.multiply(BigInteger.valueOf(reserveIn)), unit.multiply(BigInteger.valueOf(reserveOut)));
    long now = T0 + elapsed;
    MarketSnapshot m = new MarketSnapshot(100, now, BigInteger.ONE, r, MarketSnapshot.nativeRate(WETH, USD, WETH, r), new PriceGuard.Calm(0));

    Decision d = engine.decide(intent, s, progress, m, TraderExposure.NONE, CircuitState.CLOSED, 0);
    if (d instanceof Decision.Execute x) {
      BigInteger escrowLeft = total.subtract(progress.spent());
      assertThat(x.sliceIndex()).isEqualTo(progress.executions());
      assertThat(x.amountIn()).isPositive().isLessThanOrEqualTo(per).isLessThanOrEqualTo(escrowLeft);
      BigInteger quote = AmmMath.amountOut(x.amountIn(), r.reserveIn(), r.reserveOut());
      BigInteger floor = quote.multiply(BigInteger.valueOf(10_000L - slippageBps)).divide(BigInteger.valueOf(10_000));
      assertThat(x.minAmountOut()).isPositive().isGreaterThanOrEqualTo(floor).isLessThanOrEqualTo(quote);
      assertThat(x.deadline()).isGreaterThanOrEqualTo(now).isLessThanOrEqualTo(now + 3_600);
      assertThat(now).isLessThanOrEqualTo(b.expiry());
    }
  }
}
