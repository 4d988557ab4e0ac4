package io.coracle.trading.engine;

import io.coracle.trading.market.PriceGuard;
import java.util.Objects;

/**
 * How the engine decides.
 *
 * @param gasUnitsPerExecution the gas an execute() costs (measured on the vault), priced into every decision
 * @param deadlineSeconds how long a signed execution stays valid (the vault caps it at an hour)
 * @param enforceBounds false only to prove the vault refuses what a broken engine asks: the engine then
 *     neither clamps amounts to the public bounds nor caps slippage by them
 */
public record EngineConfig(RiskLimits limits, PriceGuard guard, long gasUnitsPerExecution, long deadlineSeconds, boolean enforceBounds) {
  public EngineConfig {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(guard, "guard");
    if (gasUnitsPerExecution < 21_000) throw new IllegalArgumentException("gasUnitsPerExecution >= 21000");
    if (deadlineSeconds < 1 || deadlineSeconds > 3_600) throw new IllegalArgumentException("deadlineSeconds in 1..3600");
  }

  /** 3-block guard at 5% (500 bps), 250k gas per execution, 2-minute deadlines. */
  public static EngineConfig defaults() {
    return new EngineConfig(RiskLimits.defaults(), new PriceGuard(3, 500), 250_000, 120, true);
  }

  public EngineConfig withLimits(RiskLimits l) {
    return new EngineConfig(l, guard, gasUnitsPerExecution, deadlineSeconds, enforceBounds);
  }

  public EngineConfig withGuard(PriceGuard g) {
    return new EngineConfig(limits, g, gasUnitsPerExecution, deadlineSeconds, enforceBounds);
  }

  public EngineConfig breakingBounds() {
    return new EngineConfig(limits, guard, gasUnitsPerExecution, deadlineSeconds, false);
  }
}
