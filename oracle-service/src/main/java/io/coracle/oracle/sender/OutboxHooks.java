package io.coracle.oracle.sender;

import io.coracle.chain.tx.TxAttempt;
import io.coracle.chain.tx.TxOutcome;
import io.smallrye.mutiny.Uni;

/**
 * What the owner of an outbox row does when its transaction moves on: runs inside the journal's
 * transaction, so the domain record and the outbox never disagree. Each kind of intent (by id
 * prefix) has one.
 */
public interface OutboxHooks {
  /** The intent id prefix this handles, e.g. {@code vrf:}. */
  String prefix();

  Uni<Void> onSubmitted(String intentId, long nonce, TxAttempt attempt);

  Uni<Void> onFinished(String intentId, TxOutcome outcome);

  /**
   * Loads, in as few queries as it can, the rows the hooks of these intents will touch, so a
   * batch's hooks run from the session rather than one round trip each. Optional.
   */
  default Uni<Void> prefetch(java.util.List<String> intentIds) {
    return Uni.createFrom().voidItem();
  }
}
