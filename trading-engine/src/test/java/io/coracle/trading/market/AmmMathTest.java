package io.coracle.trading.market;

import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AmmMathTest {
  @Test
  void knownAnswersOfTheV2Formula() {
    // 1 tWETH into 1,000 / 2,500,000: 997e18 * 2.5e24 / (1000e18 * 1000 + 997e18)
    BigInteger expected = new BigInteger("997").multiply(BigInteger.TEN.pow(18)).multiply(units(2_500_000))
        .divide(units(1_000).multiply(BigInteger.valueOf(1000)).add(new BigInteger("997").multiply(BigInteger.TEN.pow(18))));
    assertThat(AmmMath.amountOut(units(1), units(1_000), units(2_500_000))).isEqualTo(expected);
    assertThat(expected.toString()).startsWith("2490");
    assertThat(AmmMath.amountOut(BigInteger.valueOf(1000), BigInteger.valueOf(1000), BigInteger.valueOf(1000))).isEqualTo(BigInteger.valueOf(499));
    assertThat(AmmMath.amountOut(BigInteger.ZERO, units(1), units(1))).isZero();
    assertThat(AmmMath.amountOut(units(1), BigInteger.ZERO, units(1))).isZero();
    assertThat(AmmMath.lessBps(BigInteger.valueOf(10_000), 150)).isEqualTo(BigInteger.valueOf(9_850));
    assertThat(Reserves.forSelling("0x02", "0x01", BigInteger.ONE, BigInteger.TWO)).isEqualTo(new Reserves(BigInteger.TWO, BigInteger.ONE));
    assertThat(Reserves.forSelling("0x01", "0x02", BigInteger.ONE, BigInteger.TWO)).isEqualTo(new Reserves(BigInteger.ONE, BigInteger.TWO));
  }

  @Property(tries = 300)
  void theInvariantGrowsAndOutputIsBelowTheReserve(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long in, @ForAll @LongRange(min = 1_000, max = Long.MAX_VALUE) long rIn,
      @ForAll @LongRange(min = 1_000, max = Long.MAX_VALUE) long rOut) {
    Reserves before = new Reserves(BigInteger.valueOf(rIn), BigInteger.valueOf(rOut));
    BigInteger out = AmmMath.amountOut(BigInteger.valueOf(in), before.reserveIn(), before.reserveOut());
    assertThat(out).isLessThan(before.reserveOut());
    Reserves after = AmmMath.afterSwap(before, BigInteger.valueOf(in));
    assertThat(after.reserveIn().multiply(after.reserveOut())).isGreaterThanOrEqualTo(before.reserveIn().multiply(before.reserveOut()));
  }
}
