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
import io.coracle.oracle.vrf.RandomnessProver;
import io.coracle.oracle.vrf.VrfOutboxHooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns chain events into ledger rows and outbox rows. At least once in, exactly once in effect:
 * a request is keyed by (chain, request id) and a redelivered event finds its row and does nothing;
 * the proof, the state change and the fulfilment intent commit in one transaction. All database
 * work stays inside the returned {@link Uni}. Malformed records go to the dead-letter topic;
 * anything else that fails (PostgreSQL down) is retried in place, so nothing is skipped.
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

  @Incoming("chain-events")
  public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
    ChainEvent event;
    RequestFields fields;
    try {
      ChainEventCodec.Decoding decoding = ChainEventCodec.decode(record.value());
      if (decoding instanceof ChainEventCodec.Malformed m) {
        throw new PoisonRecord("malformed chain event: " + m.reason());
      }
      event = ((ChainEventCodec.Decoded) decoding).event();
      if (event.chainId() != config.chain().id() || !RANDOM_WORDS_REQUESTED.equals(event.event())) {
        return Uni.createFrom().voidItem(); // another chain's or another kind of event: not ours
      }
      fields = RequestFields.of(event);
    } catch (PoisonRecord p) {
      Counter.builder("coracle_chain_events_dead_lettered").register(metrics).increment();
      LOG.warnf("dead-lettering record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), p.getMessage());
      return Uni.createFrom().failure(p);
    }
    Uni<Boolean> work =
        event.kind() == ChainEvent.Kind.LOG
            ? Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onRequested(event, fields)))
            : Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onRetracted(event, fields)));
    return work.onFailure()
        .invoke(t -> LOG.warnf("event %s will be retried: %s", event.kafkaKey(), t.getMessage()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .indefinitely()
        .invoke(
            queued -> {
              Counter.builder("coracle_chain_events_consumed")
                  .description("chain events handled by this replica")
                  .tag("kind", event.kind().name())
                  .register(metrics)
                  .increment();
              if (queued) {
                sender.wakeUp();
              }
            })
        .replaceWithVoid();
  }

  /** Returns true when a fulfilment was queued. */
  private Uni<Boolean> onRequested(ChainEvent e, RequestFields f) {
    String id = VrfRequest.idOf(e.chainId(), f.requestId());
    if (!f.keyHash().equalsIgnoreCase(prover.keyHash())) {
      if (!config.failover().enabled()) {
        LOG.debugf("request %s is for key %s, not this guest's", f.requestId(), f.keyHash());
        return Uni.createFrom().item(false);
      }
      // Another guest's request: watch it; the failover watcher answers it if that guest does not.
      return VrfRequest.<VrfRequest>findById(id)
          .flatMap(existing -> {
            if (existing != null && existing.state != RequestState.RETRACTED) {
              return Uni.createFrom().item(false);
            }
            VrfRequest r = existing != null ? existing : new VrfRequest();
            fill(r, id, e, f, existing == null ? 0 : existing.generation + 1);
            r.state = RequestState.RECEIVED;
            r.standby = true;
            r.answeredByKey = null;
            return (existing != null ? Uni.createFrom().item(r) : r.persist()).replaceWith(false);
          });
    }
    return VrfRequest.<VrfRequest>findById(id)
        .flatMap(
            existing -> {
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
              Timer.Sample sample = Timer.start(metrics);
              RandomnessProver.Proof proof = prover.prove(f.preSeed(), e.blockHash());
              sample.stop(Timer.builder("coracle_proof_time").description("ECVRF proving").register(metrics));
              r.alpha = proof.alphaHex();
              r.pi = proof.piHex();
              r.beta = proof.betaHex();
              r.state = RequestState.PROVEN;
              r.provenAt = Instant.now();
              r.intentId = VrfOutboxHooks.intentId(e.chainId(), f.requestId(), generation);
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
              return saved
                  .flatMap(x -> PostgresTransactionJournal.enqueue(e.chainId(), sender.signerAddress(), intent))
                  .replaceWith(true);
            });
  }

  private Uni<Boolean> onRetracted(ChainEvent e, RequestFields f) {
    String id = VrfRequest.idOf(e.chainId(), f.requestId());
    return VrfRequest.<VrfRequest>findById(id)
        .flatMap(
            r -> {
              if (r == null || !r.blockHash.equals(e.blockHash()) || r.state == RequestState.RETRACTED) {
                return Uni.createFrom().item(false); // not ours, an older generation, or already done
              }
              LOG.infof("request %s retracted: block %s was reorganised away (was %s)", id, e.blockHash(), r.state);
              r.state = RequestState.RETRACTED;
              r.failureReason = "the block holding the request (" + e.blockHash() + ") was reorganised away";
              r.finishedAt = Instant.now();
              String intent = r.intentId;
              return intent == null
                  ? Uni.createFrom().item(false)
                  : PostgresTransactionJournal.withdraw(intent).replaceWith(true);
            });
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
