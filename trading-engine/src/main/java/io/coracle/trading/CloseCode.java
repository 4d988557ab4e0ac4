package io.coracle.trading;

import java.util.Optional;

/**
 * Why an intent ended with escrow left ({@code StrategyVault.finishIntent(intentId, code)}); 1 is
 * also what the vault itself reports when the last slice spends the whole escrow. (2 is unused.)
 */
public enum CloseCode {
  /** The strategy did everything it was asked to. */
  COMPLETED(1),
  /** The intent's expiry passed before the strategy could finish. */
  EXPIRED(3),
  /** The engine gave up after repeated failed executions of the same slice. */
  FAILED(4);

  private final int code;

  CloseCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<CloseCode> ofCode(int code) {
    for (CloseCode c : values()) {
      if (c.code == code) return Optional.of(c);
    }
    return Optional.empty();
  }
}
