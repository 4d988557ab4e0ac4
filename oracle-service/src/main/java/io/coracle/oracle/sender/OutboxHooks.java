package io.coracle.oracle.sender;

import io.coracle.chain.tx.TxAttempt;
import io.coracle.chain.tx.TxOutcome;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

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
  default Uni<Void> prefetch(List<String> intentIds) {
    return Uni.createFrom().voidItem();
  }

  /** An intent given its nonce and first signed attempt. */
  record Submission(String intentId, long nonce, TxAttempt attempt) {}

  /**
   * {@link #onSubmitted} for a sender batch, in the journal's transaction ({@code session}). The
   * default runs them one by one from the session; a kind with many intents per block may write
   * its rows with a few statements instead.
   */
  default Uni<Void> onSubmittedAll(Mutiny.Session session, List<Submission> batch) {
    return prefetch(batch.stream().map(Submission::intentId).toList())
        .flatMap(v -> Multi.createFrom().iterable(batch)
            .onItem().transformToUniAndConcatenate(s -> onSubmitted(s.intentId(), s.nonce(), s.attempt()))
            .collect().last())
        .replaceWithVoid();
  }

  /** {@link #onFinished} for the intents a sender cycle settled; as {@link #onSubmittedAll}. */
  default Uni<Void> onFinishedAll(Mutiny.Session session, Map<String, TxOutcome> outcomes) {
    return prefetch(List.copyOf(outcomes.keySet()))
        .flatMap(v -> Multi.createFrom().iterable(outcomes.entrySet())
            .onItem().transformToUniAndConcatenate(e -> onFinished(e.getKey(), e.getValue()))
            .collect().last())
        .replaceWithVoid();
  }
}
