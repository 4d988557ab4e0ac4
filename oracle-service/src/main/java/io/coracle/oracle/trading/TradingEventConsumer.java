package io.coracle.oracle.trading;

import io.coracle.chain.ChainEvent;
import io.coracle.chain.ChainEventCodec;
import io.coracle.chain.tx.TxIntent;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.ingest.PoisonRecord;
import io.coracle.oracle.sender.PostgresTransactionJournal;
import io.coracle.oracle.sender.SenderService;
import io.coracle.trading.CloseCode;
import io.coracle.trading.Intent;
import io.coracle.trading.RejectReason;
import io.coracle.trading.engine.Acceptance;
import io.coracle.trading.engine.TraderExposure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The vault's intent events and the watched pools' Sync events, from Kafka, on a channel of their
 * own ({@code trading-events}, same topic as the randomness consumer, its own group). An intent
 * addressed to this guest is decrypted here, inside the guest, and accepted or rejected; the
 * plaintext stays in memory and appears in no log, row or answer. Later events move the order along;
 * Syncs feed prices. At least once in, exactly once in effect: every handler is idempotent, and all
 * database work runs inside the returned Uni. Malformed trading events are dead-lettered; records
 * that are not chain events at all are left to the randomness consumer, which dead-letters them.
 */
@ApplicationScoped
public class TradingEventConsumer {
  private static final Logger LOG = Logger.getLogger(TradingEventConsumer.class);
  static final List<OrderState> OPEN_STATES = List.of(OrderState.OPEN, OrderState.PARTIALLY_FILLED, OrderState.PENDING_CLOSE);

  @Inject CoracleConfig coracle;
  @Inject TradingRuntime runtime;
  @Inject SenderService sender;
  @Inject MeterRegistry metrics;

  @Incoming("trading-events")
  public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
    if (!runtime.active()) return Uni.createFrom().voidItem();
    ChainEventCodec.Decoding decoding = ChainEventCodec.decode(record.value());
    if (!(decoding instanceof ChainEventCodec.Decoded decoded)) return Uni.createFrom().voidItem();
    ChainEvent event = decoded.event();
    if (event.chainId() != coracle.chain().id()) return Uni.createFrom().voidItem();
    boolean fromVault = event.contract().equals(runtime.vault());
    boolean fromPool = "Sync".equals(event.event()) && runtime.watches(event.contract());
    if (!fromVault && !fromPool) return Uni.createFrom().voidItem();
    Uni<Boolean> work;
    try {
      work = fromPool ? Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onSync(event)))
          : vaultWork(event);
    } catch (PoisonRecord p) {
      Counter.builder("coracle_chain_events_dead_lettered").register(metrics).increment();
      LOG.warnf("dead-lettering %s %s-%d@%d: %s", event.event(), record.topic(), record.partition(), record.offset(), p.getMessage());
      return Uni.createFrom().failure(p);
    }
    return work.onFailure(t -> !(t instanceof PoisonRecord))
        .invoke(t -> LOG.warnf("trading event %s %s will be retried: %s", event.event(), event.kafkaKey(), t.getMessage()))
        .onFailure(t -> !(t instanceof PoisonRecord)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
        .invoke(queued -> {
          if (queued) sender.wakeUp();
        })
        .replaceWithVoid();
  }

  /** Validates fields before any transaction starts, so malformed events fail fast as poison. */
  private Uni<Boolean> vaultWork(ChainEvent e) {
    String intentId = IntentFields.bytes32(e, "intentId");
    String id = TradingOrder.idOf(e.chainId(), intentId);
    if (e.kind() == ChainEvent.Kind.RETRACTION) {
      return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onRetracted(id, e)));
    }
    return switch (e.event()) {
      case TradingEvents.SUBMITTED -> {
        Intent intent = IntentFields.intent(e);
        byte[] envelope = IntentFields.encryptedStrategy(e);
        yield Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onSubmitted(id, e, intent, envelope)));
      }
      case TradingEvents.EXECUTED -> {
        int slice = IntentFields.uint(e, "sliceIndex").intValueExact();
        BigInteger in = IntentFields.uint(e, "amountIn");
        BigInteger out = IntentFields.uint(e, "amountOut");
        BigInteger remaining = IntentFields.uint(e, "remaining");
        long at = IntentFields.uint(e, "executedAt").longValueExact();
        yield Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onExecuted(id, e, slice, in, out, remaining, at)));
      }
      case TradingEvents.CANCELLED -> Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onEnded(id, OrderState.CANCELLED, null, null)));
      case TradingEvents.EXPIRED -> Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onEnded(id, OrderState.EXPIRED, null, null)));
      case TradingEvents.REJECTED -> {
        int code = IntentFields.uint(e, "reasonCode").intValueExact();
        yield Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onEnded(id, OrderState.REJECTED, code, null)));
      }
      case TradingEvents.FINISHED -> {
        int code = IntentFields.uint(e, "closeCode").intValueExact();
        BigInteger refunded = IntentFields.uint(e, "refunded");
        OrderState state = refunded.signum() == 0 && code == CloseCode.COMPLETED.code() ? OrderState.FILLED
            : code == CloseCode.EXPIRED.code() ? OrderState.EXPIRED : code == CloseCode.FAILED.code() ? OrderState.FAILED : OrderState.COMPLETED;
        yield Uni.createFrom().deferred(() -> Panache.withTransaction(() -> onEnded(id, state, null, code)));
      }
      default -> Uni.createFrom().item(false);
    };
  }

  private Uni<Boolean> onSubmitted(String id, ChainEvent e, Intent intent, byte[] envelope) {
    if (!intent.guestKeyHash().equals(runtime.keyHash())) return Uni.createFrom().item(false); // another guest's intent
    return TradingOrder.<TradingOrder>findById(id).flatMap(existing -> {
      if (existing != null && existing.state != OrderState.RETRACTED) return Uni.createFrom().item(false); // redelivery
      return TradingOrder.count("chainId = ?1 and trader = ?2 and state in ?3", e.chainId(), intent.trader(), OPEN_STATES)
          .flatMap(open -> {
            TradingOrder o = existing != null ? existing : new TradingOrder();
            fill(o, id, e, intent, envelope);
            Acceptance acceptance = runtime.pairFor(intent.bounds().tokenIn(), intent.bounds().tokenOut()).isEmpty()
                ? new Acceptance.Rejected(RejectReason.RISK_LIMIT, List.of("this guest does not watch a pool for the pair"))
                : runtime.engine().accept(intent, envelope, runtime.decryptor(), new TraderExposure(open.intValue(), 0));
            o.pair = runtime.pairFor(intent.bounds().tokenIn(), intent.bounds().tokenOut()).orElse(null);
            Uni<TradingOrder> saved = existing != null ? Uni.createFrom().item(o) : o.persist();
            if (acceptance instanceof Acceptance.Accepted a) {
              runtime.strategies().put(intent.intentId(), a.strategy());
              o.state = OrderState.OPEN;
              count("accepted");
              LOG.infof("intent %s of %s accepted (%s mode)", intent.intentId(), intent.trader(), o.paper ? "paper" : "live");
              return saved.replaceWith(false);
            }
            Acceptance.Rejected r = (Acceptance.Rejected) acceptance;
            o.rejectCode = r.reason().code();
            count("rejected");
            // the problems name fields and rules, never values; still, only their number is logged
            LOG.infof("intent %s of %s rejected: %s (%d problem(s))", intent.intentId(), intent.trader(), r.reason(), r.problems().size());
            if (o.paper) {
              o.state = OrderState.REJECTED;
              o.finishedAt = Instant.now();
              return saved.replaceWith(false);
            }
            o.state = OrderState.PENDING_REJECT;
            return saved.flatMap(x -> enqueueReject(o)).replaceWith(true);
          });
    });
  }

  /** Queues rejectIntent(intentId, code) for an order in PENDING_REJECT. Call inside a transaction. */
  Uni<Boolean> enqueueReject(TradingOrder o) {
    o.attempts++;
    String intentId = TradingIds.reject(o.chainId, o.intentId, o.attempts);
    o.pendingIntentId = intentId;
    String data = runtime.vaultCalls().rejectIntent(hex(o.intentId), BigInteger.valueOf(o.rejectCode)).encodeFunctionCall();
    return PostgresTransactionJournal.enqueue(o.chainId, sender.signerAddress(), new TxIntent(intentId, o.vault, data, BigInteger.ZERO,
        runtime.gasLimitOrNull()));
  }

  private Uni<Boolean> onExecuted(String id, ChainEvent e, int slice, BigInteger in, BigInteger out, BigInteger remaining, long at) {
    return TradingOrder.<TradingOrder>findById(id).flatMap(o -> {
      if (o == null || slice < o.executions) return Uni.createFrom().item(false); // not ours, or a redelivery
      if (slice > o.executions) {
        LOG.errorf("intent %s: slice %d executed while %d were known; taking the vault's remaining amount as the truth", o.intentId, slice, o.executions);
      }
      o.executions = slice + 1;
      o.spent = o.maxTotal.subtract(new BigDecimal(remaining));
      o.received = o.received.add(new BigDecimal(out));
      o.lastExecutionAt = at;
      o.failedAttempts = 0;
      if (o.state == OrderState.OPEN) o.state = OrderState.PARTIALLY_FILLED;
      o.updatedAt = Instant.now();
      return TradingSlice.<TradingSlice>find("orderId = ?1 and sliceIndex = ?2 and state in ?3", id, slice,
              List.of(TradingSlice.PLANNED, TradingSlice.SUBMITTED, TradingSlice.EXECUTED)).firstResult()
          .flatMap(s -> {
            if (s != null) {
              s.state = TradingSlice.EXECUTED;
              s.amountOut = new BigDecimal(out);
              s.txHash = e.txHash();
              if (s.finishedAt == null) s.finishedAt = Instant.now();
              if (s.id.equals(o.pendingIntentId)) o.pendingIntentId = null;
            } else {
              o.pendingIntentId = null;
            }
            LOG.infof("intent %s: slice %d executed in tx %s", o.intentId, slice, e.txHash());
            return PriceRecord.update("ownExecution = true where txHash = ?1", e.txHash());
          })
          .replaceWith(false);
    });
  }

  private Uni<Boolean> onEnded(String id, OrderState state, Integer rejectCode, Integer closeCode) {
    return TradingOrder.<TradingOrder>findById(id).flatMap(o -> {
      if (o == null || o.state.isFinal()) return Uni.createFrom().item(false);
      o.state = state;
      if (rejectCode != null) o.rejectCode = rejectCode;
      if (closeCode != null) o.closeCode = closeCode;
      o.finishedAt = Instant.now();
      o.updatedAt = o.finishedAt;
      String pending = o.pendingIntentId;
      o.pendingIntentId = null;
      runtime.strategies().remove(o.intentId);
      count(state.name().toLowerCase(java.util.Locale.ROOT));
      LOG.infof("intent %s is %s", o.intentId, state);
      // a slice not yet signed must not be: withdraw it (the vault would refuse it anyway)
      return pending == null ? Uni.createFrom().item(false) : PostgresTransactionJournal.withdraw(pending).replaceWith(true);
    });
  }

  private Uni<Boolean> onRetracted(String id, ChainEvent e) {
    return TradingOrder.<TradingOrder>findById(id).flatMap(o -> {
      if (o == null) return Uni.createFrom().item(false);
      if (TradingEvents.SUBMITTED.equals(e.event()) && o.blockHash.equals(e.blockHash()) && !o.state.isFinal()) {
        LOG.warnf("intent %s retracted: its block %s was reorganised away", o.intentId, e.blockHash());
        o.state = OrderState.RETRACTED;
        o.finishedAt = Instant.now();
        runtime.strategies().remove(o.intentId);
        String pending = o.pendingIntentId;
        o.pendingIntentId = null;
        return pending == null ? Uni.createFrom().item(false) : PostgresTransactionJournal.withdraw(pending).replaceWith(true);
      }
      if (TradingEvents.EXECUTED.equals(e.event())) {
        int slice = IntentFields.uint(e, "sliceIndex").intValueExact();
        if (o.executions == slice + 1 && !o.state.isFinal()) {
          // the execution's block is gone: so is its effect on the vault; the slice may run again
          o.executions = slice;
          o.spent = o.spent.subtract(new BigDecimal(IntentFields.uint(e, "amountIn")));
          o.received = o.received.subtract(new BigDecimal(IntentFields.uint(e, "amountOut")));
          LOG.warnf("intent %s: slice %d retracted by a reorganisation", o.intentId, slice);
          return TradingSlice.update("state = ?1, reason = ?2 where orderId = ?3 and sliceIndex = ?4 and state = ?5", TradingSlice.FAILED,
              "reorganised away", id, slice, TradingSlice.EXECUTED).replaceWith(false);
        }
      }
      return Uni.createFrom().item(false);
    });
  }

  private Uni<Boolean> onSync(ChainEvent e) {
    String id = e.chainId() + ":" + e.contract() + ":" + e.blockNumber() + ":" + e.logIndex();
    if (e.kind() == ChainEvent.Kind.RETRACTION) {
      return PriceRecord.delete("id = ?1 and blockHash = ?2", id, e.blockHash()).replaceWith(false);
    }
    BigInteger r0 = IntentFields.uint(e, "reserve0");
    BigInteger r1 = IntentFields.uint(e, "reserve1");
    return PriceRecord.<PriceRecord>findById(id).flatMap(existing -> {
      if (existing != null) return Uni.createFrom().item(false);
      return TradingSlice.count("txHash = ?1", e.txHash()).flatMap(own -> {
        PriceRecord p = new PriceRecord();
        p.id = id;
        p.chainId = e.chainId();
        p.pair = e.contract();
        p.blockNumber = e.blockNumber();
        p.logIndex = e.logIndex();
        p.blockHash = e.blockHash();
        p.txHash = e.txHash();
        p.reserve0 = new BigDecimal(r0);
        p.reserve1 = new BigDecimal(r1);
        p.ownExecution = own > 0;
        return p.persist().replaceWith(false);
      });
    });
  }

  private void fill(TradingOrder o, String id, ChainEvent e, Intent intent, byte[] envelope) {
    o.id = id;
    o.chainId = e.chainId();
    o.intentId = intent.intentId();
    o.vault = runtime.vault();
    o.trader = intent.trader();
    o.guestKeyHash = intent.guestKeyHash();
    o.tokenIn = intent.bounds().tokenIn();
    o.tokenOut = intent.bounds().tokenOut();
    o.maxPerExecution = new BigDecimal(intent.bounds().maxAmountPerExecution());
    o.maxTotal = new BigDecimal(intent.bounds().maxAmountTotal());
    o.expiry = intent.bounds().expiry();
    o.maxSlippageBps = intent.bounds().maxSlippageBps();
    o.submittedAt = intent.submittedAt();
    o.submittedBlock = e.blockNumber();
    o.blockHash = e.blockHash();
    o.txHash = e.txHash();
    o.encryptedStrategy = "0x" + HexFormat.of().formatHex(envelope);
    o.executions = 0;
    o.spent = BigDecimal.ZERO;
    o.received = BigDecimal.ZERO;
    o.gasPaidWei = BigDecimal.ZERO;
    o.lastExecutionAt = 0;
    o.failedAttempts = 0;
    o.attempts = 0;
    o.pendingIntentId = null;
    o.closeCode = null;
    o.rejectCode = null;
    o.paper = runtime.paper();
    o.receivedAt = Instant.now();
    o.updatedAt = o.receivedAt;
    o.finishedAt = null;
  }

  private void count(String outcome) {
    Counter.builder("coracle_trading_intents").description("intents addressed to this guest, by what became of them")
        .tag("outcome", outcome).register(metrics).increment();
  }

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.startsWith("0x") ? h.substring(2) : h);
  }
}
