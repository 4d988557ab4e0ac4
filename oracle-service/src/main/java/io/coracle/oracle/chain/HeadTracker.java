package io.coracle.oracle.chain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Keeps {@link ChainClient#lastHead()} fresh, so code on the event loop never waits on the RPC for it. */
@ApplicationScoped
public class HeadTracker {
  private static final Logger LOG = Logger.getLogger(HeadTracker.class);
  @Inject ChainClient chain;

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    try {
      chain.observedHead(chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact());
    } catch (Exception e) {
      LOG.debugf("head poll failed: %s", e.getMessage());
    }
  }
}
