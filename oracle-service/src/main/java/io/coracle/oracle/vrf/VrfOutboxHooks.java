package io.coracle.oracle.vrf;

import io.coracle.chain.tx.TxAttempt;
import io.coracle.chain.tx.TxOutcome;
import io.coracle.oracle.ledger.RequestState;
import io.coracle.oracle.ledger.VrfRequest;
import io.coracle.oracle.sender.OutboxHooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Moves a request along as its fulfilment transaction is signed, mined or refused. */
@ApplicationScoped
public class VrfOutboxHooks implements OutboxHooks {
  private static final Logger LOG = Logger.getLogger(VrfOutboxHooks.class);
  public static final String PREFIX = "vrf:";

  @Inject MeterRegistry metrics;

  public static String intentId(long chainId, java.math.BigInteger requestId, int generation) {
    return PREFIX + chainId + ":" + requestId + ":" + generation;
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public Uni<Void> prefetch(java.util.List<String> intentIds) {
    java.util.List<String> ids = intentIds.stream().map(VrfRequest::idOfIntent).filter(java.util.Objects::nonNull).distinct().toList();
    return ids.isEmpty() ? Uni.createFrom().voidItem() : VrfRequest.list("id in ?1", ids).replaceWithVoid();
  }

  @Override
  public Uni<Void> onSubmitted(String intentId, long nonce, TxAttempt attempt) {
    return VrfRequest.byIntent(intentId)
        .invoke(
            r -> {
              if (r != null && r.state == RequestState.PROVEN) {
                r.state = RequestState.SUBMITTED;
                r.submittedAt = Instant.now();
                r.fulfilTxHash = attempt.hash();
              }
            })
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> onFinished(String intentId, TxOutcome outcome) {
    return VrfRequest.byIntent(intentId)
        .invoke(
            r -> {
              if (r == null || r.state == RequestState.RETRACTED || r.state.isFinal()) {
                return;
              }
              Instant now = Instant.now();
              if (outcome instanceof TxOutcome.Succeeded s) {
                r.state = RequestState.FULFILLED;
                r.fulfilTxHash = s.txHash();
                r.fulfilBlock = s.blockNumber();
                r.fulfilGasUsed = s.gasUsed().longValueExact();
              } else if (outcome instanceof TxOutcome.Reverted v) {
                r.state = RequestState.FAILED;
                r.fulfilTxHash = v.txHash();
                r.fulfilBlock = v.blockNumber();
                r.failureReason = "fulfilment reverted: " + v.reason();
              } else if (outcome instanceof TxOutcome.Rejected j) {
                r.state = RequestState.FAILED;
                r.failureReason = j.reason().contains("NoCorrespondingRequest")
                    ? "not sent: the request is no longer pending (answered by another guest's key, or released)"
                    : "fulfilment not sent: " + j.reason();
              } else if (outcome instanceof TxOutcome.Cancelled c) {
                r.state = RequestState.FAILED;
                r.failureReason = "fulfilment withdrawn: " + c.reason();
              }
              r.finishedAt = now;
              Timer.builder("coracle_fulfilment_latency")
                  .description("from the request event being received to its fulfilment being final")
                  .tag("outcome", r.state.name())
                  .publishPercentileHistogram()
                  .register(metrics)
                  .record(Duration.between(r.receivedAt, now));
              if (r.state == RequestState.FAILED) {
                LOG.warnf("request %s on chain %d failed: %s", r.requestId, r.chainId, r.failureReason);
              }
            })
        .replaceWithVoid();
  }
}
