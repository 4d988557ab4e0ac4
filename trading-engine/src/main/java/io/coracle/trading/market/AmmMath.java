package io.coracle.trading.market;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Uniswap V2 arithmetic with the 0.3% fee, bit for bit as UniswapV2Library (and the devnet router)
 * computes it, so that what the engine expects is what the pool pays.
 */
public final class AmmMath {
  public static final MathContext PRICE = MathContext.DECIMAL128;
  private static final BigInteger FEE_NUMERATOR = BigInteger.valueOf(997);
  private static final BigInteger FEE_DENOMINATOR = BigInteger.valueOf(1000);

  private AmmMath() {}

  /** amountOut = in*997*rOut / (rIn*1000 + in*997); zero for a zero input or an empty pool. */
  public static BigInteger amountOut(BigInteger amountIn, BigInteger reserveIn, BigInteger reserveOut) {
    if (amountIn.signum() <= 0 || reserveIn.signum() <= 0 || reserveOut.signum() <= 0) return BigInteger.ZERO;
    BigInteger inWithFee = amountIn.multiply(FEE_NUMERATOR);
    return inWithFee.multiply(reserveOut).divide(reserveIn.multiply(FEE_DENOMINATOR).add(inWithFee));
  }

  /** The reserves after selling {@code amountIn} into the pool (the pool keeps the fee). */
  public static Reserves afterSwap(Reserves r, BigInteger amountIn) {
    BigInteger out = amountOut(amountIn, r.reserveIn(), r.reserveOut());
    return new Reserves(r.reserveIn().add(amountIn), r.reserveOut().subtract(out));
  }

  /** tokenOut per tokenIn at the margin, before fee: reserveOut / reserveIn. */
  public static BigDecimal spotPrice(Reserves r) {
    if (r.reserveIn().signum() == 0) return BigDecimal.ZERO;
    return new BigDecimal(r.reserveOut()).divide(new BigDecimal(r.reserveIn()), PRICE);
  }

  /** out / in as a price, zero for a zero input. */
  public static BigDecimal price(BigInteger amountOut, BigInteger amountIn) {
    if (amountIn.signum() <= 0) return BigDecimal.ZERO;
    return new BigDecimal(amountOut).divide(new BigDecimal(amountIn), PRICE);
  }

  /** {@code amount * (10000 - bps) / 10000}, rounded down as the vault does. */
  public static BigInteger lessBps(BigInteger amount, int bps) {
    return amount.multiply(BigInteger.valueOf(10_000L - bps)).divide(BigInteger.valueOf(10_000));
  }
}
