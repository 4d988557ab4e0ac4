package io.coracle.trading.strategy;

import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.bounds;
import static io.coracle.trading.Fixtures.poolAt;
import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TripleBarrierStrategyTest {
  private final TripleBarrierStrategy barrier = new TripleBarrierStrategy(units(2), Optional.of(new BigDecimal("2200")),
      Optional.of(new BigDecimal("2800")), Optional.of(600L), Optional.empty());

  private static Tick at(long price, long now, OrderProgress p) {
    return new Tick(1, now, T0, units(1), p, new PriceView(poolAt(price), BigInteger.ZERO));
  }

  @Test
  void eachBarrierFiresItsExit() {
    assertThat(barrier.next(at(2_500, T0 + 10, OrderProgress.NONE))).isInstanceOf(Signal.Wait.class);
    assertThat(barrier.next(at(2_150, T0 + 10, OrderProgress.NONE))).isEqualTo(new Signal.Trade(units(1), "STOP_LOSS"));
    assertThat(barrier.next(at(2_900, T0 + 10, OrderProgress.NONE))).isEqualTo(new Signal.Trade(units(1), "TAKE_PROFIT"));
    assertThat(barrier.next(at(2_500, T0 + 600, OrderProgress.NONE))).isEqualTo(new Signal.Trade(units(1), "TIME_LIMIT"));
  }

  @Test
  void anExitOnceStartedContinuesWhateverThePrice() {
    OrderProgress half = OrderProgress.NONE.after(units(1), units(2_150), T0 + 10);
    assertThat(barrier.next(at(2_500, T0 + 11, half))).isEqualTo(new Signal.Trade(units(1), "EXIT_CONTINUES"));
    OrderProgress all = half.after(units(1), units(2_500), T0 + 12);
    assertThat(barrier.next(at(2_500, T0 + 13, all))).isInstanceOf(Signal.Done.class);
  }

  @Test
  void aTimeBarrierAfterExpiryIsUnschedulable() {
    TripleBarrierStrategy late = new TripleBarrierStrategy(units(1), Optional.empty(), Optional.empty(), Optional.of(86_400L), Optional.empty());
    assertThat(late.check(bounds(1, 1, 100), T0)).map(Refusal::reason).contains(RejectReason.UNSCHEDULABLE);
    assertThat(barrier.check(bounds(1, 2, 100), T0)).isEmpty();
  }
}
