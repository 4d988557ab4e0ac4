package io.coracle.oracle.metrics;

import io.coracle.oracle.ledger.RequestState;
import io.coracle.oracle.ledger.TxIntentRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests by state and the outbox backlog, as Prometheus gauges. Counted in the database every few
 * seconds (a gauge cannot wait on a reactive query), so every replica reports the shared ledger.
 */
@ApplicationScoped
public class LedgerMetrics {
  @Inject MeterRegistry metrics;

  private final Map<RequestState, AtomicLong> byState = new EnumMap<>(RequestState.class);
  private final AtomicLong pendingIntents = new AtomicLong();

  void register(@Observes StartupEvent ev) {
    for (RequestState s : RequestState.values()) {
      AtomicLong v = new AtomicLong();
      byState.put(s, v);
      Gauge.builder("coracle_requests", v, AtomicLong::get)
          .description("randomness requests in the ledger, by state")
          .tag("state", s.name())
          .register(metrics);
    }
    Gauge.builder("coracle_requests_pending", this, m -> m.pending()).description("requests not yet final").register(metrics);
    Gauge.builder("coracle_outbox_pending", pendingIntents, AtomicLong::get)
        .description("transactions queued or in flight")
        .register(metrics);
  }

  private long pending() {
    return byState.get(RequestState.RECEIVED).get() + byState.get(RequestState.PROVEN).get()
        + byState.get(RequestState.SUBMITTED).get();
  }

  @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  @WithSession
  Uni<Void> refresh() {
    return io.coracle.oracle.ledger.VrfRequest.getSession()
        .flatMap(
            s -> s.createQuery("select r.state, count(r) from VrfRequest r where r.standby = false group by r.state", Object[].class).getResultList())
        .invoke(
            (List<Object[]> rows) -> {
              byState.values().forEach(v -> v.set(0));
              for (Object[] row : rows) {
                byState.get((RequestState) row[0]).set((Long) row[1]);
              }
            })
        .flatMap(x -> TxIntentRecord.count("state <> ?1", TxIntentRecord.DONE))
        .invoke(pendingIntents::set)
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }
}
