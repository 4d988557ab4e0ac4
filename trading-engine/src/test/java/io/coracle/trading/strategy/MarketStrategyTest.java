package io.coracle.trading.strategy;

import static io.coracle.trading.Fixtures.POOL;
import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.CloseCode;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarketStrategyTest {
  private final MarketStrategy market = new MarketStrategy(units(5), Optional.empty());

  @Test
  void sellsAtOnceInSlicesOfThePerExecutionBoundUntilDone() {
    OrderProgress p = OrderProgress.NONE;
    assertThat(market.next(io.coracle.trading.Fixtures.tick(T0, POOL, units(2), p))).isEqualTo(new Signal.Trade(units(2), "MARKET"));
    p = p.after(units(2), BigInteger.ONE, T0);
    p = p.after(units(2), BigInteger.ONE, T0 + 1);
    assertThat(market.next(io.coracle.trading.Fixtures.tick(T0 + 2, POOL, units(2), p))).isEqualTo(new Signal.Trade(units(1), "MARKET"));
    p = p.after(units(1), BigInteger.ONE, T0 + 2);
    assertThat(market.next(io.coracle.trading.Fixtures.tick(T0 + 3, POOL, units(2), p))).isInstanceOf(Signal.Done.class)
        .extracting(s -> ((Signal.Done) s).code()).isEqualTo(CloseCode.COMPLETED);
  }

  @Test
  void waitsWithoutAPrice() {
    assertThat(market.next(io.coracle.trading.Fixtures.tick(T0, null, units(2), OrderProgress.NONE))).isInstanceOf(Signal.Wait.class);
  }
}
