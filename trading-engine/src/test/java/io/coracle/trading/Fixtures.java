package io.coracle.trading;

import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceGuard;
import io.coracle.trading.market.Reserves;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.PriceView;
import io.coracle.trading.strategy.Tick;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Test data: an intent selling tWETH (the native token) for tUSD on a 1,000 / 2,500,000 pool. */
public final class Fixtures {
  public static final BigInteger UNIT = BigInteger.TEN.pow(18);
  public static final String WETH = "0x1000000000000000000000000000000000000001";
  public static final String USD = "0x2000000000000000000000000000000000000002";
  public static final long T0 = 1_700_000_000L;
  public static final Reserves POOL = new Reserves(units(1_000), units(2_500_000));

  private Fixtures() {}

  public static BigInteger units(long n) {
    return UNIT.multiply(BigInteger.valueOf(n));
  }

  public static PublicBounds bounds(long perExecution, long total, int slippageBps) {
    return new PublicBounds(WETH, USD, units(perExecution), units(total), T0 + 86_400, slippageBps);
  }

  public static Intent intent(PublicBounds bounds) {
    return new Intent("0x" + "ab".repeat(32), "0x" + "cd".repeat(20), "0x" + "ef".repeat(32), bounds, T0, 100);
  }

  public static byte[] doc(String kindAndFields) {
    return ("{\"schema\":\"coracle.strategy\",\"version\":1," + kindAndFields + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** A calm market at {@code now} on {@code reserves}, 1 gwei gas, tWETH as the input (gas priced by the pool). */
  public static MarketSnapshot market(long now, Reserves reserves) {
    return new MarketSnapshot(1_000 + (now - T0), now, BigInteger.valueOf(1_000_000_000L), reserves,
        MarketSnapshot.nativeRate(WETH, USD, WETH, reserves), new PriceGuard.Calm(0));
  }

  /** A tick without gas, with the given per-execution cap. */
  public static Tick tick(long now, Reserves reserves, BigInteger maxPerExecution, OrderProgress progress) {
    return new Tick(1_000 + (now - T0), now, T0, maxPerExecution, progress, new PriceView(reserves, BigInteger.ZERO));
  }

  /** Reserves giving spot price {@code price} tUSD per tWETH with 1,000 tWETH in the pool. */
  public static Reserves poolAt(long price) {
    return new Reserves(units(1_000), units(1_000).multiply(BigInteger.valueOf(price)));
  }

  public static Optional<BigDecimal> none() {
    return Optional.empty();
  }
}
