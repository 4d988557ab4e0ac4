package io.coracle.oracle.trading;

import io.coracle.chain.tx.TxAttempt;
import io.coracle.chain.tx.TxOutcome;
import io.coracle.oracle.sender.OutboxHooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Moves slices along as their execute() transactions are signed, mined or refused, inside the
 * journal's transaction. Progress itself (executions, amounts) comes only from the vault's
 * IntentExecuted events: a mined transaction keeps the order's pending slice until its event
 * arrives, a failed one frees the order for the next attempt and counts towards the circuit breaker.
 */
@ApplicationScoped
public class TradingOutboxHooks implements OutboxHooks {
  private static final Logger LOG = Logger.getLogger(TradingOutboxHooks.class);

  @Inject TradingRuntime runtime;
  @Inject MeterRegistry metrics;

  @Override
  public String prefix() {
    return TradingIds.PREFIX;
  }

  @Override
  public Uni<Void> onSubmitted(String intentId, long nonce, TxAttempt attempt) {
    Optional<TradingIds.Parsed> p = TradingIds.parse(intentId);
    if (p.isEmpty() || p.get().action() != TradingIds.Action.EXEC) return Uni.createFrom().voidItem();
    return TradingSlice.<TradingSlice>findById(intentId)
        .invoke(s -> {
          if (s != null && TradingSlice.PLANNED.equals(s.state)) {
            s.state = TradingSlice.SUBMITTED;
            s.txHash = attempt.hash();
          }
        })
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> onFinished(String intentId, TxOutcome outcome) {
    Optional<TradingIds.Parsed> parsed = TradingIds.parse(intentId);
    if (parsed.isEmpty()) return Uni.createFrom().voidItem();
    TradingIds.Parsed p = parsed.get();
    return TradingOrder.<TradingOrder>findById(p.orderId()).flatMap(order -> {
      if (order == null) return Uni.createFrom().voidItem();
      boolean succeeded = outcome instanceof TxOutcome.Succeeded;
      if (outcome instanceof TxOutcome.Succeeded s) {
        order.gasPaidWei = order.gasPaidWei.add(new BigDecimal(s.gasUsed().multiply(s.effectiveGasPrice())));
      }
      if (p.action() != TradingIds.Action.EXEC) {
        // A reject or close: its event finishes the order. Only a failure frees it for another attempt.
        if (!succeeded && intentId.equals(order.pendingIntentId)) {
          order.pendingIntentId = null;
          LOG.warnf("%s of intent %s did not go through: %s; it will be tried again", p.action(), order.intentId, describe(outcome));
        }
        order.updatedAt = Instant.now();
        return Uni.createFrom().voidItem();
      }
      return TradingSlice.<TradingSlice>findById(intentId).flatMap(slice ->
          TradingControl.<TradingControl>findById(TradingControl.ROW).invoke(control -> {
            record(outcome, slice);
            if (succeeded) {
              // keep the order's pending slice until IntentExecuted arrives with the amounts
              if (control != null) control.consecutiveFailures = 0;
              return;
            }
            boolean withdrawn = outcome instanceof TxOutcome.Cancelled;
            // refused before signing because the pool moved since the decision: free, and simply re-quoted
            boolean priceMoved = outcome instanceof TxOutcome.Rejected j && priceMoved(j.reason());
            if (intentId.equals(order.pendingIntentId)) order.pendingIntentId = null;
            if (!withdrawn && !priceMoved) {
              order.failedAttempts++;
              if (control != null) {
                control.consecutiveFailures++;
                int threshold = runtime.engine().config().limits().breakerFailureThreshold();
                if (!control.circuitTripped && control.consecutiveFailures >= threshold) {
                  control.circuitTripped = true;
                  control.circuitReason = control.consecutiveFailures + " consecutive failed executions";
                  LOG.errorf("circuit breaker tripped: %s", control.circuitReason);
                }
                control.updatedAt = Instant.now();
              }
            }
            order.updatedAt = Instant.now();
            LOG.warnf("slice %d of intent %s failed (attempt %d): %s", p.slice(), order.intentId, p.attempt(), describe(outcome));
          })).replaceWithVoid();
    });
  }

  private void record(TxOutcome outcome, TradingSlice slice) {
    String result = outcome instanceof TxOutcome.Succeeded ? "mined" : outcome instanceof TxOutcome.Reverted ? "reverted"
        : outcome instanceof TxOutcome.Rejected ? "refused" : "withdrawn";
    Counter.builder("coracle_trading_executions").description("execute() transactions by outcome").tag("outcome", result)
        .register(metrics).increment();
    if (slice == null) return;
    slice.finishedAt = Instant.now();
    if (outcome instanceof TxOutcome.Succeeded s) {
      if (!TradingSlice.EXECUTED.equals(slice.state)) slice.state = TradingSlice.EXECUTED;
      slice.txHash = s.txHash();
      slice.gasUsed = new BigDecimal(s.gasUsed());
    } else if (!TradingSlice.EXECUTED.equals(slice.state)) {
      slice.state = TradingSlice.FAILED;
      slice.reason = describe(outcome);
      if (outcome instanceof TxOutcome.Reverted r) {
        slice.txHash = r.txHash();
        slice.gasUsed = new BigDecimal(r.gasUsed());
      }
    }
  }

  /** The router's InsufficientOutputAmount or the vault's SlippageAboveBound, by name or by selector. */
  static boolean priceMoved(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
    return r.contains("insufficientoutputamount") || r.contains("d28d3eb5") || r.contains("slippageabovebound") || r.contains("b70a8d5b");
  }

  static String describe(TxOutcome o) {
    if (o instanceof TxOutcome.Reverted r) return "reverted: " + r.reason();
    if (o instanceof TxOutcome.Rejected j) return "not sent: " + j.reason();
    if (o instanceof TxOutcome.Cancelled c) return "withdrawn: " + c.reason();
    return "succeeded";
  }
}
