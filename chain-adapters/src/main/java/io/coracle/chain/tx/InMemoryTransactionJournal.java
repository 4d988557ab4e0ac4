package io.coracle.chain.tx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A journal in memory: for benchmarks and tools that own a throw-away key, and for tests that
 * restart a sender on the same journal. Services use a durable journal (the oracle service keeps
 * it in PostgreSQL).
 */
public final class InMemoryTransactionJournal implements TransactionJournal {
  private final Map<String, TxIntent> queued = new LinkedHashMap<>();
  private final Map<String, OutboundTx> inFlight = new LinkedHashMap<>();
  private final Map<String, TxOutcome> finished = new LinkedHashMap<>();
  private final Set<String> withdrawn = new HashSet<>();
  private final Map<String, Long> lastNonce = new LinkedHashMap<>();

  public synchronized void submit(TxIntent intent) {
    if (queued.containsKey(intent.intentId()) || inFlight.containsKey(intent.intentId()) || finished.containsKey(intent.intentId())) {
      return; // idempotent: the same intent twice is one intent
    }
    queued.put(intent.intentId(), intent);
  }

  public synchronized void withdraw(String intentId) {
    if (queued.remove(intentId) != null) {
      finished.put(intentId, new TxOutcome.Cancelled(null, "withdrawn before signing"));
    } else if (inFlight.containsKey(intentId)) {
      withdrawn.add(intentId);
    }
  }

  public synchronized TxOutcome outcome(String intentId) {
    return finished.get(intentId);
  }

  public synchronized Map<String, TxOutcome> outcomes() {
    return Map.copyOf(finished);
  }

  public synchronized OutboundTx outbound(String intentId) {
    return inFlight.get(intentId);
  }

  @Override
  public synchronized List<TxIntent> unassigned(String sender, int limit) {
    return queued.values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void assign(String sender, TxIntent intent, long nonce, TxAttempt first) {
    if (queued.remove(intent.intentId()) == null) {
      throw new IllegalStateException("intent " + intent.intentId() + " is not waiting for a nonce");
    }
    inFlight.put(intent.intentId(), new OutboundTx(intent, nonce, List.of(first)));
    lastNonce.merge(sender, nonce, Math::max);
  }

  @Override
  public synchronized void addAttempt(String sender, String intentId, TxAttempt attempt) {
    OutboundTx tx = inFlight.get(intentId);
    List<TxAttempt> attempts = new ArrayList<>(tx.attempts());
    attempts.add(attempt);
    inFlight.put(intentId, new OutboundTx(tx.intent(), tx.nonce(), attempts));
  }

  @Override
  public synchronized void finish(String sender, String intentId, TxOutcome outcome) {
    queued.remove(intentId);
    inFlight.remove(intentId);
    withdrawn.remove(intentId);
    finished.put(intentId, outcome);
  }

  @Override
  public synchronized List<OutboundTx> inFlight(String sender) {
    return inFlight.values().stream()
        .sorted(Comparator.comparingLong(OutboundTx::nonce))
        .map(tx -> new OutboundTx(tx.intent(), tx.nonce(), tx.attempts(), withdrawn.contains(tx.intent().intentId())))
        .toList();
  }

  @Override
  public synchronized long lastAssignedNonce(String sender) {
    return lastNonce.getOrDefault(sender, -1L);
  }

  @Override
  public synchronized void recordFiller(String sender, TxIntent filler, long nonce, TxAttempt attempt) {
    inFlight.put(filler.intentId(), new OutboundTx(filler, nonce, List.of(attempt)));
    lastNonce.merge(sender, nonce, Math::max);
  }
}
