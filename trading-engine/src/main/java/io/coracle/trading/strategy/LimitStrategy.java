package io.coracle.trading.strategy;

import io.coracle.trading.CloseCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * Sell {@code amountIn} only at {@code limitPrice} or better: each execution goes ahead when its own
 * net price (output after the pool's fee, price impact and the execution's gas, per unit of input)
 * reaches the limit; large orders fill in slices of the per-execution bound as the price allows.
 * Prices are output units per input unit (smallest units of each token).
 * {@code {"kind":"limit","amountIn":"...","limitPrice":"2400"}}
 */
public final class LimitStrategy implements Strategy {
  public static final StrategyType TYPE = new StrategyType("limit", Set.of("amountIn", "limitPrice"),
      p -> new LimitStrategy(p.fields().amount("amountIn"), p.fields().price("limitPrice"), p.maxSlippageBps()));

  private final BigInteger amountIn;
  private final BigDecimal limitPrice;
  private final Optional<Integer> maxSlippageBps;

  public LimitStrategy(BigInteger amountIn, BigDecimal limitPrice, Optional<Integer> maxSlippageBps) {
    this.amountIn = amountIn;
    this.limitPrice = limitPrice;
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
    if (size.signum() == 0) return new Signal.Done(CloseCode.COMPLETED, "filled");
    if (!tick.prices().available()) return new Signal.Wait("no price for the pool yet");
    Quote q = tick.prices().quote(size);
    if (q.netPrice().compareTo(limitPrice) < 0) return new Signal.Wait("waiting for the limit price");
    return new Signal.Trade(size, "LIMIT_REACHED");
  }

  @Override
  public String toString() {
    return "LimitStrategy[parameters redacted]";
  }
}
