package io.coracle.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LogFollowerTest {
  private static final LogFollower.Config CONFIG =
      new LogFollower.Config("test", SimulatedChain.CHAIN_ID, 1, 16, 5, Duration.ofMillis(10));

  private static LogFollower follower(SimulatedChain chain, InMemorySink sink) {
    return new LogFollower(chain, sink, List.of(new SimulatedChain.Event()), CONFIG);
  }

  private static void pollUntilCaughtUp(LogFollower f, SimulatedChain chain) throws Exception {
    for (int i = 0; i < 100; i++) {
      var o = f.pollOnce();
      if (o.scannedTo() == chain.head()) {
        return;
      }
    }
    throw new AssertionError("follower never caught up");
  }

  @Test
  void publishesOnlyAfterEachEventsOwnConfirmations() throws Exception {
    var chain = new SimulatedChain(1);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    var fast = chain.newLog(0);
    var slow = chain.newLog(3);
    chain.mine(List.of(fast, slow));
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).extracting(ChainEvent::key).containsExactly(fast.key());
    chain.mine(List.of());
    chain.mine(List.of());
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).hasSize(1);
    chain.mine(List.of());
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).extracting(ChainEvent::key).containsExactly(fast.key(), slow.key());
    ChainEvent e = sink.events.get(1);
    assertThat(e.blockNumber()).isEqualTo(1);
    assertThat(e.blockHash()).isEqualTo(chain.blocks().get(1).header().hash());
    assertThat(e.txHash()).isEqualTo(slow.txHash());
    assertThat(e.logIndex()).isEqualTo(1);
    assertThat(e.kafkaKey()).isEqualTo("1337:" + slow.key());
  }

  @Test
  void aReorgBeforeConfirmationForgetsTheEventAndAReminedOneIsPublishedOnce() throws Exception {
    var chain = new SimulatedChain(2);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    var req = chain.newLog(2);
    chain.mine(List.of(req));
    pollUntilCaughtUp(f, chain);
    chain.reorg(1);
    chain.mine(List.of());
    chain.mine(List.of(req)); // the same request, mined again in another block
    pollUntilCaughtUp(f, chain);
    chain.mine(List.of());
    chain.mine(List.of());
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).hasSize(1);
    assertThat(sink.events.get(0).kind()).isEqualTo(ChainEvent.Kind.LOG);
    assertThat(sink.events.get(0).blockNumber()).isEqualTo(2);
  }

  @Test
  void aReorgAfterPublicationRetractsTheEvent() throws Exception {
    var chain = new SimulatedChain(3);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    var req = chain.newLog(1);
    chain.mine(List.of(req));
    chain.mine(List.of());
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).hasSize(1);
    String droppedHash = sink.events.get(0).blockHash();
    chain.reorg(2);
    chain.mine(List.of());
    chain.mine(List.of());
    chain.mine(List.of());
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).hasSize(2);
    ChainEvent retraction = sink.events.get(1);
    assertThat(retraction.kind()).isEqualTo(ChainEvent.Kind.RETRACTION);
    assertThat(retraction.key()).isEqualTo(req.key());
    assertThat(retraction.blockHash()).isEqualTo(droppedHash);
  }

  @Test
  void undecodableLogsGoToTheDeadLetterTopicAndTheRestFlows() throws Exception {
    var chain = new SimulatedChain(4);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    var good = chain.newLog(0);
    var bad = new SimulatedChain.SimLog("bad-1", 0, "0x" + "11".repeat(32));
    chain.mine(List.of(bad, good));
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).extracting(ChainEvent::key).containsExactly(good.key());
    assertThat(sink.deadLetters).hasSize(1);
    assertThat(sink.deadLetters.get(0).error()).contains("Simulated did not decode").contains("not ABI-encoded");
    assertThat(sink.deadLetters.get(0).source()).startsWith("chain:1337:");
  }

  /**
   * One event published, then two more mined and a poll that fails as {@code failNext} arranges;
   * after catching up all three are published exactly once. Returns the sink.
   */
  private static InMemorySink throughOneFailure(long seed, java.util.function.BiConsumer<SimulatedChain, InMemorySink> failNext,
      String failure) throws Exception {
    var chain = new SimulatedChain(seed);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    chain.mine(List.of(chain.newLog(0)));
    pollUntilCaughtUp(f, chain);
    chain.mine(List.of(chain.newLog(0), chain.newLog(0)));
    failNext.accept(chain, sink);
    assertThatThrownBy(f::pollOnce).hasMessageContaining(failure);
    pollUntilCaughtUp(f, chain);
    assertThat(sink.events).hasSize(3);
    assertThat(new HashSet<>(sink.events.stream().map(ChainEvent::key).toList())).hasSize(3);
    return sink;
  }

  @Test
  void aFailedCommitIsRetriedFromTheLastCheckpointWithoutLossOrRepeat() throws Exception {
    InMemorySink sink = throughOneFailure(5, (chain, s) -> s.failNextCommit = true, "simulated Kafka outage");
    assertThat(sink.loads).as("the state had changed: reloaded from the checkpoint").isEqualTo(2);
  }

  @Test
  void aNodeThatFailsBeforeAnythingChangedCostsNoCheckpointReload() throws Exception {
    // the first read of the next poll (the head number) fails
    InMemorySink sink = throughOneFailure(6, (chain, s) -> chain.failNextCall = true, "simulated RPC outage");
    assertThat(sink.loads).isEqualTo(1);
  }

  @Test
  void aLongBacklogGoesOutInChunksInChainOrderAndAFailedChunkResumesWithoutLossOrRepeat() throws Exception {
    var chain = new SimulatedChain(8);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    pollUntilCaughtUp(f, chain);
    List<String> keys = new ArrayList<>();
    for (int block = 0; block < 3; block++) {
      List<SimulatedChain.SimLog> logs = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        logs.add(chain.newLog(0));
      }
      logs.forEach(l -> keys.add(l.key()));
      chain.mine(logs);
    }
    sink.commitSizes.clear();
    sink.failCommitNumber = 2; // the second chunk's transaction fails

    assertThatThrownBy(f::pollOnce).hasMessageContaining("simulated Kafka outage");
    pollUntilCaughtUp(f, chain);

    assertThat(sink.events).extracting(ChainEvent::key).containsExactlyElementsOf(keys);
    assertThat(sink.commitSizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(LogFollower.RELEASE_CHUNK));
    assertThat(sink.commitSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(750);
    assertThat(sink.commitSizes.get(0)).isEqualTo(LogFollower.RELEASE_CHUNK);
  }

  @Test
  void refusesANodeOfAnotherChain() {
    var chain = new SimulatedChain(6);
    var f =
        new LogFollower(
            chain,
            new InMemorySink(),
            List.of(new SimulatedChain.Event()),
            new LogFollower.Config("x", 1, 1, 16, 5, Duration.ofMillis(10)));
    assertThatThrownBy(f::pollOnce).hasMessageContaining("chain id 1337").hasMessageContaining("configured for 1");
  }

  @Test
  void aReorgDeeperThanTheWindowIsReportedNotGuessed() throws Exception {
    var chain = new SimulatedChain(7);
    var sink = new InMemorySink();
    var f = follower(chain, sink);
    for (int i = 0; i < 30; i++) {
      chain.mine(List.of());
    }
    pollUntilCaughtUp(f, chain);
    chain.reorg(20);
    for (int i = 0; i < 25; i++) {
      chain.mine(List.of());
    }
    assertThatThrownBy(f::pollOnce).hasMessageContaining("deeper than the follower's window");
  }

  /**
   * Over random histories of mining, reorganisations, RPC and Kafka failures and restarts, the
   * published stream (logs minus retractions) ends up equal to the canonical chain's confirmed
   * events, each exactly once.
   */
  @Property(tries = 300)
  void publishedStreamConvergesToTheCanonicalChain(
      @ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int steps) throws Exception {
    var chain = new SimulatedChain(seed);
    var sink = new InMemorySink();
    var random = new Random(seed);
    LogFollower f = follower(chain, sink);
    for (int step = 0; step < steps; step++) {
      int action = random.nextInt(10);
      if (action < 5) {
        List<SimulatedChain.SimLog> logs = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          logs.add(chain.newLog(random.nextInt(4)));
        }
        chain.mine(logs);
      } else if (action == 5) {
        int depth = 1 + random.nextInt(5);
        List<SimulatedChain.SimLog> dropped = chain.reorg(depth);
        // some dropped requests come back in the new fork
        List<SimulatedChain.SimLog> back = new ArrayList<>();
        for (var l : dropped) {
          if (random.nextBoolean()) {
            back.add(l);
          }
        }
        // The new fork is as long as the one it replaces, as on a real chain: a generator that
        // shortened the chain by up to four blocks per reorganisation could, after several in a
        // row, reach below the follower's whole window, which it refuses by design (it throws).
        chain.mine(back);
        for (int i = 1; i < depth; i++) {
          chain.mine(List.of());
        }
      } else if (action == 6) {
        f = follower(chain, sink); // restart from the checkpoint
      } else if (action == 7) {
        chain.failNextCall = true;
      } else if (action == 8) {
        sink.failNextCommit = true;
      }
      try {
        f.pollOnce();
      } catch (Exception expected) {
        // outages are retried by the next poll
      }
    }
    chain.failNextCall = false;
    sink.failNextCommit = false;
    for (int i = 0; i < 5; i++) {
      chain.mine(List.of());
    }
    pollUntilCaughtUp(f, chain);

    Map<String, Integer> live = new HashMap<>();
    for (ChainEvent e : sink.events) {
      String id = e.logId();
      int delta = e.kind() == ChainEvent.Kind.LOG ? 1 : -1;
      int now = live.merge(id, delta, Integer::sum);
      assertThat(now).as("log %s published at most once at a time", id).isBetween(0, 1);
    }
    Set<String> expected = new HashSet<>();
    long head = chain.head();
    for (var b : chain.blocks()) {
      for (int i = 0; i < b.logs().size(); i++) {
        if (head >= b.header().number() + b.logs().get(i).confirmations()) {
          expected.add(b.header().hash() + ":" + i);
        }
      }
    }
    Set<String> published = new HashSet<>();
    live.forEach((id, n) -> {
      if (n == 1) {
        published.add(id);
      }
    });
    assertThat(published).isEqualTo(expected);
  }
}
