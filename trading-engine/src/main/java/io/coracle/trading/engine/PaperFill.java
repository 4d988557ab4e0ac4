package io.coracle.trading.engine;

import io.coracle.trading.market.AmmMath;
import io.coracle.trading.market.Reserves;
import java.math.BigInteger;

/**
 * A simulated execution for paper mode and backtests: what the pool would pay at the given reserves
 * (Uniswap V2 arithmetic, fee and price impact included), gas priced in the output token.
 */
public record PaperFill(int sliceIndex, BigInteger amountIn, BigInteger amountOut, BigInteger gasCostOut, long at, String trigger) {
  public static PaperFill of(Decision.Execute e, Reserves reserves, long at) {
    BigInteger out = AmmMath.amountOut(e.amountIn(), reserves.reserveIn(), reserves.reserveOut());
    return new PaperFill(e.sliceIndex(), e.amountIn(), out, e.gasCostOut(), at, e.trigger());
  }

  /** Whether the real swap would have gone through: the pool pays at least the bound. */
  public boolean meets(BigInteger minAmountOut) {
    return amountOut.compareTo(minAmountOut) >= 0;
  }
}
