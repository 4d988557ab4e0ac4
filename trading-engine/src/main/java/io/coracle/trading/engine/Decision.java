package io.coracle.trading.engine;

import io.coracle.trading.CloseCode;
import java.math.BigInteger;
import java.util.Objects;

/** What the engine decided for one intent at one block. */
public sealed interface Decision {
  /** Nothing now. The reason is for the operator's eyes and tests; it may hint at the strategy, so APIs do not show it. */
  record Hold(String reason) implements Decision {}

  /**
   * Execute slice {@code sliceIndex}: sell {@code amountIn} for at least {@code minAmountOut}, valid until
   * {@code deadline}. {@code expectedOut} is the pool's output now; {@code gasCostOut} the gas in output units.
   */
  record Execute(int sliceIndex, BigInteger amountIn, BigInteger expectedOut, BigInteger minAmountOut, long deadline,
      BigInteger gasCostOut, String trigger) implements Decision {
    public Execute {
      Objects.requireNonNull(amountIn, "amountIn");
      Objects.requireNonNull(expectedOut, "expectedOut");
      Objects.requireNonNull(minAmountOut, "minAmountOut");
      Objects.requireNonNull(gasCostOut, "gasCostOut");
    }
  }

  /** Close the intent and return the escrow left ({@code finishIntent}). */
  record Finish(CloseCode code, String reason) implements Decision {}
}
