package io.coracle.trading.strategy;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One moment a strategy is asked about: the block (number and time), when the intent was submitted
 * (the strategy's clock starts there), the intent's per-execution bound (so a strategy prices the
 * size it will really trade), its progress, and the pool's prices.
 */
public record Tick(long blockNumber, long now, long startedAt, BigInteger maxPerExecution, OrderProgress progress, PriceView prices) {
  public Tick {
    Objects.requireNonNull(maxPerExecution, "maxPerExecution");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(prices, "prices");
  }

  public long elapsed() {
    return Math.max(0, now - startedAt);
  }

  /** What is left of {@code budget} after the executions so far. */
  public BigInteger remainingOf(BigInteger budget) {
    return budget.subtract(progress.spent()).max(BigInteger.ZERO);
  }

  /** The next execution's size when selling what is left of {@code budget}: capped by the per-execution bound. */
  public BigInteger nextSizeOf(BigInteger budget) {
    return remainingOf(budget).min(maxPerExecution);
  }
}
