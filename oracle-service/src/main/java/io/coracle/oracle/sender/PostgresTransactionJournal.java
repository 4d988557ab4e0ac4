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
    inTransaction(() -> assignInTransaction(sender, intent, nonce, first));
  }

  @Override
  public void assignAll(String sender, List<Assignment> batch) {
    if (batch.isEmpty()) {
      return;
    }
    inTransaction(
        () -> {
          // One after another (a session is not for concurrent use), as a stream rather than a chain
          // of N nested flatMaps: served from the prefetched session, each step completes at once.
          return prefetch(batch.stream().map(a -> a.intent().intentId()).toList())
              .flatMap(v -> Multi.createFrom().iterable(batch)
                  .onItem().transformToUniAndConcatenate(a -> assignInTransaction(sender, a.intent(), a.nonce(), a.first()))
                  .collect().last())
              .replaceWithVoid();
        });
  }

  private Uni<Void> assignInTransaction(String sender, TxIntent intent, long nonce, TxAttempt first) {
    return TxIntentRecord.<TxIntentRecord>findById(intent.intentId())
                .flatMap(
                    r -> {
                      if (r == null || !TxIntentRecord.QUEUED.equals(r.state)) {
                        return Uni.createFrom()
                            .failure(new IllegalStateException("intent " + intent.intentId() + " is not queued"));
                      }
                      r.state = TxIntentRecord.IN_FLIGHT;
                      r.nonce = nonce;
                      return persistAttempt(intent.intentId(), 0, first)
                          .flatMap(v -> recordNonce(sender, nonce))
                          .flatMap(v -> hook(intent.intentId(), h -> h.onSubmitted(intent.intentId(), nonce, first)));
                    });
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
    inTransaction(
        () -> {
          return prefetch(List.copyOf(outcomes.keySet()))
              .flatMap(v -> Multi.createFrom().iterable(outcomes.entrySet())
                  .onItem().transformToUniAndConcatenate(e -> TxIntentRecord.<TxIntentRecord>findById(e.getKey())
                      .flatMap(r -> r == null ? Uni.createFrom().voidItem() : finishRow(r, e.getValue())))
                  .collect().last())
              .replaceWithVoid();
        });
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
