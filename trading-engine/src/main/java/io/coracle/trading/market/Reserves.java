package io.coracle.trading.market;

import java.math.BigInteger;
import java.util.Objects;

/** A pool's reserves seen from one side of a trade: what goes in, what comes out. */
public record Reserves(BigInteger reserveIn, BigInteger reserveOut) {
  public Reserves {
    Objects.requireNonNull(reserveIn, "reserveIn");
    Objects.requireNonNull(reserveOut, "reserveOut");
    if (reserveIn.signum() < 0 || reserveOut.signum() < 0) throw new IllegalArgumentException("reserves are not negative");
  }

  /**
   * Orients a pair's (reserve0, reserve1) for selling {@code tokenIn}: Uniswap V2 orders a pair's tokens
   * by address, so token0 is the lower one.
   */
  public static Reserves forSelling(String tokenIn, String tokenOut, BigInteger reserve0, BigInteger reserve1) {
    boolean inIsToken0 = new BigInteger(1, hex(tokenIn)).compareTo(new BigInteger(1, hex(tokenOut))) < 0;
    return inIsToken0 ? new Reserves(reserve0, reserve1) : new Reserves(reserve1, reserve0);
  }

  public boolean isEmpty() {
    return reserveIn.signum() == 0 || reserveOut.signum() == 0;
  }

  private static byte[] hex(String address) {
    String h = address.startsWith("0x") ? address.substring(2) : address;
    return java.util.HexFormat.of().parseHex(h);
  }
}
