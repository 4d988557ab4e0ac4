package io.coracle.trading.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PriceGuardTest {
  private final PriceGuard guard = new PriceGuard(3, 200);

  private static PriceObservation at(long block, long logIndex, long r0, long r1, boolean own) {
    return new PriceObservation("0xpair", block, logIndex, BigInteger.valueOf(r0), BigInteger.valueOf(r1), own);
  }

  @Test
  void calmWhenPricesBarelyMove() {
    List<PriceObservation> o = List.of(at(1, 0, 1_000, 2_500_000, false), at(9, 0, 1_000, 2_510_000, false));
    assertThat(guard.check(o, 10)).isInstanceOf(PriceGuard.Calm.class);
  }

  @Test
  void movedWhenOthersPushThePriceWithinTheWindow() {
    List<PriceObservation> o = List.of(at(1, 0, 1_000, 2_500_000, false), at(9, 0, 1_000, 2_600_000, false));
    assertThat(guard.check(o, 10)).isEqualTo(new PriceGuard.Moved(392, 3));
    // ... and calm again once the move has left the window
    assertThat(guard.check(o, 12)).isInstanceOf(PriceGuard.Calm.class);
  }

  @Test
  void aSandwichPushAndPullBackCountsTwice() {
    List<PriceObservation> o = List.of(at(1, 0, 1_000, 2_500_000, false), at(10, 0, 1_000, 2_530_000, false), at(10, 2, 1_000, 2_500_000, false));
    PriceGuard.Verdict v = guard.check(o, 10);
    assertThat(v).isInstanceOf(PriceGuard.Moved.class);
    assertThat(((PriceGuard.Moved) v).movedBps()).isBetween(230, 245);
  }

  @Test
  void ourOwnExecutionsDoNotCount() {
    List<PriceObservation> o = List.of(at(1, 0, 1_000, 2_500_000, false), at(9, 0, 1_100, 2_300_000, true));
    assertThat(guard.check(o, 10)).isInstanceOf(PriceGuard.Calm.class);
  }

  @Test
  void noObservationNoPriceAndFutureOnesIgnored() {
    assertThat(guard.check(List.of(), 10)).isInstanceOf(PriceGuard.NoPrice.class);
    List<PriceObservation> o = List.of(at(1, 0, 1_000, 2_500_000, false), at(11, 0, 1_000, 5_000_000, false));
    assertThat(guard.check(o, 10)).isInstanceOf(PriceGuard.Calm.class);
  }

  @Property(tries = 200)
  void theMoveNeverDependsOnTheOrderObservationsArriveIn(@ForAll @IntRange(min = 2, max = 12) int n, @ForAll long seed) {
    java.util.Random r = new java.util.Random(seed);
    List<PriceObservation> o = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      o.add(at(i / 2, i % 2, 1_000 + r.nextInt(50), 2_500_000 + r.nextInt(100_000), r.nextBoolean()));
    }
    PriceGuard.Verdict a = guard.check(o, n / 2);
    java.util.Collections.shuffle(o, r);
    assertThat(guard.check(o, n / 2)).isEqualTo(a);
  }
}
