package io.coracle.devnet;

import io.coracle.contracts.generated.VRFCoordinator;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Watches the coordinator's requests and fulfilments as they are mined, noting in which block
 * each was and when that block was first seen as the head (wall clock, 50 ms polling): the load
 * benchmark's stopwatch.
 */
public final class ChainWatch implements AutoCloseable {
  /** When the blocks of a request's event and of its fulfilment were first seen as the head. */
  public record Seen(long requestedNanos, long requestedBlock, long fulfilledNanos, long fulfilledBlock, String fulfilTx) {}

  private static final String REQUESTED = EventEncoder.encode(VRFCoordinator.RANDOMWORDSREQUESTED_EVENT);
  private static final String FULFILLED = EventEncoder.encode(VRFCoordinator.RANDOMWORDSFULFILLED_EVENT);

  private final Web3j web3j;
  private final String coordinator;
  private final Map<BigInteger, long[]> requested = new ConcurrentHashMap<>();
  private final Map<BigInteger, Object[]> fulfilled = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long next;
  private final long fromBlock;
  /** When each block was first seen as the head (blocks that arrived together share a time). */
  private final Map<Long, Long> blockSeenNanos = new ConcurrentHashMap<>();
  private volatile long lastHead = -1;
  /** Blocks behind the head that are read again (events are kept once, by request id). */
  private static final long RESCAN_BLOCKS = 4;
  /** How often those blocks are read again (new blocks are read as they arrive). */
  private static final long RESCAN_EVERY_NANOS = 1_000_000_000L;

  public ChainWatch(Web3j web3j, String coordinator, long fromBlock) {
    this.web3j = web3j;
    this.coordinator = coordinator;
    this.next = fromBlock;
    this.fromBlock = fromBlock;
    this.thread = new Thread(this::loop, "chain-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    long queriedTo = -1;
    long rescannedAt = System.nanoTime();
    while (running) {
      try {
        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        long seenAt = System.nanoTime();
        for (long b = lastHead < 0 ? head : lastHead + 1; b <= head; b++) {
          blockSeenNanos.putIfAbsent(b, seenAt);
        }
        lastHead = Math.max(lastHead, head);
        // Logs are read when a block arrives, and the last few read again once a second, not on
        // every poll: Ganache serves calls on the thread that mines, and a 50 ms poll reading
        // four blocks of ~300 events each took a large share of that thread away from mining.
        boolean rescan = seenAt - rescannedAt >= RESCAN_EVERY_NANOS;
        long from = rescan ? next : Math.max(next, queriedTo + 1);
        if (head >= from) {
          EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameter.valueOf(BigInteger.valueOf(head)), coordinator);
          f.addOptionalTopics(REQUESTED, FULFILLED);
          EthLog logs = web3j.ethGetLogs(f).send();
          long now = System.nanoTime();
          if (!logs.hasError()) {
            for (EthLog.LogResult<?> lr : logs.getLogs()) {
              Log log = (Log) lr.get();
              long block = log.getBlockNumber().longValueExact();
              // An event counts from when its block was first seen as the head, not from when
              // its log was read (a rescan may find it up to a second later).
              long at = blockSeenNanos.getOrDefault(block, now);
              if (REQUESTED.equalsIgnoreCase(log.getTopics().get(0))) {
                var ev = VRFCoordinator.getRandomWordsRequestedEventFromLog(log);
                requested.putIfAbsent(ev.requestId, new long[] {at, block});
              } else {
                var ev = VRFCoordinator.getRandomWordsFulfilledEventFromLog(log);
                fulfilled.putIfAbsent(ev.requestId, new Object[] {at, block, log.getTransactionHash()});
              }
            }
            // The last few blocks are read again: Ganache under load can report a block number
            // before that block's logs are queryable, and a watch that moved past them waited
            // for fulfilments it had missed (seen: a ceiling phase stalled for minutes).
            queriedTo = head;
            next = Math.max(fromBlock, head + 1 - RESCAN_BLOCKS);
            if (rescan) {
              rescannedAt = seenAt;
            }
          }
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        // the node is busy; look again
      }
    }
  }

  /** What was seen of these requests, when all are fulfilled or the deadline passes. */
  public Map<BigInteger, Seen> await(List<BigInteger> ids, long deadlineNanos) throws InterruptedException {
    while (System.nanoTime() < deadlineNanos && !ids.stream().allMatch(fulfilled::containsKey)) {
      Thread.sleep(50);
    }
    Map<BigInteger, Seen> out = new java.util.HashMap<>();
    for (BigInteger id : ids) {
      long[] r = requested.get(id);
      Object[] f = fulfilled.get(id);
      out.put(id, new Seen(r == null ? -1 : r[0], r == null ? -1 : r[1], f == null ? -1 : (long) f[0], f == null ? -1 : (long) f[1],
          f == null ? null : (String) f[2]));
    }
    return out;
  }

  /**
   * The node's mean block interval from {@code fromBlock} to {@code toBlock} as this watch saw the
   * blocks arrive, in milliseconds; -1 when either was not seen or they are the same block.
   */
  public double meanBlockIntervalMs(long fromBlock, long toBlock) {
    Long a = blockSeenNanos.get(fromBlock);
    Long b = blockSeenNanos.get(toBlock);
    if (a == null || b == null || toBlock <= fromBlock) {
      return -1;
    }
    return (b - a) / 1e6 / (toBlock - fromBlock);
  }

  /** When this watch first saw {@code block} as the head (System.nanoTime), or -1. */
  public long blockSeenNanos(long block) {
    return blockSeenNanos.getOrDefault(block, -1L);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
