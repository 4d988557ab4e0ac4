package io.coracle.trading.strategy;

import io.coracle.trading.market.AmmMath;
import io.coracle.trading.market.Reserves;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The pool as a strategy sees it at one tick: quotes for any input size, with the 0.3% fee, the price
 * impact and the execution's gas (priced in the output token) all included.
 */
public final class PriceView {
  private final Reserves reserves;
  private final BigInteger gasCostOut;

  /**
   * @param reserves null when the pool has not been observed
   * @param gasCostOut one execution's gas in the output token's smallest units
   */
  public PriceView(Reserves reserves, BigInteger gasCostOut) {
    this.reserves = reserves;
    this.gasCostOut = gasCostOut;
  }

  /** Gas priced from wei: {@code gasUnits * gasPriceWei * outPerNativeWei}, rounded up. */
  public static BigInteger gasCostOut(long gasUnits, BigInteger gasPriceWei, BigDecimal outPerNativeWei) {
    return new BigDecimal(gasPriceWei.multiply(BigInteger.valueOf(gasUnits))).multiply(outPerNativeWei)
        .setScale(0, RoundingMode.CEILING).toBigIntegerExact();
  }

  public boolean available() {
    return reserves != null && !reserves.isEmpty();
  }

  public BigDecimal spotPrice() {
    return reserves == null ? BigDecimal.ZERO : AmmMath.spotPrice(reserves);
  }

  public BigInteger gasCostOut() {
    return gasCostOut;
  }

  public Quote quote(BigInteger amountIn) {
    if (!available()) throw new IllegalStateException("no price: the pool has not been observed");
    BigInteger gross = AmmMath.amountOut(amountIn, reserves.reserveIn(), reserves.reserveOut());
    BigInteger net = gross.subtract(gasCostOut).max(BigInteger.ZERO);
    return new Quote(amountIn, gross, gasCostOut, net);
  }
}
