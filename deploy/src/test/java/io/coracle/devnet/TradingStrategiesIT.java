package io.coracle.devnet;

import static io.coracle.devnet.TradingFixture.doc;
import static io.coracle.devnet.TradingFixture.executions;
import static io.coracle.devnet.TradingFixture.status;
import static io.coracle.devnet.TradingFixture.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.generated.StrategyVault;
import io.coracle.trade.TraderClient;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each strategy, encrypted to the attested guest and run by the oracle process on the devnet
 * cluster, executes as specified, as the vault's own events show.
 */
@ExtendWith(SharedCluster.class)
class TradingStrategiesIT {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void aMarketOrderSellsAtOnceInSlicesOfThePerExecutionBound(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    BigDecimal spot = f.spotUsdPerWeth();
    TraderClient.Submitted s = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(2), 100),
        doc("\"kind\":\"market\",\"amountIn\":\"" + units(2) + "\""));
    StrategyVault.Intent i = f.await(s, status("Completed"), WAIT);
    assertThat(i.executions).isEqualTo(BigInteger.TWO);
    assertThat(i.spent).isEqualTo(units(2));
    List<StrategyVault.IntentExecutedEventResponse> ex = f.executions(s);
    assertThat(ex).extracting(e -> e.sliceIndex.intValue()).containsExactly(0, 1);
    for (var e : ex) {
      BigDecimal price = new BigDecimal(e.amountOut).divide(new BigDecimal(e.amountIn), MathContext.DECIMAL64);
      // at the pool's price: fee, impact and drift within 2%
      assertThat(price).isBetween(spot.multiply(new BigDecimal("0.98")), spot);
    }
    awaitGuestState(f, s, "FILLED");
    // the gas each decision priced in (coracle.trading.execute-gas, 250,000) covers what execute() really used
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var slices = f.order(s).path("slices");
    while (System.nanoTime() < until && java.util.stream.StreamSupport.stream(slices.spliterator(), false)
        .anyMatch(x -> "EXECUTED".equals(x.path("state").asText()) && x.path("gasUsed").isNull())) {
      Thread.sleep(500); // the receipt's gas arrives with the sender's hook, the amounts with the vault's event
      slices = f.order(s).path("slices");
    }
    for (var slice : slices) {
      if (!"EXECUTED".equals(slice.path("state").asText())) continue;
      long gas = slice.path("gasUsed").asLong();
      System.out.println("[trading] execute() used " + gas + " gas (slice " + slice.path("slice").asInt() + ")");
      assertThat(gas).isPositive().isLessThan(250_000);
    }
  }

  @Test
  void aLimitOrderWaitsForItsPriceThenFillsAtItOrBetter(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    BigDecimal spot = f.spotUsdPerWeth();
    BigDecimal limitUsdPerWeth = spot.multiply(new BigDecimal("0.975"));
    // buying tWETH with tUSD: at most `limit` tUSD per tWETH = at least 1/limit tWETH per tUSD, net of gas
    String limitPrice = BigDecimal.ONE.divide(limitUsdPerWeth, MathContext.DECIMAL64).toPlainString();
    TraderClient.Submitted s = f.submit(f.bounds(f.t.quoteToken(), f.t.baseToken(), units(10_000), units(10_000), 100),
        doc("\"kind\":\"limit\",\"amountIn\":\"" + units(10_000) + "\",\"limitPrice\":\"" + limitPrice + "\""));
    Thread.sleep(8_000);
    assertThat(f.intent(s).executions).as("no fill above the limit").isZero();
    f.marketMakerSells(f.t.baseToken(), f.t.quoteToken(), units(20));
    StrategyVault.Intent i = f.await(s, status("Completed"), WAIT);
    assertThat(i.executions).isEqualTo(BigInteger.ONE);
    BigDecimal paid = new BigDecimal(i.spent).divide(new BigDecimal(i.received), MathContext.DECIMAL64);
    assertThat(paid).isLessThanOrEqualTo(limitUsdPerWeth);
    awaitGuestState(f, s, "FILLED");
  }

  @Test
  void aTripleBarrierExitsOnItsStopLossAndOnItsTimeLimit(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    BigDecimal spot = f.spotUsdPerWeth();
    String stop = spot.multiply(new BigDecimal("0.97")).toPlainString();
    String take = spot.multiply(new BigDecimal("1.2")).toPlainString();
    TraderClient.Submitted stopLoss = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(2), 100),
        doc("\"kind\":\"triple-barrier\",\"amountIn\":\"" + units(2) + "\",\"stopLossPrice\":\"" + stop + "\",\"takeProfitPrice\":\"" + take
            + "\",\"timeLimitSeconds\":3000"));
    TraderClient.Submitted timeLimit = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(1), 100),
        doc("\"kind\":\"triple-barrier\",\"amountIn\":\"" + units(1) + "\",\"stopLossPrice\":\"" + spot.multiply(new BigDecimal("0.5")).toPlainString()
            + "\",\"timeLimitSeconds\":12"));
    Thread.sleep(6_000);
    assertThat(f.intent(stopLoss).executions).as("within the barriers: no exit").isZero();
    assertThat(f.intent(timeLimit).executions).as("before its time limit: no exit").isZero();
    f.marketMakerSells(f.t.baseToken(), f.t.quoteToken(), units(20));
    StrategyVault.Intent i = f.await(stopLoss, status("Completed"), WAIT);
    assertThat(i.executions).as("the whole position exits, slice after slice").isEqualTo(BigInteger.TWO);
    StrategyVault.Intent t = f.await(timeLimit, status("Completed"), WAIT);
    assertThat(t.executions).isEqualTo(BigInteger.ONE);
    long submittedAt = f.blockTime(timeLimit.block());
    assertThat(f.executions(timeLimit).get(0).executedAt.longValueExact() - submittedAt).isGreaterThanOrEqualTo(12);
  }

  @Test
  void aTwapExecutesEachSliceOnceInOrderNeverBeforeItsTime(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    TraderClient.Submitted s = f.submit(f.bounds(f.t.baseToken(), f.t.quoteToken(), units(1), units(3), 100),
        doc("\"kind\":\"twap\",\"amountIn\":\"" + units(3) + "\",\"slices\":3,\"durationSeconds\":18"));
    f.await(s, status("Completed"), WAIT);
    long submittedAt = f.blockTime(s.block());
    List<StrategyVault.IntentExecutedEventResponse> ex = f.executions(s);
    assertThat(ex).extracting(e -> e.sliceIndex.intValue()).containsExactly(0, 1, 2);
    assertThat(ex).extracting(e -> e.amountIn).containsOnly(units(1));
    List<Long> at = ex.stream().map(e -> e.executedAt.longValueExact() - submittedAt).toList();
    assertThat(TradingDemo.onOrAfterSchedule(at, 6)).as("executed at +%s s", at).isTrue();
    awaitGuestState(f, s, "FILLED");
  }

  @Test
  void aDcaBuysOnScheduleThenReturnsTheUnusedEscrow(LocalCluster c) throws Exception {
    TradingFixture f = new TradingFixture(c);
    TraderClient.Submitted s = f.submit(f.bounds(f.t.quoteToken(), f.t.baseToken(), units(1_000), units(4_000), 100),
        doc("\"kind\":\"dca\",\"amountPerBuy\":\"" + units(1_000) + "\",\"buys\":3,\"intervalSeconds\":6"));
    StrategyVault.Intent i = f.await(s, status("Completed"), WAIT);
    assertThat(i.executions).isEqualTo(BigInteger.valueOf(3));
    assertThat(i.spent).isEqualTo(units(3_000));
    long submittedAt = f.blockTime(s.block());
    List<Long> at = f.executions(s).stream().map(e -> e.executedAt.longValueExact() - submittedAt).toList();
    assertThat(TradingDemo.onOrAfterSchedule(at, 6)).as("bought at +%s s", at).isTrue();
    var finished = StrategyVault.getIntentFinishedEventFromLog(f.logOf(s, StrategyVault.INTENTFINISHED_EVENT));
    assertThat(finished.closeCode).isEqualTo(BigInteger.ONE);
    assertThat(finished.refunded).isEqualTo(units(1_000));
    awaitGuestState(f, s, "COMPLETED");
  }

  static void awaitGuestState(TradingFixture f, TraderClient.Submitted s, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String seen = null;
    while (System.nanoTime() < deadline) {
      seen = f.order(s).path("state").asText();
      if (state.equals(seen)) return;
      Thread.sleep(500);
    }
    throw new AssertionError("the guest's order " + s.intentId() + " is " + seen + ", expected " + state);
  }
}
