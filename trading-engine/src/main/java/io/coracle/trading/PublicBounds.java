package io.coracle.trading;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;

/**
 * An intent's public bounds, as the StrategyVault stores and enforces them. Token addresses are
 * lower-case 0x-hex; amounts in the tokens' smallest units.
 *
 * @param expiry unix seconds; no execution after it
 * @param maxSlippageBps an execution's amountOutMin must be at least the pool's quote less this
 */
public record PublicBounds(
    String tokenIn, String tokenOut, BigInteger maxAmountPerExecution, BigInteger maxAmountTotal, long expiry, int maxSlippageBps) {
  public PublicBounds {
    tokenIn = Objects.requireNonNull(tokenIn, "tokenIn").toLowerCase(Locale.ROOT);
    tokenOut = Objects.requireNonNull(tokenOut, "tokenOut").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(maxAmountPerExecution, "maxAmountPerExecution");
    Objects.requireNonNull(maxAmountTotal, "maxAmountTotal");
    if (maxAmountPerExecution.signum() <= 0 || maxAmountPerExecution.compareTo(maxAmountTotal) > 0) {
      throw new IllegalArgumentException("0 < maxAmountPerExecution <= maxAmountTotal");
    }
    if (maxSlippageBps < 0 || maxSlippageBps > 5_000) {
      throw new IllegalArgumentException("maxSlippageBps must be in 0..5000");
    }
  }
}
