package io.coracle.trading.strategy;

import io.coracle.trading.CloseCode;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.RejectReason;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;

/**
 * Dollar-cost averaging: spend {@code amountPerBuy} every {@code intervalSeconds}, {@code buys} times,
 * the first at once: buy k is due at submission + k * intervalSeconds. With {@code minPrice} a due buy
 * waits until its net price (output per input) reaches it. Late buys (a wait, a guest restart) catch
 * up at no less than half an interval apart: buys are never skipped, doubled or bunched.
 * {@code {"kind":"dca","amountPerBuy":"...","buys":12,"intervalSeconds":86400,"minPrice":"0.0004"}}
 */
public final class DcaStrategy implements Strategy {
  public static final StrategyType TYPE = new StrategyType("dca", Set.of("amountPerBuy", "buys", "intervalSeconds", "minPrice"),
      p -> {
        StrategyFields f = p.fields();
        return new DcaStrategy(f.amount("amountPerBuy"), (int) f.integer("buys", 1, 1_000),
            f.integer("intervalSeconds", 1, 365L * 86_400), f.optionalPrice("minPrice"), p.maxSlippageBps());
      });

  private final BigInteger amountPerBuy;
  private final int buys;
  private final long intervalSeconds;
  private final Optional<BigDecimal> minPrice;
  private final Optional<Integer> maxSlippageBps;

  public DcaStrategy(BigInteger amountPerBuy, int buys, long intervalSeconds, Optional<BigDecimal> minPrice, Optional<Integer> maxSlippageBps) {
    this.amountPerBuy = amountPerBuy;
    this.buys = buys;
    this.intervalSeconds = intervalSeconds;
    this.minPrice = minPrice;
    this.maxSlippageBps = maxSlippageBps;
  }

  @Override
  public String kind() {
    return TYPE.kind();
  }

  @Override
  public BigInteger budget() {
    return amountPerBuy.multiply(BigInteger.valueOf(buys));
  }

  @Override
  public Optional<Integer> maxSlippageBps() {
    return maxSlippageBps;
  }

  @Override
  public Optional<Refusal> check(PublicBounds bounds, long startedAt) {
    if (amountPerBuy.compareTo(bounds.maxAmountPerExecution()) > 0) {
      return Optional.of(new Refusal(RejectReason.EXCEEDS_PUBLIC_BOUNDS, "a buy is larger than maxAmountPerExecution"));
    }
    if (startedAt + intervalSeconds * (buys - 1L) >= bounds.expiry()) {
      return Optional.of(new Refusal(RejectReason.UNSCHEDULABLE, "the last buy falls after the intent's expiry"));
    }
    return Optional.empty();
  }

  @Override
  public Signal next(Tick tick) {
    int k = tick.progress().executions();
    if (k >= buys) return new Signal.Done(CloseCode.COMPLETED, "all " + buys + " buys done");
    // On schedule normally; after a late buy the next keeps at least half an interval's distance.
    long due = k == 0 ? tick.startedAt() : Math.max(tick.startedAt() + intervalSeconds * k, tick.progress().lastExecutionAt() + intervalSeconds / 2);
    if (tick.now() < due) return new Signal.Wait("buy " + (k + 1) + " of " + buys + " is due in " + (due - tick.now()) + " s");
    if (!tick.prices().available()) return new Signal.Wait("no price for the pool yet");
    if (minPrice.isPresent() && tick.prices().quote(amountPerBuy).netPrice().compareTo(minPrice.get()) < 0) {
      return new Signal.Wait("buy " + (k + 1) + " of " + buys + " waits for its limit price");
    }
    return new Signal.Trade(amountPerBuy, "BUY");
  }

  @Override
  public String toString() {
    return "DcaStrategy[parameters redacted]";
  }
}
