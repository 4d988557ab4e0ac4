package io.coracle.trading.strategy;

import java.math.BigInteger;
import java.util.Objects;

/**
 * How far an intent has got, from executions confirmed on-chain: slice count, input spent, output
 * received, and the block time of the last execution (0 before the first).
 */
public record OrderProgress(int executions, BigInteger spent, BigInteger received, long lastExecutionAt) {
  public static final OrderProgress NONE = new OrderProgress(0, BigInteger.ZERO, BigInteger.ZERO, 0);

  public OrderProgress {
    Objects.requireNonNull(spent, "spent");
    Objects.requireNonNull(received, "received");
    if (executions < 0 || spent.signum() < 0 || received.signum() < 0) throw new IllegalArgumentException("progress is not negative");
  }

  public OrderProgress after(BigInteger amountIn, BigInteger amountOut, long at) {
    return new OrderProgress(executions + 1, spent.add(amountIn), received.add(amountOut), at);
  }
}
