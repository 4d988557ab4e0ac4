package io.coracle.oracle.sender;

import io.coracle.chain.tx.OutboundTx;
import io.coracle.chain.tx.TransactionJournal;
import io.coracle.chain.tx.TxAttempt;
import io.coracle.chain.tx.TxIntent;
import io.coracle.chain.tx.TxOutcome;
import io.coracle.oracle.ledger.NonceOwnerRecord;
import io.coracle.oracle.ledger.TxAttemptRecord;
import io.coracle.oracle.ledger.TxIntentRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sender's journal in PostgreSQL. The sender runs on its own thread; each call here runs one
 * reactive transaction on a Vert.x context and waits for it. Outbox hooks update the domain
 * records (requests, registrations) inside the same transaction.
 */
public final class PostgresTransactionJournal implements TransactionJournal {
  private final long chainId;
  private final List<OutboxHooks> hooks;
  private final Duration timeout;

  public PostgresTransactionJournal(long chainId, List<OutboxHooks> hooks, Duration timeout) {
    this.chainId = chainId;
    this.hooks = List.copyOf(hooks);
    this.timeout = timeout;
  }

  private <T> T inTransaction(Supplier<Uni<T>> work) {
    try {
      // Flushed once, at commit: the journal's work is loads by key and writes, and an automatic
      // flush before each query re-checks every entity loaded so far, quadratic in a batch.
      return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
              () -> Panache.getSession().invoke(s -> s.setFlushMode(FlushMode.COMMIT)).flatMap(s -> work.get()))
          .ifNoItem().after(timeout).fail());
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("ledger transaction failed: " + t.getMessage(), t);
    }
  }

  private OutboxHooks hooksFor(String intentId) {
    for (OutboxHooks h : hooks) {
      if (intentId.startsWith(h.prefix())) {
        return h;
      }
    }
    return null;
  }

  /** Adds an intent to the outbox; a no-op when the id exists (callers retry safely). Call inside a transaction. */
  public static Uni<Boolean> enqueue(long chainId, String sender, TxIntent intent) {
    return TxIntentRecord.<TxIntentRecord>findById(intent.intentId())
        .flatMap(existing -> existing != null ? Uni.createFrom().item(false) : insert(chainId, sender, intent).replaceWith(true));
  }

  /** Which of these intent ids are in the outbox already, in one query. Call inside a transaction. */
  public static Uni<java.util.Set<String>> existing(java.util.Collection<String> intentIds) {
    return TxIntentRecord.<TxIntentRecord>list("intentId in ?1", List.copyOf(intentIds))
        .map(rows -> rows.stream().map(r -> r.intentId).collect(java.util.stream.Collectors.toSet()));
  }

  /** Adds an intent the caller knows is not in the outbox yet ({@link #existing}). Call inside a transaction. */
  public static Uni<Void> insert(long chainId, String sender, TxIntent intent) {
    TxIntentRecord r = new TxIntentRecord();
    r.intentId = intent.intentId();
    r.chainId = chainId;
    r.sender = sender.toLowerCase(java.util.Locale.ROOT);
    r.toAddress = intent.to().toLowerCase(java.util.Locale.ROOT);
    r.data = intent.data();
    r.valueWei = new BigDecimal(intent.value());
    r.gasLimit = intent.gasLimit() == null ? null : new BigDecimal(intent.gasLimit());
    r.checkFirst = intent.checkFirst();
    r.state = TxIntentRecord.QUEUED;
    r.createdAt = Instant.now();
    return r.persist().replaceWithVoid();
  }

  /** Marks an intent withdrawn (the sender then fills its nonce with a no-op, or skips it if unsigned). */
  public static Uni<Void> withdraw(String intentId) {
    return TxIntentRecord.<TxIntentRecord>findById(intentId)
        .invoke(
            r -> {
              if (r != null && !TxIntentRecord.DONE.equals(r.state)) {
                r.withdrawn = true;
              }
            })
        .replaceWithVoid();
  }

  @Override
  public List<TxIntent> unassigned(String sender, int limit) {
    return inTransaction(
        () ->
            TxIntentRecord.<TxIntentRecord>find(
                    "chainId = ?1 and sender = ?2 and state = ?3 order by seq", chainId, sender, TxIntentRecord.QUEUED)
                .page(0, limit)
                .list()
                .flatMap(
                    rows -> {
                      // Withdrawn before signing: finish them here instead of handing them out.
                      List<TxIntent> out = new ArrayList<>();
                      Uni<Void> chain = Uni.createFrom().voidItem();
                      for (TxIntentRecord r : rows) {
                        if (r.withdrawn) {
                          chain = chain.flatMap(v -> finishRow(r, new TxOutcome.Cancelled(null, "withdrawn before signing")));
                        } else {
                          out.add(
                              new TxIntent(
                                  r.intentId, r.toAddress, r.data, r.valueWei.toBigIntegerExact(),
                                  r.gasLimit == null ? null : r.gasLimit.toBigIntegerExact(), r.checkFirst));
                        }
                      }
                      return chain.replaceWith(out);
                    }));
  }

  @Override
  public void assign(String sender, TxIntent intent, long nonce, TxAttempt first) {
    assignAll(sender, List.of(new Assignment(intent, nonce, first)));
  }

  @Override
  public void assignAll(String sender, List<Assignment> batch) {
    if (batch.isEmpty()) {
      return;
    }
    long highest = batch.stream().mapToLong(Assignment::nonce).max().orElseThrow();
    inTransaction(
        () -> Panache.getSession().flatMap(s -> {
          Uni<Void> chain = Uni.createFrom().voidItem();
          for (List<Assignment> part : SqlRows.chunks(batch)) {
            chain = chain.flatMap(v -> markInFlight(s, part)).flatMap(v -> insertFirstAttempts(s, part));
          }
          return chain
              .flatMap(v -> raiseLastNonce(s, sender, highest))
              .flatMap(v -> perHook(batch.stream().map(a -> new OutboxHooks.Submission(a.intent().intentId(), a.nonce(), a.first())).toList(),
                  OutboxHooks.Submission::intentId, (h, mine) -> h.onSubmittedAll(s, mine)));
        }));
  }

  /** QUEUED -> IN_FLIGHT with the nonce, for every intent of the batch or (by failing) none. */
  private static Uni<Void> markInFlight(Mutiny.Session s, List<Assignment> part) {
    SqlRows rows = new SqlRows(null, "bigint");
    part.forEach(a -> rows.row(a.intent().intentId(), a.nonce()));
    return rows.bind(s.createNativeQuery(
            "UPDATE tx_intent t SET state = 'IN_FLIGHT', nonce = v.nonce FROM (VALUES " + rows.values()
                + ") AS v (intent_id, nonce) WHERE t.intent_id = v.intent_id AND t.state = 'QUEUED'"))
        .executeUpdate()
        .flatMap(n -> n == part.size()
            ? Uni.createFrom().voidItem()
            : Uni.createFrom().failure(new IllegalStateException(
                (part.size() - n) + " of " + part.size() + " intents to assign are not queued (from " + part.get(0).intent().intentId() + ")")));
  }

  private static Uni<Void> insertFirstAttempts(Mutiny.Session s, List<Assignment> part) {
    SqlRows rows = new SqlRows(null, "int", null, null, "numeric", "numeric", "numeric", "timestamptz");
    for (Assignment a : part) {
      TxAttempt t = a.first();
      rows.row(a.intent().intentId(), 0, t.hash(), t.rawTransaction(), new BigDecimal(t.gasLimit()), new BigDecimal(t.maxFeePerGas()),
          t.maxPriorityFeePerGas() == null ? null : new BigDecimal(t.maxPriorityFeePerGas()), t.signedAt());
    }
    return rows.bind(s.createNativeQuery(
            "INSERT INTO tx_attempt (intent_id, attempt, tx_hash, raw_tx, gas_limit, max_fee_per_gas, max_priority_fee_per_gas, signed_at) VALUES "
                + rows.values()))
        .executeUpdate()
        .replaceWithVoid();
  }

  private Uni<Void> raiseLastNonce(Mutiny.Session s, String sender, long nonce) {
    return s.createNativeQuery("UPDATE nonce_owner SET last_nonce = GREATEST(last_nonce, ?1) WHERE chain_id = ?2 AND sender = ?3")
        .setParameter(1, nonce)
        .setParameter(2, chainId)
        .setParameter(3, sender)
        .executeUpdate()
        .replaceWithVoid();
  }

  /** Hands each hook its own intents of a batch (by id prefix), one hook after another. */
  private <T> Uni<Void> perHook(List<T> items, java.util.function.Function<T, String> intentId,
      java.util.function.BiFunction<OutboxHooks, List<T>, Uni<Void>> call) {
    Map<OutboxHooks, List<T>> byHook = new LinkedHashMap<>();
    for (T item : items) {
      OutboxHooks h = hooksFor(intentId.apply(item));
      if (h != null) {
        byHook.computeIfAbsent(h, k -> new ArrayList<>()).add(item);
      }
    }
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Map.Entry<OutboxHooks, List<T>> e : byHook.entrySet()) {
      chain = chain.flatMap(v -> call.apply(e.getKey(), e.getValue()));
    }
    return chain;
  }

  @Override
  public void addAttempt(String sender, String intentId, TxAttempt attempt) {
    inTransaction(
        () ->
            TxAttemptRecord.count("intentId", intentId)
                .flatMap(n -> persistAttempt(intentId, n.intValue(), attempt)));
  }

  @Override
  public void finish(String sender, String intentId, TxOutcome outcome) {
    inTransaction(
        () ->
            TxIntentRecord.<TxIntentRecord>findById(intentId)
                .flatMap(r -> r == null ? Uni.createFrom().voidItem() : finishRow(r, outcome)));
  }

  @Override
  public void finishAll(String sender, Map<String, TxOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    // Mined and succeeded is nearly every outcome under load: written with a few statements. The
    // rest (reverts, refusals, withdrawals: rare, and with more to decide) row by row.
    Map<String, TxOutcome> succeeded = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    outcomes.forEach((id, o) -> {
      if (o instanceof TxOutcome.Succeeded) {
        succeeded.put(id, o);
      } else {
        others.add(id);
      }
    });
    inTransaction(
        () -> Panache.getSession().flatMap(s -> {
          Uni<Void> chain = Uni.createFrom().voidItem();
          for (List<String> part : SqlRows.chunks(List.copyOf(succeeded.keySet()))) {
            chain = chain.flatMap(v -> finishSucceeded(s, part, succeeded))
                // hooks only for the intents this call moved to DONE, as finishRow does
                .flatMap(done -> perHook(List.copyOf(done), id -> id,
                    (h, mine) -> h.onFinishedAll(s, mine.stream().collect(java.util.stream.Collectors.toMap(
                        id -> id, succeeded::get, (a, b) -> a, LinkedHashMap::new)))));
          }
          if (!others.isEmpty()) {
            chain = chain.flatMap(v -> prefetch(others))
                .flatMap(v -> Multi.createFrom().iterable(others)
                    .onItem().transformToUniAndConcatenate(id -> TxIntentRecord.<TxIntentRecord>findById(id)
                        .flatMap(r -> r == null ? Uni.createFrom().voidItem() : finishRow(r, outcomes.get(id))))
                    .collect().last())
                .replaceWithVoid();
          }
          return chain;
        }));
  }

  /** Marks these succeeded intents DONE; returns the ids that were not DONE already. */
  private static Uni<java.util.Set<String>> finishSucceeded(Mutiny.Session s, List<String> ids, Map<String, TxOutcome> outcomes) {
    SqlRows rows = new SqlRows(null, null, "bigint", "numeric");
    String now = rows.scalar(Instant.now());
    for (String id : ids) {
      TxOutcome.Succeeded o = (TxOutcome.Succeeded) outcomes.get(id);
      rows.row(id, o.txHash(), o.blockNumber(), new BigDecimal(o.gasUsed()));
    }
    return rows.bind(s.<String>createNativeQuery(
            "UPDATE tx_intent t SET state = 'DONE', finished_at = CAST(" + now + " AS timestamptz), outcome = 'SUCCEEDED', "
                + "outcome_tx_hash = v.tx_hash, outcome_block = v.block, gas_used = v.gas FROM (VALUES " + rows.values()
                + ") AS v (intent_id, tx_hash, block, gas) WHERE t.intent_id = v.intent_id AND t.state <> 'DONE' RETURNING t.intent_id"))
        .getResultList()
        .map(java.util.HashSet::new);
  }

  /**
   * Loads a batch's intent rows and their owners' rows into the session with one query per table,
   * so the per-intent loads that follow are served from it: one round trip per row (two tables,
   * hundreds of rows per block under load) was most of a sender cycle.
   */
  private Uni<Void> prefetch(List<String> intentIds) {
    if (intentIds.size() < 2) {
      return Uni.createFrom().voidItem();
    }
    Uni<Void> chain = TxIntentRecord.list("intentId in ?1", intentIds).replaceWithVoid();
    for (OutboxHooks h : hooks) {
      List<String> mine = intentIds.stream().filter(id -> id.startsWith(h.prefix())).toList();
      if (!mine.isEmpty()) {
        chain = chain.flatMap(v -> h.prefetch(mine));
      }
    }
    return chain;
  }

  private Uni<Void> finishRow(TxIntentRecord r, TxOutcome outcome) {
    if (TxIntentRecord.DONE.equals(r.state)) {
      return Uni.createFrom().voidItem();
    }
    r.state = TxIntentRecord.DONE;
    r.finishedAt = Instant.now();
    if (outcome instanceof TxOutcome.Succeeded s) {
      r.outcome = "SUCCEEDED";
      r.outcomeTxHash = s.txHash();
      r.outcomeBlock = s.blockNumber();
      r.gasUsed = new BigDecimal(s.gasUsed());
    } else if (outcome instanceof TxOutcome.Reverted v) {
      r.outcome = "REVERTED";
      r.outcomeTxHash = v.txHash();
      r.outcomeBlock = v.blockNumber();
      r.gasUsed = new BigDecimal(v.gasUsed());
      r.outcomeReason = v.reason();
    } else if (outcome instanceof TxOutcome.Rejected j) {
      r.outcome = "REJECTED";
      r.outcomeReason = j.reason();
    } else if (outcome instanceof TxOutcome.Cancelled c) {
      r.outcome = "CANCELLED";
      r.outcomeTxHash = c.txHash();
      r.outcomeReason = c.reason();
    }
    return hook(r.intentId, h -> h.onFinished(r.intentId, outcome));
  }

  private Uni<Void> hook(String intentId, java.util.function.Function<OutboxHooks, Uni<Void>> call) {
    OutboxHooks h = hooksFor(intentId);
    return h == null ? Uni.createFrom().voidItem() : call.apply(h);
  }

  private static Uni<Void> persistAttempt(String intentId, int index, TxAttempt a) {
    TxAttemptRecord rec = new TxAttemptRecord();
    rec.intentId = intentId;
    rec.attempt = index;
    rec.txHash = a.hash();
    rec.rawTx = a.rawTransaction();
    rec.gasLimit = new BigDecimal(a.gasLimit());
    rec.maxFeePerGas = new BigDecimal(a.maxFeePerGas());
    rec.maxPriorityFeePerGas = a.maxPriorityFeePerGas() == null ? null : new BigDecimal(a.maxPriorityFeePerGas());
    rec.signedAt = a.signedAt();
    return rec.persist().replaceWithVoid();
  }

  private Uni<Void> recordNonce(String sender, long nonce) {
    return NonceOwnerRecord.<NonceOwnerRecord>findById(new NonceOwnerRecord.Key(chainId, sender))
        .invoke(
            o -> {
              if (o != null && nonce > o.lastNonce) {
                o.lastNonce = nonce;
              }
            })
        .replaceWithVoid();
  }

  @Override
  public List<OutboundTx> inFlight(String sender) {
    return inTransaction(
        () ->
            TxIntentRecord.<TxIntentRecord>find(
                    "chainId = ?1 and sender = ?2 and state = ?3 order by nonce", chainId, sender, TxIntentRecord.IN_FLIGHT)
                .list()
                .flatMap(
                    rows -> {
                      if (rows.isEmpty()) {
                        return Uni.createFrom().item(List.<OutboundTx>of());
                      }
                      List<String> ids = rows.stream().map(r -> r.intentId).toList();
                      return TxAttemptRecord.<TxAttemptRecord>find("intentId in ?1 order by intentId, attempt", ids)
                          .list()
                          .map(
                              attempts -> {
                                Map<String, List<TxAttempt>> byIntent = new LinkedHashMap<>();
                                for (TxAttemptRecord a : attempts) {
                                  byIntent
                                      .computeIfAbsent(a.intentId, k -> new ArrayList<>())
                                      .add(
                                          new TxAttempt(
                                              a.txHash, a.rawTx, a.gasLimit.toBigIntegerExact(),
                                              a.maxFeePerGas.toBigIntegerExact(),
                                              a.maxPriorityFeePerGas == null ? null : a.maxPriorityFeePerGas.toBigIntegerExact(),
                                              a.signedAt));
                                }
                                List<OutboundTx> out = new ArrayList<>();
                                for (TxIntentRecord r : rows) {
                                  out.add(
                                      new OutboundTx(
                                          new TxIntent(
                                              r.intentId, r.toAddress, r.data, r.valueWei.toBigIntegerExact(),
                                              r.gasLimit == null ? null : r.gasLimit.toBigIntegerExact(), r.checkFirst),
                                          r.nonce,
                                          byIntent.getOrDefault(r.intentId, List.of()),
                                          r.withdrawn));
                                }
                                return out;
                              });
                    }));
  }

  @Override
  public java.util.Set<String> withdrawnInFlight(String sender) {
    return inTransaction(
        () ->
            Panache.getSession()
                .flatMap(
                    s ->
                        s.createQuery(
                                "select r.intentId from TxIntentRecord r where r.chainId = ?1 and r.sender = ?2 "
                                    + "and r.state = ?3 and r.withdrawn = true",
                                String.class)
                            .setParameter(1, chainId)
                            .setParameter(2, sender)
                            .setParameter(3, TxIntentRecord.IN_FLIGHT)
                            .getResultList())
                .map(java.util.HashSet::new));
  }

  @Override
  public long lastAssignedNonce(String sender) {
    return inTransaction(
        () ->
            NonceOwnerRecord.<NonceOwnerRecord>findById(new NonceOwnerRecord.Key(chainId, sender))
                .map(o -> o == null ? -1L : o.lastNonce));
  }

  @Override
  public void recordFiller(String sender, TxIntent filler, long nonce, TxAttempt attempt) {
    inTransaction(
        () -> {
          TxIntentRecord r = new TxIntentRecord();
          r.intentId = filler.intentId();
          r.chainId = chainId;
          r.sender = sender;
          r.toAddress = filler.to();
          r.data = filler.data();
          r.valueWei = BigDecimal.ZERO;
          r.gasLimit = new BigDecimal(filler.gasLimit());
          r.state = TxIntentRecord.IN_FLIGHT;
          r.nonce = nonce;
          r.createdAt = Instant.now();
          return r.persist().flatMap(v -> persistAttempt(filler.intentId(), 0, attempt)).flatMap(v -> recordNonce(sender, nonce));
        });
  }

  /**
   * Takes or renews the lease on the sender's nonces for {@code ownerId}. False when another live
   * process holds it: then this one must not sign anything.
   */
  public boolean holdLease(String sender, String ownerId, Duration lease) {
    Instant now = Instant.now();
    return inTransaction(
        () ->
            Panache.getSession()
                .flatMap(
                    s ->
                        s.createNativeQuery(
                                "INSERT INTO nonce_owner (chain_id, sender, owner_id, lease_until, last_nonce) "
                                    + "VALUES (?1, ?2, ?3, ?4, -1) "
                                    + "ON CONFLICT (chain_id, sender) DO UPDATE SET owner_id = EXCLUDED.owner_id, "
                                    + "lease_until = EXCLUDED.lease_until "
                                    + "WHERE nonce_owner.owner_id = EXCLUDED.owner_id OR nonce_owner.lease_until < ?5")
                            .setParameter(1, chainId)
                            .setParameter(2, sender)
                            .setParameter(3, ownerId)
                            .setParameter(4, now.plus(lease))
                            .setParameter(5, now)
                            .executeUpdate())
                .map(n -> n == 1));
  }

  static BigInteger big(BigDecimal d) {
    return d == null ? null : d.toBigIntegerExact();
  }
}
