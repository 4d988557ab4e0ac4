package io.coracle.trading;

import java.util.Optional;

/**
 * Why the guest rejects an intent on-chain ({@code StrategyVault.rejectIntent(intentId, code)});
 * the codes are the vault's {@code REJECT_*} constants.
 */
public enum RejectReason {
  /** The envelope does not decrypt with this guest's key for this intent and trader. */
  UNDECRYPTABLE(1),
  /** The plaintext is not a strategy document of a known schema version, or a field is invalid. */
  MALFORMED_STRATEGY(2),
  /** A well-formed document of a kind this engine does not run. */
  UNSUPPORTED_STRATEGY(3),
  /** The strategy needs more than the public bounds allow (amounts, slippage, pair). */
  EXCEEDS_PUBLIC_BOUNDS(4),
  /** Refused by a risk limit of this guest (per-trader limits). */
  RISK_LIMIT(5),
  /** The schedule cannot finish before the intent expires. */
  UNSCHEDULABLE(6);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<RejectReason> ofCode(int code) {
    for (RejectReason r : values()) {
      if (r.code == code) return Optional.of(r);
    }
    return Optional.empty();
  }
}
