package io.coracle.oracle.trading;

import io.coracle.chain.tx.TxIntent;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.sender.PostgresTransactionJournal;
import io.coracle.oracle.sender.SenderService;
import io.coracle.trading.CloseCode;
import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.engine.Acceptance;
import io.coracle.trading.engine.CircuitState;
import io.coracle.trading.engine.Decision;
import io.coracle.trading.engine.PaperFill;
import io.coracle.trading.engine.TraderExposure;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceObservation;
import io.coracle.trading.market.Reserves;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.Strategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * Decides, block after block, for every open intent of this guest, on a thread of its own and only
 * in the replica that owns the signer's nonces. Each decision and its outbox intent commit in one
 * transaction: an execution is a slice row plus {@code execute()} in the outbox (or, in paper mode,
 * a paper fill); a finished strategy a {@code finishIntent}. An order with a transaction in flight is
 * not decided again until that transaction's fate is known, so slices go one at a time, in order.
 */
@ApplicationScoped
public class TradingScheduler {
  private static final Logger LOG = Logger.getLogger(TradingScheduler.class);
  private static final List<OrderState> LIVE = List.of(OrderState.OPEN, OrderState.PARTIALLY_FILLED, OrderState.PENDING_REJECT, OrderState.PENDING_CLOSE);
  private static final int GUARD_HISTORY = 64;

  @Inject TradingRuntime runtime;
  @Inject TradingConfig config;
  @Inject ChainClient chain;
  @Inject SenderService sender;
  @Inject TradingEventConsumer consumer;
  @Inject MeterRegistry metrics;

  private volatile boolean running;
  private volatile Thread loop;
  private volatile long lastBlock = -1;
  private volatile String lastError;

  /** The chain head a round decides at. */
  record Head(long number, long timestamp, BigInteger gasPriceWei) {}

  void onStart(@Observes StartupEvent ev) {
    if (!runtime.active()) return;
    running = true;
    loop = new Thread(this::run, "coracle-trading");
    loop.setDaemon(true);
    loop.start();
  }

  void onStop(@Observes ShutdownEvent ev) {
    running = false;
    Thread t = loop;
    if (t != null) {
      LockSupport.unpark(t);
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public String lastError() {
    return lastError;
  }

  /** The last head a round decided at, -1 before the first. */
  public long lastBlock() {
    return lastBlock;
  }

  private void run() {
    while (running) {
      try {
        if (!runtime.pairsKnown()) runtime.resolvePairs();
        if (sender.leaseHeld() && runtime.pairsKnown()) {
          // every tick, not only on new blocks: a failed attempt is retried without waiting for a block
          Head head = head();
          round(head);
          lastBlock = head.number();
        }
        lastError = null;
      } catch (Exception e) {
        lastError = e.getMessage();
        LOG.warnf("trading round failed: %s", e.getMessage());
      }
      LockSupport.parkNanos(config.tick().toNanos());
    }
  }

  private Head head() throws java.io.IOException {
    EthBlock.Block b = chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    BigInteger gasPrice = chain.web3j().ethGasPrice().send().getGasPrice();
    return new Head(b.getNumber().longValueExact(), b.getTimestamp().longValueExact(), gasPrice);
  }

  /** One decision per live order without a transaction in flight; each in its own transaction. */
  void round(Head head) {
    List<String> ids = inTransaction(() -> TradingOrder.<TradingOrder>find("state in ?1 and pendingIntentId is null and chainId = ?2",
        LIVE, chain.chainId()).list().map(list -> list.stream().map(o -> o.id).toList()));
    boolean queued = false;
    for (String id : ids) {
      Timer.Sample sample = Timer.start(metrics);
      try {
        queued |= inTransaction(() -> decide(id, head));
      } catch (RuntimeException e) {
        LOG.warnf("intent order %s: no decision this round: %s", id, e.getMessage());
      } finally {
        sample.stop(Timer.builder("coracle_trading_decision_time").description("one intent's decision, database work included").register(metrics));
      }
    }
    if (queued) sender.wakeUp();
  }

  private Uni<Boolean> decide(String id, Head head) {
    return TradingOrder.<TradingOrder>findById(id).flatMap(o -> {
      if (o == null || o.pendingIntentId != null || !LIVE.contains(o.state)) return Uni.createFrom().item(false);
      if (o.state == OrderState.PENDING_REJECT) return consumer.enqueueReject(o).replaceWith(true);
      if (o.state == OrderState.PENDING_CLOSE) return enqueueFinish(o).replaceWith(true);
      Intent intent = intentOf(o);
      Strategy strategy = strategyOf(o, intent);
      if (strategy == null) return Uni.createFrom().item(false);
      return PriceRecord.<PriceRecord>find("chainId = ?1 and pair = ?2 and blockNumber <= ?3 order by blockNumber desc, logIndex desc",
              o.chainId, o.pair, head.number()).page(0, GUARD_HISTORY).list()
          .flatMap(prices -> TradingSlice.count(
                  "orderId in (select t.id from TradingOrder t where t.trader = ?1) and state in ?2 and createdAt > ?3", o.trader,
                  List.of(TradingSlice.PLANNED, TradingSlice.SUBMITTED, TradingSlice.EXECUTED, TradingSlice.PAPER_FILLED),
                  Instant.now().minus(Duration.ofHours(1)))
              .flatMap(recent -> TradingControl.<TradingControl>findById(TradingControl.ROW).flatMap(control -> {
                MarketSnapshot market = market(o, intent, prices, head);
                CircuitState breaker = control == null || !control.circuitTripped ? CircuitState.CLOSED
                    : new CircuitState(true, control.circuitReason, control.consecutiveFailures);
                OrderProgress progress = new OrderProgress(o.executions, big(o.spent), big(o.received), o.lastExecutionAt);
                Decision d = runtime.engine().decide(intent, strategy, progress, market, new TraderExposure(0, recent.intValue()), breaker,
                    o.failedAttempts);
                return act(o, d, head, market);
              })));
    });
  }

  private Uni<Boolean> act(TradingOrder o, Decision d, Head head, MarketSnapshot market) {
    if (d instanceof Decision.Execute x) {
      o.attempts++;
      TradingSlice s = new TradingSlice();
      s.id = TradingIds.execute(o.chainId, o.intentId, x.sliceIndex(), o.attempts);
      s.orderId = o.id;
      s.sliceIndex = x.sliceIndex();
      s.attempt = o.attempts;
      s.amountIn = new BigDecimal(x.amountIn());
      s.expectedOut = new BigDecimal(x.expectedOut());
      s.minAmountOut = new BigDecimal(x.minAmountOut());
      s.gasCostOut = new BigDecimal(x.gasCostOut());
      s.deadline = x.deadline();
      s.decidedBlock = head.number();
      s.createdAt = Instant.now();
      o.updatedAt = s.createdAt;
      if (o.paper) {
        PaperFill fill = PaperFill.of(x, market.reserves(), head.timestamp());
        s.state = TradingSlice.PAPER_FILLED;
        s.amountOut = new BigDecimal(fill.amountOut());
        s.finishedAt = s.createdAt;
        o.executions++;
        o.spent = o.spent.add(s.amountIn);
        o.received = o.received.add(s.amountOut);
        o.lastExecutionAt = head.timestamp();
        o.state = o.spent.compareTo(o.maxTotal) >= 0 ? OrderState.FILLED : OrderState.PARTIALLY_FILLED;
        if (o.state == OrderState.FILLED) o.finishedAt = s.createdAt;
        LOG.infof("intent %s: slice %d filled on paper", o.intentId, x.sliceIndex());
        return s.persist().replaceWith(false);
      }
      s.state = TradingSlice.PLANNED;
      o.pendingIntentId = s.id;
      String data = runtime.vaultCalls().execute(TradingEventConsumer.hex(o.intentId), BigInteger.valueOf(x.sliceIndex()), x.amountIn(),
          x.minAmountOut(), BigInteger.valueOf(x.deadline())).encodeFunctionCall();
      LOG.infof("intent %s: slice %d queued (attempt %d)", o.intentId, x.sliceIndex(), o.attempts);
      return s.persist().flatMap(v -> PostgresTransactionJournal.enqueue(o.chainId, sender.signerAddress(),
          new TxIntent(s.id, o.vault, data, BigInteger.ZERO, runtime.gasLimitOrNull()))).replaceWith(true);
    }
    if (d instanceof Decision.Finish f) {
      o.closeCode = f.code().code();
      o.updatedAt = Instant.now();
      LOG.infof("intent %s: closing (%s)", o.intentId, f.code());
      if (o.paper) {
        o.state = f.code() == CloseCode.EXPIRED ? OrderState.EXPIRED : f.code() == CloseCode.FAILED ? OrderState.FAILED : OrderState.COMPLETED;
        o.finishedAt = o.updatedAt;
        runtime.strategies().remove(o.intentId);
        return Uni.createFrom().item(false);
      }
      o.state = OrderState.PENDING_CLOSE;
      return enqueueFinish(o).replaceWith(true);
    }
    return Uni.createFrom().item(false);
  }

  private Uni<Boolean> enqueueFinish(TradingOrder o) {
    o.attempts++;
    String id = TradingIds.finish(o.chainId, o.intentId, o.attempts);
    o.pendingIntentId = id;
    String data = runtime.vaultCalls().finishIntent(TradingEventConsumer.hex(o.intentId), BigInteger.valueOf(o.closeCode)).encodeFunctionCall();
    return PostgresTransactionJournal.enqueue(o.chainId, sender.signerAddress(), new TxIntent(id, o.vault, data, BigInteger.ZERO,
        runtime.gasLimitOrNull()));
  }

  private MarketSnapshot market(TradingOrder o, Intent intent, List<PriceRecord> latestFirst, Head head) {
    List<PriceObservation> observations = new ArrayList<>();
    for (PriceRecord p : latestFirst) {
      observations.add(new PriceObservation(p.pair, p.blockNumber, p.logIndex, big(p.reserve0), big(p.reserve1), p.ownExecution));
    }
    Reserves reserves = latestFirst.isEmpty() ? null
        : Reserves.forSelling(o.tokenIn, o.tokenOut, big(latestFirst.get(0).reserve0), big(latestFirst.get(0).reserve1));
    return new MarketSnapshot(head.number(), head.timestamp(), head.gasPriceWei(), reserves,
        MarketSnapshot.nativeRate(o.tokenIn, o.tokenOut, runtime.nativeToken().orElse(null), reserves),
        runtime.engine().config().guard().check(observations, head.number()));
  }

  /** The decrypted strategy, from memory, or decrypted again from the stored ciphertext after a restart. */
  private Strategy strategyOf(TradingOrder o, Intent intent) {
    Strategy s = runtime.strategies().get(o.intentId);
    if (s != null) return s;
    Acceptance a = runtime.engine().accept(intent, HexFormat.of().parseHex(o.encryptedStrategy.substring(2)), runtime.decryptor(),
        TraderExposure.NONE);
    if (a instanceof Acceptance.Accepted accepted) {
      runtime.strategies().put(o.intentId, accepted.strategy());
      return accepted.strategy();
    }
    LOG.errorf("intent %s was accepted but its strategy no longer decrypts or parses: %s", o.intentId, ((Acceptance.Rejected) a).reason());
    return null;
  }

  static Intent intentOf(TradingOrder o) {
    return new Intent(o.intentId, o.trader, o.guestKeyHash, new PublicBounds(o.tokenIn, o.tokenOut, big(o.maxPerExecution), big(o.maxTotal),
        o.expiry, o.maxSlippageBps), o.submittedAt, o.submittedBlock);
  }

  static BigInteger big(BigDecimal d) {
    return d.toBigIntegerExact();
  }

  private static <T> T inTransaction(Supplier<Uni<T>> work) {
    try {
      return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work).ifNoItem().after(Duration.ofSeconds(30)).fail());
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("trading transaction failed: " + t.getMessage(), t);
    }
  }
}
