package io.coracle.chain;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Follows the logs of watched contracts and publishes each event once it has the confirmations it
 * asked for. A reorganisation is noticed by parent hash: unconfirmed events from dropped blocks are
 * forgotten, published ones are retracted. Each poll commits its events together with the new
 * checkpoint ({@link ChainEventSink#commit}), so a restart resumes exactly where the last commit
 * left off, neither skipping nor repeating.
 */
public final class LogFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
  /** Events per Kafka transaction when a poll releases more (a consumer's poll is 256 records). */
  static final int RELEASE_CHUNK = 256;

  /**
   * @param followerId names this follower's checkpoint; one follower per id runs at a time
   * @param startBlock first block to scan when there is no checkpoint yet (e.g. the deployment block)
   * @param windowCapacity headers kept to resolve reorganisations; must exceed every confirmation count
   * @param maxBlocksPerPoll how far one poll reads, so catching up after downtime is incremental
   */
  public record Config(
      String followerId,
      long chainId,
      long startBlock,
      int windowCapacity,
      int maxBlocksPerPoll,
      Duration pollInterval) {
    public Config {
      Objects.requireNonNull(followerId, "followerId");
      if (windowCapacity < 8 || maxBlocksPerPoll < 1 || startBlock < 0) {
        throw new IllegalArgumentException("windowCapacity >= 8, maxBlocksPerPoll >= 1, startBlock >= 0");
      }
    }

    public static Config defaults(String followerId, long chainId, long startBlock) {
      return new Config(followerId, chainId, startBlock, 256, 500, Duration.ofMillis(500));
    }
  }

  /** What one poll did. */
  public record PollOutcome(
      long head, long scannedTo, int published, int retracted, int deadLettered, int pending) {}

  private final ChainReader reader;
  private final ChainEventSink sink;
  private final Config config;
  private final Map<String, WatchedEvent> byKey = new HashMap<>();
  private final List<String> contracts;
  private final List<String> topics;

  private FollowerState state;
  private volatile Thread thread;
  private volatile boolean running;
  private final AtomicLong publishedTotal = new AtomicLong();
  private final AtomicLong retractedTotal = new AtomicLong();
  private final AtomicLong deadLetteredTotal = new AtomicLong();
  private final AtomicLong lastHead = new AtomicLong(-1);
  private final AtomicLong lastScanned = new AtomicLong(-1);
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public LogFollower(
      ChainReader reader, ChainEventSink sink, List<WatchedEvent> events, Config config) {
    this.reader = reader;
    this.sink = sink;
    this.config = config;
    List<String> cs = new ArrayList<>();
    List<String> ts = new ArrayList<>();
    for (WatchedEvent e : events) {
      String contract = e.contract().toLowerCase(java.util.Locale.ROOT);
      String topic = e.topic0().toLowerCase(java.util.Locale.ROOT);
      byKey.put(contract + "/" + topic, e);
      if (!cs.contains(contract)) {
        cs.add(contract);
      }
      if (!ts.contains(topic)) {
        ts.add(topic);
      }
    }
    this.contracts = List.copyOf(cs);
    this.topics = List.copyOf(ts);
  }

  /** Polls on a daemon thread until {@link #close()}; errors are logged and retried. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "log-follower-" + config.followerId());
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    Duration backoff = config.pollInterval();
    while (running) {
      try {
        PollOutcome o = pollOnce();
        lastError.set(null);
        backoff = config.pollInterval();
        if (o.scannedTo() >= o.head()) {
          sleep(config.pollInterval());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        lastError.set(e.getMessage());
        LOG.warn("log follower {}: {} (retrying in {} ms)", config.followerId(), e.getMessage(), backoff.toMillis());
        try {
          sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
      }
    }
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  /**
   * One cycle: read new headers and logs, resolve a reorganisation if there was one, publish what
   * is confirmed, commit. A failure after the in-memory state began to change discards it; the
   * next poll resumes from the last committed checkpoint. One before (the node did not answer a
   * read) keeps it: reloading the checkpoint from Kafka costs a restart's worth of time, and a
   * node timing out is the commonest failure there is.
   */
  public synchronized PollOutcome pollOnce() throws IOException, InterruptedException {
    stateChanged = false;
    try {
      return poll();
    } catch (IOException | RuntimeException e) {
      if (stateChanged) {
        state = null;
      }
      throw e;
    }
  }

  /** Whether this poll has begun to change {@link #state} (then a failure must discard it). */
  private boolean stateChanged;

  private PollOutcome poll() throws IOException {
    long started = System.nanoTime();
    if (state == null) {
      state = restoreOrStart();
    }
    long head = reader.headNumber();
    lastHead.set(head);
    List<ChainEvent> outgoing = new ArrayList<>();
    int retracted = 0;

    // Is our tip still on the canonical chain? If not, find the common ancestor.
    BlockHeader tip = state.tip();
    BlockHeader canonicalAtTip = head >= tip.number() ? reader.header(tip.number()) : null;
    if (canonicalAtTip == null || !canonicalAtTip.hash().equals(tip.hash())) {
      long ancestor = findCommonAncestor(Math.min(head, tip.number() - 1));
      stateChanged = true;
      List<ChainEvent> retractions = state.rollBackTo(ancestor);
      LOG.warn(
          "chain {} reorganised: blocks above {} (to {}) dropped; {} published event(s) retracted",
          config.chainId(), ancestor, tip.number(), retractions.size());
      outgoing.addAll(retractions);
      retracted = retractions.size();
    }

    // Read new headers, each the child of the previous one.
    long from = state.tip().number() + 1;
    long to = Math.min(head, from + config.maxBlocksPerPoll() - 1);
    List<BlockHeader> fresh = new ArrayList<>();
    BlockHeader prev = state.tip();
    for (long n = from; n <= to; n++) {
      BlockHeader h = reader.header(n);
      if (!prev.isParentOf(h)) {
        // The chain moved under us; stop here and let the next poll sort it out.
        to = n - 1;
        break;
      }
      fresh.add(h);
      prev = h;
    }

    List<DeadLetter> deadLetters = new ArrayList<>();
    if (!fresh.isEmpty()) {
      List<Log> logs = reader.logs(from, to, contracts, topics);
      Map<Long, BlockHeader> byNumber = new HashMap<>();
      fresh.forEach(h -> byNumber.put(h.number(), h));
      for (Log log : logs) {
        BlockHeader h = byNumber.get(log.getBlockNumber().longValueExact());
        if (h == null || !h.hash().equalsIgnoreCase(log.getBlockHash())) {
          // Logs from a different fork than the headers we read: try again next poll.
          throw new IOException("logs and headers disagree at block " + log.getBlockNumber() + " (chain moving)");
        }
      }
      stateChanged = true;
      fresh.forEach(state::accept);
      for (Log log : logs) {
        route(log, deadLetters);
      }
    }
    stateChanged = true;
    List<ChainEvent> released = state.releaseConfirmed(RELEASE_CHUNK);
    outgoing.addAll(released);

    if (!outgoing.isEmpty() || !deadLetters.isEmpty() || !fresh.isEmpty() || retracted > 0) {
      sink.commit(outgoing, deadLetters, state.checkpoint(config.followerId(), config.chainId()));
    }
    int releasedCount = released.size();
    long firstVisible = System.nanoTime();
    // A long backlog (a burst, or catching up) goes out in several transactions, each with its
    // checkpoint: consumers start on the first while the rest are still being written (2,000
    // events in one transaction took 0.7 s to become visible at all).
    while (state.hasConfirmed()) {
      List<ChainEvent> more = state.releaseConfirmed(RELEASE_CHUNK);
      sink.commit(more, List.of(), state.checkpoint(config.followerId(), config.chainId()));
      releasedCount += more.size();
    }
    publishedTotal.addAndGet(releasedCount);
    retractedTotal.addAndGet(retracted);
    deadLetteredTotal.addAndGet(deadLetters.size());
    lastScanned.set(state.tip().number());
    if (releasedCount > 0 && LOG.isDebugEnabled()) {
      LOG.debug("published {} event(s), scanned to block {}, in {} ms (the first {} visible after {} ms)", releasedCount,
          state.tip().number(), (System.nanoTime() - started) / 1_000_000, released.size(), (firstVisible - started) / 1_000_000);
    }
    return new PollOutcome(
        head, state.tip().number(), releasedCount, retracted, deadLetters.size(), state.pendingCount());
  }

  private void route(Log log, List<DeadLetter> deadLetters) {
    String topic0 = log.getTopics().isEmpty() ? "" : log.getTopics().get(0).toLowerCase(java.util.Locale.ROOT);
    WatchedEvent watched = byKey.get(log.getAddress().toLowerCase(java.util.Locale.ROOT) + "/" + topic0);
    if (watched == null) {
      return; // another event of a watched contract, or another contract's: not ours to publish
    }
    String source =
        "chain:" + config.chainId() + ":" + log.getBlockHash() + ":" + log.getLogIndex();
    try {
      WatchedEvent.Decoded d = watched.decode(log);
      int confirmations = Math.min(d.confirmations(), config.windowCapacity() - 2);
      ChainEvent e =
          new ChainEvent(
              ChainEvent.SCHEMA_VERSION,
              ChainEvent.Kind.LOG,
              config.chainId(),
              watched.contract().toLowerCase(java.util.Locale.ROOT),
              watched.name(),
              d.key(),
              log.getBlockNumber().longValueExact(),
              log.getBlockHash().toLowerCase(java.util.Locale.ROOT),
              log.getTransactionHash().toLowerCase(java.util.Locale.ROOT),
              log.getLogIndex().longValueExact(),
              d.fields());
      state.addPending(e, confirmations);
    } catch (RuntimeException ex) {
      LOG.warn("undecodable {} log at {}: {}", watched.name(), source, ex.getMessage());
      deadLetters.add(
          new DeadLetter(
              config.chainId() + ":" + log.getTransactionHash(),
              String.valueOf(log.getData()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
              source,
              watched.name() + " did not decode: " + ex.getMessage()));
    }
  }

  private FollowerState restoreOrStart() throws IOException {
    long nodeChain = reader.chainId();
    if (nodeChain != config.chainId()) {
      throw new IOException(
          "node reports chain id " + nodeChain + " but the follower is configured for " + config.chainId());
    }
    var cp = sink.loadCheckpoint(config.followerId());
    if (cp.isPresent() && !cp.get().headers().isEmpty()) {
      if (cp.get().chainId() != config.chainId()) {
        throw new IOException("checkpoint " + config.followerId() + " belongs to chain " + cp.get().chainId());
      }
      LOG.info(
          "log follower {} resumes after block {} with {} pending event(s)",
          config.followerId(), cp.get().lastScannedBlock(), cp.get().pending().size());
      return FollowerState.restore(config.windowCapacity(), cp.get());
    }
    // No checkpoint: anchor on the block before the start block, so the start block is scanned.
    FollowerState s = new FollowerState(config.windowCapacity());
    s.accept(reader.header(Math.max(0, config.startBlock() - 1)));
    LOG.info("log follower {} starts at block {}", config.followerId(), config.startBlock());
    return s;
  }

  /** Walks back from {@code from} until our header and the node's agree. */
  private long findCommonAncestor(long from) throws IOException {
    long oldest = state.oldestHeader();
    for (long n = from; n >= oldest; n--) {
      var ours = state.header(n);
      if (ours.isPresent() && reader.header(n).hash().equals(ours.get().hash())) {
        return n;
      }
    }
    throw new IOException(
        "reorganisation deeper than the follower's window of "
            + config.windowCapacity()
            + " blocks on chain "
            + config.chainId()
            + ": refusing to guess; restore from a checkpoint or widen the window");
  }

  public long publishedTotal() {
    return publishedTotal.get();
  }

  public long retractedTotal() {
    return retractedTotal.get();
  }

  public long deadLetteredTotal() {
    return deadLetteredTotal.get();
  }

  public long lastHead() {
    return lastHead.get();
  }

  public long lastScannedBlock() {
    return lastScanned.get();
  }

  /** The last poll's error, or null when the last poll succeeded. */
  public String lastError() {
    return lastError.get();
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
