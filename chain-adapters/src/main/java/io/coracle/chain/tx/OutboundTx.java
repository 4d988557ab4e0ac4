package io.coracle.chain.tx;

import java.util.List;

/** An intent that owns a nonce and has been signed at least once; not yet final. */
public record OutboundTx(TxIntent intent, long nonce, List<TxAttempt> attempts) {
  public OutboundTx {
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("an outbound transaction has at least one attempt");
    }
  }

  public TxAttempt latest() {
    return attempts.get(attempts.size() - 1);
  }
}
