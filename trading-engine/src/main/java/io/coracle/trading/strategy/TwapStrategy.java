package io.coracle.trading.strategy;

import io.coracle.trading.CloseCode;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * Time-weighted: sell {@code amountIn} in {@code slices} equal parts (the last takes the remainder),
 * part k due at submission + k * durationSeconds / slices, as CoW's TWAP orders. An overdue part
 * (the guest was down) goes as soon as possible and the next follows in the next block: no part is
 * skipped. With {@code minPrice}, a due part waits until its net price reaches it.
 * {@code {"kind":"twap","amountIn":"...","slices":4,"durationSeconds":3600,"minPrice":"2400"}}
 */
public final class TwapStrategy implements Strategy {
  public static final StrategyType TYPE = new StrategyType("twap", Set.of("amountIn", "slices", "durationSeconds", "minPrice"),
      p -> {
        StrategyFields f = p.fields();
        BigInteger amount = f.amount("amountIn");
        int slices = (int) f.integer("slices", 1, 1_000);
        long duration = f.integer("durationSeconds", 0, 10L * 365 * 86_400);
        if (f.problems().isEmpty() && amount.compareTo(BigInteger.valueOf(slices)) < 0) f.problem("'amountIn' is smaller than 'slices'");
        return new TwapStrategy(amount, slices, duration, f.optionalPrice("minPrice"), p.maxSlippageBps());
      });

  private final BigInteger amountIn;
  private final int slices;
  private final long durationSeconds;
  private final Optional<BigDecimal> minPrice;
  private final Optional<Integer> maxSlippageBps;

  public TwapStrategy(BigInteger amountIn, int slices, long durationSeconds, Optional<BigDecimal> minPrice, Optional<Integer> maxSlippageBps) {
    this.amountIn = amountIn;
    this.slices = slices;
    this.durationSeconds = durationSeconds;
    this.minPrice = minPrice;
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

  /** When part {@code k} (from 0) is due. */
  long dueAt(long startedAt, int k) {
    return startedAt + Math.multiplyExact(durationSeconds, k) / slices;
  }

  /** Part {@code k}'s size: equal parts, the last one takes the rounding remainder. */
  BigInteger sizeOf(int k) {
    BigInteger part = amountIn.divide(BigInteger.valueOf(slices));
    return k == slices - 1 ? amountIn.subtract(part.multiply(BigInteger.valueOf(slices - 1L))) : part;
  }

  @Override
  public Optional<Refusal> check(PublicBounds bounds, long startedAt) {
    if (sizeOf(slices - 1).compareTo(bounds.maxAmountPerExecution()) > 0) {
      return Optional.of(new Refusal(RejectReason.EXCEEDS_PUBLIC_BOUNDS, "a slice is larger than maxAmountPerExecution"));
    }
    if (dueAt(startedAt, slices - 1) >= bounds.expiry()) {
      return Optional.of(new Refusal(RejectReason.UNSCHEDULABLE, "the last slice falls after the intent's expiry"));
    }
    return Optional.empty();
  }

  @Override
  public Signal next(Tick tick) {
    int k = tick.progress().executions();
    if (k >= slices) return new Signal.Done(CloseCode.COMPLETED, "all " + slices + " slices executed");
    long due = dueAt(tick.startedAt(), k);
    if (tick.now() < due) return new Signal.Wait("slice " + (k + 1) + " of " + slices + " is due in " + (due - tick.now()) + " s");
    if (!tick.prices().available()) return new Signal.Wait("no price for the pool yet");
    BigInteger size = sizeOf(k);
    if (minPrice.isPresent() && tick.prices().quote(size).netPrice().compareTo(minPrice.get()) < 0) {
      return new Signal.Wait("slice " + (k + 1) + " of " + slices + " waits for its limit price");
    }
    return new Signal.Trade(size, "SLICE");
  }

  @Override
  public String toString() {
    return "TwapStrategy[parameters redacted]";
  }
}
