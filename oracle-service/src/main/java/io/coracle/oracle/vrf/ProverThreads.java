package io.coracle.oracle.vrf;

import io.coracle.oracle.config.CoracleConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that prove incoming requests, bounded ({@code coracle.prover.threads}). With proofs on
 * the shared worker pool, four consumers proved four polls at once on two cores: each poll took
 * about a second and the sender got its first fulfilments only when they all finished. With
 * bounded threads the polls' proofs queue, the first poll commits after its own proofs, and the
 * remaining cores keep recording and sending.
 */
@ApplicationScoped
public class ProverThreads {
  private final ExecutorService pool;
  private final int size;

  @Inject
  public ProverThreads(CoracleConfig config) {
    this.size = config.prover().threads() > 0
        ? config.prover().threads()
        : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, "coracle-prover-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public Executor executor() {
    return pool;
  }

  public int size() {
    return size;
  }

  @PreDestroy
  void close() {
    pool.shutdownNow();
  }
}
