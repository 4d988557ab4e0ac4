package io.coracle.trading.engine;

/**
 * The guest's own limits, on top of each intent's public bounds.
 *
 * @param maxOpenIntentsPerTrader intents a trader may have open with this guest at once (more are rejected, RISK_LIMIT)
 * @param maxExecutionsPerTraderPerWindow executions per trader within {@code executionWindowSeconds} (more wait)
 * @param maxGasFractionBps an execution waits while its gas costs more than this share of its output
 * @param maxSlippageBps the engine's own cap on the tolerance it gives any execution
 * @param maxAttemptsPerSlice failed attempts of one slice before the intent is given up (closed, escrow returned)
 * @param breakerFailureThreshold consecutive failed executions, across all intents, that trip the circuit breaker
 */
public record RiskLimits(
    int maxOpenIntentsPerTrader,
    int maxExecutionsPerTraderPerWindow,
    long executionWindowSeconds,
    int maxGasFractionBps,
    int maxSlippageBps,
    int maxAttemptsPerSlice,
    int breakerFailureThreshold) {
  public RiskLimits {
    if (maxOpenIntentsPerTrader < 1 || maxExecutionsPerTraderPerWindow < 1 || executionWindowSeconds < 1) {
      throw new IllegalArgumentException("per-trader limits must be positive");
    }
    if (maxGasFractionBps < 0 || maxGasFractionBps > 10_000 || maxSlippageBps < 0 || maxSlippageBps > 5_000) {
      throw new IllegalArgumentException("maxGasFractionBps in 0..10000, maxSlippageBps in 0..5000");
    }
    if (maxAttemptsPerSlice < 1 || breakerFailureThreshold < 1) throw new IllegalArgumentException("attempt limits must be positive");
  }

  public static RiskLimits defaults() {
    return new RiskLimits(20, 120, 3_600, 500, 300, 5, 10);
  }
}
