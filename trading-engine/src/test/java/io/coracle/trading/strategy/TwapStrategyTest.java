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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TwapStrategyTest {
  private final TwapStrategy twap = new TwapStrategy(units(10), 3, 60, Optional.empty(), Optional.empty());

  @Test
  void slicesComeOnScheduleInEqualPartsTheLastTakingTheRemainder() {
    assertThat(twap.sizeOf(0)).isEqualTo(units(10).divide(BigInteger.valueOf(3)));
    assertThat(twap.sizeOf(2)).isEqualTo(units(10).subtract(twap.sizeOf(0).multiply(BigInteger.TWO)));
    OrderProgress p = OrderProgress.NONE;
    assertThat(twap.next(tick(T0, POOL, units(5), p))).isEqualTo(new Signal.Trade(twap.sizeOf(0), "SLICE"));
    p = p.after(twap.sizeOf(0), BigInteger.ONE, T0 + 1);
    assertThat(twap.next(tick(T0 + 19, POOL, units(5), p))).isInstanceOf(Signal.Wait.class);
    assertThat(twap.next(tick(T0 + 20, POOL, units(5), p))).isEqualTo(new Signal.Trade(twap.sizeOf(1), "SLICE"));
    p = p.after(twap.sizeOf(1), BigInteger.ONE, T0 + 21);
    p = p.after(twap.sizeOf(2), BigInteger.ONE, T0 + 41);
    assertThat(twap.next(tick(T0 + 50, POOL, units(5), p))).isInstanceOf(Signal.Done.class);
  }

  @Test
  void overdueSlicesAreCaughtUpOneAfterAnotherNeverSkipped() {
    OrderProgress p = OrderProgress.NONE.after(twap.sizeOf(0), BigInteger.ONE, T0);
    // the guest was down until long after the end: slice 2 of 3 comes first, then slice 3
    Signal s = twap.next(tick(T0 + 500, POOL, units(5), p));
    assertThat(s).isEqualTo(new Signal.Trade(twap.sizeOf(1), "SLICE"));
  }

  @Test
  void anOptionalLimitHoldsASliceUntilItsPriceComes() {
    TwapStrategy limited = new TwapStrategy(units(3), 3, 60, Optional.of(new BigDecimal("2600")), Optional.empty());
    assertThat(limited.next(tick(T0, POOL, units(5), OrderProgress.NONE))).isInstanceOf(Signal.Wait.class);
    assertThat(limited.next(tick(T0, io.coracle.trading.Fixtures.poolAt(2_700), units(5), OrderProgress.NONE))).isInstanceOf(Signal.Trade.class);
  }

  @Test
  void checksItsSlicesAndScheduleAgainstTheBounds() {
    assertThat(twap.check(bounds(3, 10, 100), T0)).map(Refusal::reason).contains(RejectReason.EXCEEDS_PUBLIC_BOUNDS);
    assertThat(twap.check(bounds(4, 10, 100), T0)).isEmpty();
    TwapStrategy tooLong = new TwapStrategy(units(10), 2, 2 * 86_400, Optional.empty(), Optional.empty());
    assertThat(tooLong.check(bounds(5, 10, 100), T0)).map(Refusal::reason).contains(RejectReason.UNSCHEDULABLE);
  }

  @Property(tries = 200)
  void theSlicesAddUpToTheTotalAndDueTimesNeverDecrease(
      @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long total, @ForAll @IntRange(min = 1, max = 1_000) int slices,
      @ForAll @LongRange(min = 0, max = 10_000_000) long duration) {
    if (total < slices) return;
    TwapStrategy t = new TwapStrategy(BigInteger.valueOf(total), slices, duration, Optional.empty(), Optional.empty());
    BigInteger sum = BigInteger.ZERO;
    long previous = Long.MIN_VALUE;
    for (int k = 0; k < slices; k++) {
      assertThat(t.sizeOf(k).signum()).isPositive();
      sum = sum.add(t.sizeOf(k));
      assertThat(t.dueAt(T0, k)).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(T0 + duration);
      previous = t.dueAt(T0, k);
    }
    assertThat(sum).isEqualTo(BigInteger.valueOf(total));
  }
}
