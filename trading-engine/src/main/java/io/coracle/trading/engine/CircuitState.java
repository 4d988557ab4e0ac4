package io.coracle.trading.engine;

/**
 * The global circuit breaker: while tripped, no execution is decided (refunds still are). The
 * operator trips and resets it; it also trips itself after {@code threshold} consecutive failed
 * executions, across all intents (something is wrong with the chain, the pool or the guest).
 */
public record CircuitState(boolean tripped, String reason, int consecutiveFailures) {
  public static final CircuitState CLOSED = new CircuitState(false, null, 0);

  public CircuitState {
    if (consecutiveFailures < 0) throw new IllegalArgumentException("consecutiveFailures >= 0");
    if (tripped && (reason == null || reason.isBlank())) throw new IllegalArgumentException("a tripped breaker has a reason");
  }

  public CircuitState trip(String why) {
    return new CircuitState(true, why, consecutiveFailures);
  }

  public CircuitState reset() {
    return CLOSED;
  }

  public CircuitState afterSuccess() {
    return new CircuitState(tripped, reason, 0);
  }

  public CircuitState afterFailure(int threshold) {
    int n = consecutiveFailures + 1;
    if (!tripped && n >= threshold) return new CircuitState(true, n + " consecutive failed executions", n);
    return new CircuitState(tripped, reason, n);
  }
}
