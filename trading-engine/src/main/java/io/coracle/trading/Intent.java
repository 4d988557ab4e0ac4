package io.coracle.trading;

import java.util.Locale;
import java.util.Objects;

/**
 * A submitted intent as the vault announced it (IntentSubmitted), without its strategy.
 *
 * @param intentId 0x-hex, 32 bytes
 * @param guestKeyHash the key set the strategy is encrypted to
 * @param submittedAt block timestamp of the submission: the strategy's clock starts here
 */
public record Intent(String intentId, String trader, String guestKeyHash, PublicBounds bounds, long submittedAt, long submittedBlock) {
  public Intent {
    intentId = Objects.requireNonNull(intentId, "intentId").toLowerCase(Locale.ROOT);
    trader = Objects.requireNonNull(trader, "trader").toLowerCase(Locale.ROOT);
    guestKeyHash = Objects.requireNonNull(guestKeyHash, "guestKeyHash").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(bounds, "bounds");
  }
}
