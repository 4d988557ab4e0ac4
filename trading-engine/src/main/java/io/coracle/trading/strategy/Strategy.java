package io.coracle.trading.strategy;

import io.coracle.trading.PublicBounds;
import java.math.BigInteger;
import java.util.Optional;

/**
 * A trading strategy, decrypted inside the guest. It is fed a {@link Tick} (a block and the pool's
 * price, with gas counted) and says what to do now; it keeps no state of its own, so its decisions
 * follow from the persisted progress alone and survive a crash. Implementations hold the trader's
 * secret parameters: their {@code toString} must not show them.
 *
 * <p>To add a strategy: one class implementing this with a static {@link StrategyType} (its JSON
 * kind and parser), its line in {@link StrategyCatalog}, and its test.
 */
public interface Strategy {
  /** The JSON {@code kind}. */
  String kind();

  /** The most input it will ever spend; must fit the intent's maxAmountTotal. */
  BigInteger budget();

  /** The slippage the trader asked for, if any (the public bound caps it anyway). */
  Optional<Integer> maxSlippageBps();

  /** Strategy-specific checks against the public bounds, at acceptance; empty when acceptable. */
  default Optional<Refusal> check(PublicBounds bounds, long startedAt) {
    return Optional.empty();
  }

  /** What to do at this tick. */
  Signal next(Tick tick);
}
