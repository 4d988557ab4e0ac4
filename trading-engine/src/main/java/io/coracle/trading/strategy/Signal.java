package io.coracle.trading.strategy;

import io.coracle.trading.CloseCode;
import java.math.BigInteger;
import java.util.Objects;

/** A strategy's answer to a tick. */
public sealed interface Signal {
  /** Nothing to do yet. {@code why} is for the order's status: it must not reveal parameters. */
  record Wait(String why) implements Signal {}

  /**
   * Sell {@code amountIn} now (the engine caps it at the per-execution bound and the remaining
   * escrow). {@code trigger} names the rule that fired (e.g. {@code STOP_LOSS}, {@code SLICE}).
   */
  record Trade(BigInteger amountIn, String trigger) implements Signal {
    public Trade {
      Objects.requireNonNull(amountIn, "amountIn");
      if (amountIn.signum() <= 0) throw new IllegalArgumentException("a trade sells a positive amount");
    }
  }

  /** The strategy is finished; whatever escrow is left goes back to the trader. */
  record Done(CloseCode code, String why) implements Signal {}
}
