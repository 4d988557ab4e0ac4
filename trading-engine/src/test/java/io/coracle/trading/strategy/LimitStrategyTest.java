package io.coracle.trading.strategy;

import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.poolAt;
import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.market.AmmMath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitStrategyTest {
  private final LimitStrategy limit = new LimitStrategy(units(2), new BigDecimal("2450"), Optional.empty());

  @Test
  void tradesOnlyWhenTheNetPriceOfTheRealSizeReachesTheLimit() {
    // 2,500 spot: 1 unit nets 2,500 * 0.997 * (1 - impact) ~ 2,490 >= 2,450
    Tick calm = new Tick(1, T0, T0, units(1), OrderProgress.NONE, new PriceView(poolAt(2_500), BigInteger.ZERO));
    assertThat(limit.next(calm)).isEqualTo(new Signal.Trade(units(1), "LIMIT_REACHED"));
    // 2,455 spot: after the 0.3% fee 1 unit nets ~2,445 < 2,450
    Tick close = new Tick(1, T0, T0, units(1), OrderProgress.NONE, new PriceView(poolAt(2_455), BigInteger.ZERO));
    assertThat(limit.next(close)).isInstanceOf(Signal.Wait.class);
  }

  @Test
  void gasCountsAgainstTheLimit() {
    BigInteger gross = AmmMath.amountOut(units(1), units(1_000), units(2_500_000));
    BigInteger gasThatBreaksIt = gross.subtract(units(2_450)).add(BigInteger.ONE);
    Tick withGas = new Tick(1, T0, T0, units(1), OrderProgress.NONE, new PriceView(poolAt(2_500), gasThatBreaksIt));
    assertThat(limit.next(withGas)).isInstanceOf(Signal.Wait.class);
    Tick justEnough = new Tick(1, T0, T0, units(1), OrderProgress.NONE, new PriceView(poolAt(2_500), gasThatBreaksIt.subtract(BigInteger.ONE)));
    assertThat(limit.next(justEnough)).isInstanceOf(Signal.Trade.class);
  }

  @Test
  void finishesWhenFilled() {
    OrderProgress done = OrderProgress.NONE.after(units(2), units(4_900), T0);
    assertThat(limit.next(new Tick(1, T0, T0, units(2), done, new PriceView(poolAt(2_500), BigInteger.ZERO)))).isInstanceOf(Signal.Done.class);
  }
}
