package io.coracle.oracle.trading;

/**
 * An intent's life in this guest, after Hummingbot's order states. Final states come from the
 * vault's own events, so the ledger follows the chain.
 */
public enum OrderState {
  /** Accepted; no slice executed yet. */
  OPEN,
  /** At least one slice executed. */
  PARTIALLY_FILLED,
  /** The whole escrow was swapped (the vault completed the intent). */
  FILLED,
  /** Closed by the guest with escrow left: the strategy was done (close code COMPLETED). */
  COMPLETED,
  /** Closed after its expiry (by the guest, or by anyone through releaseExpired). */
  EXPIRED,
  /** Given up after repeated failed executions. */
  FAILED,
  /** The trader's kill switch. */
  CANCELLED,
  /** Undecryptable or invalid: a rejectIntent is on its way. */
  PENDING_REJECT,
  REJECTED,
  /** A finishIntent is on its way. */
  PENDING_CLOSE,
  /** The block holding the submission was reorganised away. */
  RETRACTED;

  public boolean isOpen() {
    return this == OPEN || this == PARTIALLY_FILLED;
  }

  public boolean isFinal() {
    return switch (this) {
      case FILLED, COMPLETED, EXPIRED, FAILED, CANCELLED, REJECTED, RETRACTED -> true;
      default -> false;
    };
  }
}
