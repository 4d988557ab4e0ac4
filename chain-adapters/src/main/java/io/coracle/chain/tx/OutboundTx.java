package io.coracle.chain.tx;

import java.util.List;

/**
 * An intent that owns a nonce and has been signed at least once; not yet final.
 *
 * @param withdrawn its owner withdrew it (its nonce is then filled with a no-op), as the journal
 *     knew when it listed the in-flight set
 */
public record OutboundTx(TxIntent intent, long nonce, List<TxAttempt> attempts, boolean withdrawn) {
  public OutboundTx {
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("an outbound transaction has at least one attempt");
    }
  }

  public OutboundTx(TxIntent intent, long nonce, List<TxAttempt> attempts) {
    this(intent, nonce, attempts, false);
  }

  public TxAttempt latest() {
    return attempts.get(attempts.size() - 1);
  }
}
