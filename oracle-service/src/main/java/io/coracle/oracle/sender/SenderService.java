package io.coracle.oracle.sender;

import io.coracle.chain.tx.FeePolicy;
import io.coracle.chain.tx.RevertReasons;
import io.coracle.chain.tx.TransactionSender;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.keys.GuestKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Runs the guest signer's {@link TransactionSender} over the PostgreSQL journal, on its own thread,
 * while this process holds the signer's nonce lease. Every kind of transaction the guest sends
 * (fulfilments, registrations, trades) goes through this one owner.
 */
@ApplicationScoped
public class SenderService {
  private static final Logger LOG = Logger.getLogger(SenderService.class);

  @Inject CoracleConfig config;
  @Inject ChainClient chain;
  @Inject GuestKeys keys;
  @Inject @Any Instance<OutboxHooks> hooks;
  @Inject MeterRegistry metrics;
  @Inject RevertReasons revertReasons;

  private final String ownerId = ProcessHandle.current().pid() + "@" + hostName() + "/" + UUID.randomUUID();
  private PostgresTransactionJournal journal;
  private TransactionSender sender;
  private volatile Thread loop;
  private volatile boolean running;
  private volatile boolean leaseHeld;
  private volatile String lastError;

  void onStart(@Observes StartupEvent ev) {
    journal = new PostgresTransactionJournal(chain.chainId(), hooks.stream().toList(), Duration.ofSeconds(30));
    CoracleConfig.Sender c = config.sender();
    sender =
        new TransactionSender(
            chain.web3j(),
            keys.signer(),
            journal,
            revertReasons,
            new TransactionSender.Config(
                chain.chainId(), c.maxInFlight(), c.stuckAfter(), TransactionSender.rebroadcastAfter(c.stuckAfter()), c.pollInterval(), 25, FeePolicy.defaults()),
            Clock.systemUTC());
    Gauge.builder("coracle_sender_nonce_gap", sender, TransactionSender::nonceGap)
        .description("nonces assigned but not yet mined")
        .register(metrics);
    Gauge.builder("coracle_sender_rpc_errors", sender, TransactionSender::rpcErrorTotal).register(metrics);
    Gauge.builder("coracle_sender_replacements", sender, TransactionSender::replacedTotal).register(metrics);
    running = true;
    loop = new Thread(this::run, "coracle-sender");
    loop.setDaemon(true);
    loop.start();
    LOG.infof("transaction sender for %s started (owner %s)", sender.address(), ownerId);
  }

  private void run() {
    boolean warnedNotOwner = false;
    long renewedAt = 0;
    // Cycles run on every wake-up (tens a second under load); the lease is renewed at most once a
    // second, so a cycle still starts with nearly the whole lease ahead of it.
    long renewEvery = Math.min(1_000_000_000L, config.sender().lease().toNanos() / 3);
    while (running) {
      try {
        long now = System.nanoTime();
        if (!leaseHeld || now - renewedAt >= renewEvery) {
          leaseHeld = false;
          leaseHeld = journal.holdLease(sender.address(), ownerId, config.sender().lease());
          renewedAt = now;
        }
        if (leaseHeld) {
          warnedNotOwner = false;
          sender.runCycle();
          lastError = null;
        } else if (!warnedNotOwner) {
          LOG.warnf("another process holds the nonce lease of %s; this one stays idle", sender.address());
          warnedNotOwner = true;
        }
      } catch (Exception e) {
        lastError = e.getMessage();
        warnThrottled(e.getMessage());
      }
      LockSupport.parkNanos(config.sender().pollInterval().toNanos());
    }
  }

  private String lastWarned;
  private long lastWarnedAt;
  private int suppressed;

  /** An outage fails every cycle (ten a second): say so once, then every ten seconds. */
  private void warnThrottled(String message) {
    long now = System.nanoTime();
    if (message != null && message.equals(lastWarned) && now - lastWarnedAt < 10_000_000_000L) {
      suppressed++;
      return;
    }
    LOG.warnf("sender cycle failed: %s%s", message, suppressed > 0 ? " (" + suppressed + " similar failures not shown)" : "");
    lastWarned = message;
    lastWarnedAt = now;
    suppressed = 0;
  }

  /** New intents are in the outbox: run a cycle now rather than at the next tick. */
  public void wakeUp() {
    Thread t = loop;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  public String signerAddress() {
    return keys.publicKeys().signerAddress();
  }

  public boolean leaseHeld() {
    return leaseHeld;
  }

  public String lastError() {
    return lastError;
  }

  public long nonceGap() {
    return sender == null ? 0 : sender.nonceGap();
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
    if (sender != null) {
      sender.close();
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }

  List<OutboxHooks> hooks() {
    return hooks.stream().toList();
  }
}
