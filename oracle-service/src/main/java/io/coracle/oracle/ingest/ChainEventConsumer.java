package io.coracle.oracle.ingest;

import io.coracle.chain.ChainEvent;
import io.coracle.chain.ChainEventCodec;
import io.coracle.chain.tx.TxIntent;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.vrf.BlockhashFeeder;
import io.coracle.oracle.ledger.RequestState;
import io.coracle.oracle.ledger.VrfRequest;
import io.coracle.oracle.sender.PostgresTransactionJournal;
import io.coracle.oracle.sender.SenderService;
import io.coracle.oracle.vrf.FulfilmentEncoder;
import io.coracle.oracle.vrf.ProverThreads;
import io.coracle.oracle.vrf.RandomnessProver;
import io.coracle.oracle.vrf.VrfOutboxHooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns chain events into ledger rows and outbox rows. At least once in, exactly once in effect:
 * a request is keyed by (chain, request id) and a redelivered event finds its row and does nothing;
 * the proofs, the state changes and the fulfilment intents of one Kafka poll commit in one
 * transaction (one lookup per table for the whole poll, not a transaction per record). All
 * database work stays inside the returned {@link Uni}. Malformed records go to the dead-letter
 * topic one by one, the rest of their poll is handled; anything else that fails (PostgreSQL down)
 * is retried in place, so nothing is skipped. The poll is acknowledged only after its commit.
 */
@ApplicationScoped
public class ChainEventConsumer {
  private static final Logger LOG = Logger.getLogger(ChainEventConsumer.class);
  public static final String RANDOM_WORDS_REQUESTED = "RandomWordsRequested";

  @Inject CoracleConfig config;
  @Inject RandomnessProver prover;
  @Inject FulfilmentEncoder encoder;
  @Inject SenderService sender;
  @Inject MeterRegistry metrics;
  @Inject ChainClient chain;
  @Inject io.coracle.oracle.vrf.FailoverWatcher failover;
  @Inject ProverThreads provers;

  /** A record of ours, decoded and validated, and its proof once made. */
  private static final class Work {
    private final ChainEvent event;
    private final RequestFields fields;
    /** Made before the transaction, off the event loop; null when the event needs none. */
    private RandomnessProver.Proof proof;

    Work(ChainEvent event, RequestFields fields) {
      this.event = event;
      this.fields = fields;
    }

    ChainEvent event() {
      return event;
    }

    RequestFields fields() {
      return fields;
    }

    String requestRowId() {
      return VrfRequest.idOf(event.chainId(), fields.requestId());
    }
  }

  @Incoming("chain-events")
  public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
    List<Work> work = new ArrayList<>();
    List<Uni<Void>> deadLetters = new ArrayList<>();
    for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
      try {
        Work w = ours(record.getPayload());
        if (w != null) {
          work.add(w);
        }
      } catch (RuntimeException p) {
        // PoisonRecord is the expected case; anything else thrown while decoding one record is a
        // bug, but it must not hold back (or dead-letter) the rest of the poll either.
        Counter.builder("coracle_chain_events_dead_lettered").register(metrics).increment();
        String where = record.getMetadata(IncomingKafkaRecordMetadata.class)
            .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset())
            .orElse(record.getTopic());
        if (p instanceof PoisonRecord) {
          LOG.warnf("dead-lettering record %s: %s", where, p.getMessage());
        } else {
          LOG.errorf(p, "dead-lettering record %s: decoding failed", where);
        }
        deadLetters.add(Uni.createFrom().completionStage(() -> record.nack(p)));
      }
    }
    Uni<Void> dead = deadLetters.isEmpty() ? Uni.createFrom().voidItem()
        : Uni.join().all(deadLetters).andFailFast().replaceWithVoid();
    // Where a poll's time goes, for the DEBUG line: proofs made, rows loaded, events applied.
    long[] marks = new long[3];
    Uni<Integer> handled = work.isEmpty() ? Uni.createFrom().item(0)
        : Uni.createFrom().deferred(() -> proveOffTheEventLoop(work))
            .invoke(() -> marks[0] = System.nanoTime())
            .chain(() -> Panache.withTransaction(() -> handle(work, marks)))
            .onFailure()
            .invoke(t -> LOG.warnf("%d chain events will be retried: %s", work.size(), t.getMessage()))
            .onFailure()
            .retry()
            .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
            .indefinitely();
    long started = System.nanoTime();
    return dead.chain(() -> handled)
        .invoke(queued -> {
          if (LOG.isDebugEnabled() && !work.isEmpty()) {
            long now = System.nanoTime();
            LOG.debugf("poll of %d record(s) on %s: %d fulfilment(s) queued in %d ms (proofs %d, load %d, apply %d, commit %d)",
                batch.getRecords().size(), Thread.currentThread().getName(), queued, (now - started) / 1_000_000, (marks[0] - started) / 1_000_000,
                (marks[1] - marks[0]) / 1_000_000, (marks[2] - marks[1]) / 1_000_000, (now - marks[2]) / 1_000_000);
          }
          Map<ChainEvent.Kind, Integer> byKind = new java.util.EnumMap<>(ChainEvent.Kind.class);
          work.forEach(w -> byKind.merge(w.event().kind(), 1, Integer::sum));
          byKind.forEach((kind, n) -> Counter.builder("coracle_chain_events_consumed")
              .description("chain events handled by this replica")
              .tag("kind", kind.name())
              .register(metrics)
              .increment(n));
          if (queued > 0) {
            sender.wakeUp();
          }
        })
        .chain(() -> Uni.createFrom().completionStage(batch::ack));
  }

  /**
   * Proves this guest's requests of the poll on a prover thread, then comes back to the consumer's
   * Vert.x context, where the transaction runs. Proving is pure CPU (0.3 - 0.75 ms per request, C2
   * or C1): on the event loop it held up every connection served by that loop, the sender's ledger
   * calls among them. Proofs are deterministic, so a request proven here and found
   * already handled in the transaction costs only the CPU.
   */
  private Uni<Void> proveOffTheEventLoop(List<Work> work) {
    List<Work> ours = work.stream()
        .filter(w -> w.proof == null && w.event().kind() == ChainEvent.Kind.LOG && w.fields().keyHash().equalsIgnoreCase(prover.keyHash()))
        .toList();
    if (ours.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Context context = Vertx.currentContext();
    Uni<Void> proving = Uni.createFrom().item(() -> {
      Timer timer = Timer.builder("coracle_proof_time").description("ECVRF proving").register(metrics);
      for (Work w : ours) {
        long t0 = System.nanoTime();
        w.proof = prover.prove(w.fields().preSeed(), w.event().blockHash());
        timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
      return null;
    });
    if (context == null) {
      return proving; // not on Vert.x (not how the connector calls us): prove in place
    }
    return proving.runSubscriptionOn(provers.executor())
        .emitOn(task -> context.runOnContext(v -> task.run()));
  }

  /** The record as work for this consumer, null when it is another chain's or another kind of event. */
  private Work ours(byte[] value) {
    ChainEventCodec.Decoding decoding = ChainEventCodec.decode(value);
    if (decoding instanceof ChainEventCodec.Malformed m) {
      throw new PoisonRecord("malformed chain event: " + m.reason());
    }
    ChainEvent event = ((ChainEventCodec.Decoded) decoding).event();
    if (event.chainId() != config.chain().id() || !RANDOM_WORDS_REQUESTED.equals(event.event())) {
      return null;
    }
    return new Work(event, RequestFields.of(event));
  }

  /**
   * One poll's events, in order, in the current transaction: the requests they name and the intents
   * they could create are loaded with one query each, then each event is applied to those rows (a
   * request seen twice in one poll, or requested and retracted in it, meets its own earlier row).
   * Returns how many fulfilments were queued.
   */
  private Uni<Integer> handle(List<Work> work, long[] marks) {
    List<String> ids = work.stream().map(Work::requestRowId).distinct().toList();
    Map<String, VrfRequest> requests = new HashMap<>();
    Set<String> intents = new HashSet<>();
    // Intents to add, in the order their requests came, keyed by intent id.
    Map<String, TxIntent> outbox = new java.util.LinkedHashMap<>();
    int[] queued = {0};
    return VrfRequest.<VrfRequest>list("id in ?1", ids)
        .invoke(rows -> rows.forEach(r -> requests.put(r.id, r)))
        .flatMap(rows -> {
          // The intents a new generation of each request would use; normally none exists yet.
          List<String> candidates = new ArrayList<>();
          for (Work w : work) {
            VrfRequest r = requests.get(w.requestRowId());
            int generation = r == null ? 0 : r.generation + 1;
            candidates.add(VrfOutboxHooks.intentId(w.event().chainId(), w.fields().requestId(), generation));
          }
          return PostgresTransactionJournal.existing(candidates);
        })
        .invoke(intents::addAll)
        .invoke(() -> marks[1] = System.nanoTime())
        .flatMap(x -> Multi.createFrom().iterable(work)
            .onItem().transformToUniAndConcatenate(w -> {
              Uni<Boolean> step = w.event().kind() == ChainEvent.Kind.LOG
                  ? onRequested(w.event(), w.fields(), w.proof, requests, intents, outbox)
                  : onRetracted(w.event(), w.fields(), requests.get(w.requestRowId()), outbox);
              return step.invoke(q -> {
                if (q && w.event().kind() == ChainEvent.Kind.LOG) {
                  queued[0]++;
                }
              });
            })
            .collect().last())
        // The poll's intents after all its requests: the flush then sends one batched statement per
        // table; interleaved (request, intent, request, ...) every insert was a round trip of its own.
        .flatMap(x -> Multi.createFrom().iterable(List.copyOf(outbox.values()))
            .onItem().transformToUniAndConcatenate(i -> PostgresTransactionJournal.insert(config.chain().id(), sender.signerAddress(), i))
            .collect().last())
        .invoke(() -> marks[2] = System.nanoTime())
        .map(x -> queued[0]);
  }

  /**
   * Returns true when a fulfilment was queued. Updates {@code requests} and {@code intents} with what
   * it adds, and puts the fulfilment in {@code outbox}, which the caller adds after the poll's requests.
   */
  private Uni<Boolean> onRequested(ChainEvent e, RequestFields f, RandomnessProver.Proof precomputed,
      Map<String, VrfRequest> requests, Set<String> intents, Map<String, TxIntent> outbox) {
    String id = VrfRequest.idOf(e.chainId(), f.requestId());
    VrfRequest existing = requests.get(id);
    if (!f.keyHash().equalsIgnoreCase(prover.keyHash())) {
      if (!config.failover().enabled()) {
        LOG.debugf("request %s is for key %s, not this guest's", f.requestId(), f.keyHash());
        return Uni.createFrom().item(false);
      }
      // Another guest's request: watch it; the failover watcher answers it if that guest does not.
      if (existing != null && existing.state != RequestState.RETRACTED) {
        return Uni.createFrom().item(false);
      }
      VrfRequest r = existing != null ? existing : new VrfRequest();
      fill(r, id, e, f, existing == null ? 0 : existing.generation + 1);
      r.state = RequestState.RECEIVED;
      r.standby = true;
      r.answeredByKey = null;
      requests.put(id, r);
      return (existing != null ? Uni.createFrom().item(r) : r.persist()).replaceWith(false);
    }
    if (existing != null && existing.state != RequestState.RETRACTED) {
      if (!existing.blockHash.equals(e.blockHash())) {
        LOG.warnf("request %s seen again in block %s while live from block %s; keeping the first",
            id, e.blockHash(), existing.blockHash);
      }
      return Uni.createFrom().item(false); // a redelivery: already handled
    }
    VrfRequest r = existing != null ? existing : new VrfRequest();
    int generation = existing == null ? 0 : existing.generation + 1;
    fill(r, id, e, f, generation);
    RandomnessProver.Proof proof = precomputed != null ? precomputed : prover.prove(f.preSeed(), e.blockHash());
    r.alpha = proof.alphaHex();
    r.pi = proof.piHex();
    r.beta = proof.betaHex();
    r.state = RequestState.PROVEN;
    r.provenAt = Instant.now();
    r.intentId = VrfOutboxHooks.intentId(e.chainId(), f.requestId(), generation);
    requests.put(id, r);
    // Past BLOCKHASH's reach (or head unknown): the feeder stores the hash, then queues the fulfilment.
    long head = chain.lastHead();
    r.awaitingBlockhash = head < 0 || head - e.blockNumber() > BlockhashFeeder.BLOCKHASH_SAFE_AGE;
    Uni<VrfRequest> saved = existing != null ? Uni.createFrom().item(r) : r.persist();
    if (r.awaitingBlockhash) {
      return saved.replaceWith(false);
    }
    TxIntent planned = encoder.fulfilIntent(r, proof);
    // Old enough for a backup guest to have answered it: a call just before signing
    // finds out, rather than a fulfilment that reverts.
    TxIntent intent = failover.mayHaveBeenAnswered(e.blockNumber(), head) ? planned.checkedFirst() : planned;
    if (!intents.add(intent.intentId())) {
      return saved.replaceWith(false); // its intent is already in the outbox
    }
    outbox.put(intent.intentId(), intent);
    return saved.replaceWith(true);
  }

  private Uni<Boolean> onRetracted(ChainEvent e, RequestFields f, VrfRequest r, Map<String, TxIntent> outbox) {
    String id = VrfRequest.idOf(e.chainId(), f.requestId());
    if (r == null || !r.blockHash.equals(e.blockHash()) || r.state == RequestState.RETRACTED) {
      return Uni.createFrom().item(false); // not ours, an older generation, or already done
    }
    LOG.infof("request %s retracted: block %s was reorganised away (was %s)", id, e.blockHash(), r.state);
    r.state = RequestState.RETRACTED;
    r.failureReason = "the block holding the request (" + e.blockHash() + ") was reorganised away";
    r.finishedAt = Instant.now();
    String intent = r.intentId;
    if (intent != null && outbox.remove(intent) != null) {
      r.intentId = null; // requested and retracted in this poll: its fulfilment is never queued
      return Uni.createFrom().item(true);
    }
    return intent == null
        ? Uni.createFrom().item(false)
        : PostgresTransactionJournal.withdraw(intent).replaceWith(true);
  }

  private static void fill(VrfRequest r, String id, ChainEvent e, RequestFields f, int generation) {
    r.id = id;
    r.chainId = e.chainId();
    r.requestId = new BigDecimal(f.requestId());
    r.keyHash = f.keyHash().toLowerCase(java.util.Locale.ROOT);
    r.preSeed = new BigDecimal(f.preSeed());
    r.subId = new BigDecimal(f.subId());
    r.consumer = f.consumer();
    r.callbackGasLimit = f.callbackGasLimit();
    r.numWords = f.numWords();
    r.confirmations = f.confirmations();
    r.blockNumber = e.blockNumber();
    r.blockHash = e.blockHash();
    r.txHash = e.txHash();
    r.logIndex = e.logIndex();
    r.commitment = f.commitmentJson();
    r.generation = generation;
    r.receivedAt = Instant.now();
    r.provenAt = null;
    r.submittedAt = null;
    r.finishedAt = null;
    r.fulfilTxHash = null;
    r.fulfilBlock = null;
    r.fulfilGasUsed = null;
    r.failureReason = null;
    r.standby = false;
    r.answeredByKey = r.keyHash;
  }
}
