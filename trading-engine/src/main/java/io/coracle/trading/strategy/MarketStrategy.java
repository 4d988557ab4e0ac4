package io.coracle.trading.strategy;

import io.coracle.trading.CloseCode;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * Sell {@code amountIn} now, at the pool's price, in as many executions as the per-execution bound
 * requires (one per block). {@code {"kind":"market","amountIn":"..."}}
 */
public final class MarketStrategy implements Strategy {
  public static final StrategyType TYPE = new StrategyType("market", Set.of("amountIn"),
      p -> new MarketStrategy(p.fields().amount("amountIn"), p.maxSlippageBps()));

  private final BigInteger amountIn;
  private final Optional<Integer> maxSlippageBps;

  public MarketStrategy(BigInteger amountIn, Optional<Integer> maxSlippageBps) {
    this.amountIn = amountIn;
    this.maxSlippageBps = maxSlippageBps;
  }

  @Override
  public String kind() {
    return TYPE.kind();
  }

  @Override
  public BigInteger budget() {
    return amountIn;
  }

  @Override
  public Optional<Integer> maxSlippageBps() {
    return maxSlippageBps;
  }

  @Override
  public Signal next(Tick tick) {
    BigInteger size = tick.nextSizeOf(amountIn);
    if (size.signum() == 0) return new Signal.Done(CloseCode.COMPLETED, "sold everything");
    if (!tick.prices().available()) return new Signal.Wait("no price for the pool yet");
    return new Signal.Trade(size, "MARKET");
  }

  @Override
  public String toString() {
    return "MarketStrategy[parameters redacted]";
  }
}
