package io.coracle.trading.market;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows about the market for one intent at one block: the block, the pool's
 * reserves oriented for the intent's trade, the gas price, the price of gas in the output token,
 * and the manipulation guard's verdict for the pool.
 *
 * @param reserves null when the pool has never been observed
 * @param outPerNativeWei how many smallest units of the output token one wei of the native token
 *     is worth; empty when no pool prices it (then no execution can account for gas)
 */
public record MarketSnapshot(
    long blockNumber,
    long timestamp,
    BigInteger gasPriceWei,
    Reserves reserves,
    Optional<BigDecimal> outPerNativeWei,
    PriceGuard.Verdict guard) {
  public MarketSnapshot {
    Objects.requireNonNull(gasPriceWei, "gasPriceWei");
    Objects.requireNonNull(outPerNativeWei, "outPerNativeWei");
    Objects.requireNonNull(guard, "guard");
  }

  /**
   * The price of one wei in the output token, when one side of the intent's own pool is the
   * wrapped native token: 1 if the output is native, the pool's spot price if the input is.
   */
  public static Optional<BigDecimal> nativeRate(String tokenIn, String tokenOut, String nativeToken, Reserves reserves) {
    if (nativeToken == null) return Optional.empty();
    if (tokenOut.equalsIgnoreCase(nativeToken)) return Optional.of(BigDecimal.ONE);
    if (tokenIn.equalsIgnoreCase(nativeToken) && reserves != null && !reserves.isEmpty()) {
      return Optional.of(AmmMath.spotPrice(reserves));
    }
    return Optional.empty();
  }
}
