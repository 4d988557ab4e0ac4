package io.coracle.trade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Human amounts and prices ("1.5" tWETH, "2400" tUSD per tWETH) to the base units the chain and
 * the strategy schema use, and back, by each token's decimals.
 */
public final class TokenAmounts {
  private TokenAmounts() {}

  /** "1.5" with 18 decimals is 1500000000000000000; refuses more fractional digits than the token has, and non-positive amounts. */
  public static BigInteger toBaseUnits(String human, int decimals) {
    BigDecimal d;
    try {
      d = new BigDecimal(human.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + human + "' is not a decimal amount");
    }
    if (d.signum() <= 0) throw new IllegalArgumentException("amount " + human + " must be positive");
    BigDecimal scaled = d.movePointRight(decimals);
    if (scaled.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("amount " + human + " has more than " + decimals + " decimals");
    }
    return scaled.toBigIntegerExact();
  }

  public static String toHuman(BigInteger units, int decimals) {
    return new BigDecimal(units).movePointLeft(decimals).stripTrailingZeros().toPlainString();
  }

  /** A price in output tokens per input token, as output base units per input base unit (the schema's prices). */
  public static String rawPrice(String humanPrice, int decimalsIn, int decimalsOut) {
    BigDecimal p;
    try {
      p = new BigDecimal(humanPrice.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + humanPrice + "' is not a decimal price");
    }
    if (p.signum() <= 0) throw new IllegalArgumentException("price " + humanPrice + " must be positive");
    BigDecimal raw = p.movePointRight(decimalsOut - decimalsIn).round(new MathContext(34, RoundingMode.HALF_EVEN));
    String s = raw.stripTrailingZeros().toPlainString();
    return s.contains(".") && s.length() - s.indexOf('.') - 1 > 40 ? raw.setScale(40, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString() : s;
  }
}
