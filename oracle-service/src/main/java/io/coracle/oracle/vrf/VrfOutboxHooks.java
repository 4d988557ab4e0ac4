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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.coracle.oracle.sender.SqlRows;
import org.hibernate.reactive.mutiny.Mutiny;
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

  /**
   * PROVEN -> SUBMITTED for a sender batch with one statement per chunk (the version bumped as
   * Hibernate would, so a concurrent entity update of the same request still conflicts).
   */
  @Override
  public Uni<Void> onSubmittedAll(Mutiny.Session session, List<Submission> batch) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (List<Submission> part : SqlRows.chunks(batch)) {
      SqlRows rows = new SqlRows(null, null, null);
      String now = rows.scalar(Instant.now());
      for (Submission sub : part) {
        String id = VrfRequest.idOfIntent(sub.intentId());
        if (id != null) {
          rows.row(id, sub.intentId(), sub.attempt().hash());
        }
      }
      if (rows.size() > 0) {
        chain = chain.flatMap(v -> rows.bind(session.createNativeQuery(
                "UPDATE vrf_request r SET state = 'SUBMITTED', submitted_at = CAST(" + now + " AS timestamptz), "
                    + "fulfil_tx_hash = v.tx_hash, version = r.version + 1 FROM (VALUES " + rows.values()
                    + ") AS v (id, intent_id, tx_hash) WHERE r.id = v.id AND r.intent_id = v.intent_id AND r.state = 'PROVEN'"))
            .executeUpdate()
            .replaceWithVoid());
      }
    }
    return chain;
  }

  /**
   * Succeeded fulfilments (nearly all of them) with one statement per chunk, each request's latency
   * recorded from what the statement returns; any other outcome one by one through
   * {@link #onFinished}.
   */
  @Override
  public Uni<Void> onFinishedAll(Mutiny.Session session, Map<String, TxOutcome> outcomes) {
    List<Map.Entry<String, TxOutcome>> succeeded = new ArrayList<>();
    Map<String, TxOutcome> others = new LinkedHashMap<>();
    outcomes.forEach((intentId, o) -> {
      if (o instanceof TxOutcome.Succeeded && VrfRequest.idOfIntent(intentId) != null) {
        succeeded.add(Map.entry(intentId, o));
      } else {
        others.put(intentId, o);
      }
    });
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (List<Map.Entry<String, TxOutcome>> part : SqlRows.chunks(succeeded)) {
      Instant now = Instant.now();
      SqlRows rows = new SqlRows(null, null, null, "bigint", "bigint");
      String at = rows.scalar(now);
      for (Map.Entry<String, TxOutcome> e : part) {
        TxOutcome.Succeeded s = (TxOutcome.Succeeded) e.getValue();
        rows.row(VrfRequest.idOfIntent(e.getKey()), e.getKey(), s.txHash(), s.blockNumber(), s.gasUsed().longValueExact());
      }
      chain = chain.flatMap(v -> rows.bind(session.<Long>createNativeQuery(
              "UPDATE vrf_request r SET state = 'FULFILLED', fulfil_tx_hash = v.tx_hash, fulfil_block = v.block, "
                  + "fulfil_gas_used = v.gas, finished_at = CAST(" + at + " AS timestamptz), version = r.version + 1 FROM (VALUES "
                  + rows.values() + ") AS v (id, intent_id, tx_hash, block, gas) WHERE r.id = v.id AND r.intent_id = v.intent_id "
                  + "AND r.state IN ('RECEIVED', 'PROVEN', 'SUBMITTED') "
                  + "RETURNING CAST(EXTRACT(EPOCH FROM r.received_at) * 1000 AS bigint)"))
          .getResultList()
          .invoke(receivedMillis -> {
            Timer fulfilled = latency(RequestState.FULFILLED);
            for (Object ms : receivedMillis) {
              fulfilled.record(Duration.between(Instant.ofEpochMilli(((Number) ms).longValue()), now));
            }
          })
          .replaceWithVoid());
    }
    return others.isEmpty() ? chain : chain.flatMap(v -> OutboxHooks.super.onFinishedAll(session, others));
  }

  private Timer latency(RequestState outcome) {
    return Timer.builder("coracle_fulfilment_latency")
        .description("from the request event being received to its fulfilment being final")
        .tag("outcome", outcome.name())
        .publishPercentileHistogram()
        .register(metrics);
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
              latency(r.state).record(Duration.between(r.receivedAt, now));
              if (r.state == RequestState.FAILED) {
                LOG.warnf("request %s on chain %d failed: %s", r.requestId, r.chainId, r.failureReason);
              }
            })
        .replaceWithVoid();
  }
}
