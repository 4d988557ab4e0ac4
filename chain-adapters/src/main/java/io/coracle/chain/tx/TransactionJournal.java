package io.coracle.chain.tx;

import java.util.List;

/**
 * The sender's durable memory, per signing key. Every signed attempt is recorded BEFORE it is
 * broadcast, so after a crash the sender knows every transaction that might be in flight and never
 * signs a second, different transaction for the same intent and nonce.
 */
public interface TransactionJournal {
  /** Intents without a nonce yet, oldest first. */
  List<TxIntent> unassigned(String sender, int limit);

  /** Gives the intent its nonce and records its first attempt, atomically. */
  void assign(String sender, TxIntent intent, long nonce, TxAttempt first);

  /** An intent with its nonce and first signed attempt, for {@link #assignAll}. */
  record Assignment(TxIntent intent, long nonce, TxAttempt first) {}

  /**
   * {@link #assign} for several intents, all or none. A journal on a database should do it in one
   * transaction: one round trip per intent is what limits a sender under load.
   */
  default void assignAll(String sender, List<Assignment> batch) {
    for (Assignment a : batch) {
      assign(sender, a.intent(), a.nonce(), a.first());
    }
  }

  /** Records a replacement (same nonce, higher fees). */
  void addAttempt(String sender, String intentId, TxAttempt attempt);

  /** The final word on an intent; it leaves the in-flight set. */
  void finish(String sender, String intentId, TxOutcome outcome);

  /** {@link #finish} for several intents, all or none (one database transaction). */
  default void finishAll(String sender, java.util.Map<String, TxOutcome> outcomes) {
    outcomes.forEach((intentId, outcome) -> finish(sender, intentId, outcome));
  }

  /** Assigned and not finished, lowest nonce first. */
  List<OutboundTx> inFlight(String sender);

  /**
   * The ids of in-flight intents their owner has withdrawn (normally none). The sender keeps its
   * own view of what is in flight, since it is the only writer of it; withdrawal is the one change
   * that comes from elsewhere, so it asks for that alone each cycle.
   */
  default java.util.Set<String> withdrawnInFlight(String sender) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (OutboundTx tx : inFlight(sender)) {
      if (tx.withdrawn()) {
        out.add(tx.intent().intentId());
      }
    }
    return out;
  }

  /** The highest nonce ever assigned for the sender, or -1. */
  long lastAssignedNonce(String sender);

  /**
   * Records a no-op transaction that fills a nonce nothing else will use (after a reorganisation
   * dropped a mined transaction of ours, its nonce is free again and would block every later one).
   */
  void recordFiller(String sender, TxIntent filler, long nonce, TxAttempt attempt);
}
