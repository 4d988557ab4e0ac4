package io.coracle.trading.strategy;

import static io.coracle.trading.Fixtures.POOL;
import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.bounds;
import static io.coracle.trading.Fixtures.tick;
import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DcaStrategyTest {
  private final DcaStrategy dca = new DcaStrategy(units(1), 3, 100, Optional.empty(), Optional.empty());

  @Test
  void buysAFixedAmountEveryIntervalTheFirstAtOnce() {
    OrderProgress p = OrderProgress.NONE;
    assertThat(dca.budget()).isEqualTo(units(3));
    assertThat(dca.next(tick(T0, POOL, units(5), p))).isEqualTo(new Signal.Trade(units(1), "BUY"));
    p = p.after(units(1), BigInteger.ONE, T0 + 2);
    assertThat(dca.next(tick(T0 + 99, POOL, units(5), p))).isInstanceOf(Signal.Wait.class);
    assertThat(dca.next(tick(T0 + 100, POOL, units(5), p))).isEqualTo(new Signal.Trade(units(1), "BUY"));
    p = p.after(units(1), BigInteger.ONE, T0 + 101).after(units(1), BigInteger.ONE, T0 + 201);
    assertThat(dca.next(tick(T0 + 300, POOL, units(5), p))).isInstanceOf(Signal.Done.class);
  }

  @Test
  void aLateBuyDoesNotBunchTheNextOnes() {
    // buy 1 waited for its price until T0 + 290; buy 2 (due at T0 + 200) waits at least half an interval
    OrderProgress p = OrderProgress.NONE.after(units(1), BigInteger.ONE, T0).after(units(1), BigInteger.ONE, T0 + 290);
    assertThat(dca.next(tick(T0 + 300, POOL, units(5), p))).isInstanceOf(Signal.Wait.class);
    assertThat(dca.next(tick(T0 + 340, POOL, units(5), p))).isInstanceOf(Signal.Trade.class);
  }

  @Test
  void aMinimumPriceHoldsABuy() {
    DcaStrategy picky = new DcaStrategy(units(1), 3, 100, Optional.of(new BigDecimal("2600")), Optional.empty());
    assertThat(picky.next(tick(T0, POOL, units(5), OrderProgress.NONE))).isInstanceOf(Signal.Wait.class);
  }

  @Test
  void checksEachBuyAndTheScheduleAgainstTheBounds() {
    assertThat(new DcaStrategy(units(2), 3, 100, Optional.empty(), Optional.empty()).check(bounds(1, 6, 100), T0))
        .map(Refusal::reason).contains(RejectReason.EXCEEDS_PUBLIC_BOUNDS);
    assertThat(new DcaStrategy(units(1), 3, 86_400, Optional.empty(), Optional.empty()).check(bounds(1, 3, 100), T0))
        .map(Refusal::reason).contains(RejectReason.UNSCHEDULABLE);
    assertThat(dca.check(bounds(1, 3, 100), T0)).isEmpty();
  }
}
