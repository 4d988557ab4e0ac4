package io.coracle.trading.strategy;

import io.coracle.trading.CloseCode;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * Hummingbot's triple barrier as an exit: hold {@code amountIn} and sell it all when the net price
 * falls to {@code stopLossPrice}, rises to {@code takeProfitPrice}, or {@code timeLimitSeconds} have
 * passed since submission, whichever comes first (at least one barrier). Once the exit has started it
 * continues, slice after slice, until everything is sold, whatever the price does.
 * {@code {"kind":"triple-barrier","amountIn":"...","stopLossPrice":"2300","takeProfitPrice":"2700","timeLimitSeconds":3600}}
 */
public final class TripleBarrierStrategy implements Strategy {
  public static final StrategyType TYPE = new StrategyType("triple-barrier",
      Set.of("amountIn", "stopLossPrice", "takeProfitPrice", "timeLimitSeconds"),
      p -> {
        StrategyFields f = p.fields();
        BigInteger amount = f.amount("amountIn");
        Optional<BigDecimal> stop = f.optionalPrice("stopLossPrice");
        Optional<BigDecimal> take = f.optionalPrice("takeProfitPrice");
        Optional<Long> time = f.optionalInteger("timeLimitSeconds", 1, 10L * 365 * 86_400);
        if (stop.isEmpty() && take.isEmpty() && time.isEmpty() && f.problems().isEmpty()) {
          f.problem("at least one of 'stopLossPrice', 'takeProfitPrice', 'timeLimitSeconds' is required");
        }
        if (stop.isPresent() && take.isPresent() && stop.get().compareTo(take.get()) >= 0) {
          f.problem("'stopLossPrice' must be below 'takeProfitPrice'");
        }
        return new TripleBarrierStrategy(amount, stop, take, time, p.maxSlippageBps());
      });

  private final BigInteger amountIn;
  private final Optional<BigDecimal> stopLossPrice;
  private final Optional<BigDecimal> takeProfitPrice;
  private final Optional<Long> timeLimitSeconds;
  private final Optional<Integer> maxSlippageBps;

  public TripleBarrierStrategy(BigInteger amountIn, Optional<BigDecimal> stopLossPrice, Optional<BigDecimal> takeProfitPrice,
      Optional<Long> timeLimitSeconds, Optional<Integer> maxSlippageBps) {
    this.amountIn = amountIn;
    this.stopLossPrice = stopLossPrice;
    this.takeProfitPrice = takeProfitPrice;
    this.timeLimitSeconds = timeLimitSeconds;
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
  public Optional<Refusal> check(PublicBounds bounds, long startedAt) {
    if (timeLimitSeconds.isPresent() && startedAt + timeLimitSeconds.get() >= bounds.expiry()) {
      return Optional.of(new Refusal(RejectReason.UNSCHEDULABLE, "the time barrier falls after the intent's expiry"));
    }
    return Optional.empty();
  }

  @Override
  public Signal next(Tick tick) {
    BigInteger size = tick.nextSizeOf(amountIn);
    if (size.signum() == 0) return new Signal.Done(CloseCode.COMPLETED, "exited");
    if (!tick.prices().available()) return new Signal.Wait("no price for the pool yet");
    if (tick.progress().executions() > 0) return new Signal.Trade(size, "EXIT_CONTINUES");
    BigDecimal price = tick.prices().quote(size).netPrice();
    if (stopLossPrice.isPresent() && price.compareTo(stopLossPrice.get()) <= 0) return new Signal.Trade(size, "STOP_LOSS");
    if (takeProfitPrice.isPresent() && price.compareTo(takeProfitPrice.get()) >= 0) return new Signal.Trade(size, "TAKE_PROFIT");
    if (timeLimitSeconds.isPresent() && tick.elapsed() >= timeLimitSeconds.get()) return new Signal.Trade(size, "TIME_LIMIT");
    return new Signal.Wait("within the barriers");
  }

  @Override
  public String toString() {
    return "TripleBarrierStrategy[parameters redacted]";
  }
}
