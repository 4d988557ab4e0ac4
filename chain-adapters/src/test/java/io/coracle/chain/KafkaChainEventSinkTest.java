package io.coracle.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.chain.KafkaChainEventSink.BlockEvents;
import io.coracle.chain.KafkaChainEventSink.Counts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpoint's split into a head record and per-block records (the Kafka round trip: KafkaChainEventSinkIT). */
class KafkaChainEventSinkTest {
  private static final String ID = "follower-a";

  static ChainEvent event(long block, String hash, long logIndex) {
    return new ChainEvent(ChainEvent.SCHEMA_VERSION, ChainEvent.Kind.LOG, 1337, "0xc0", "RandomWordsRequested",
        "req-" + block + "-" + logIndex, block, hash, "0xtx" + block + logIndex, logIndex, Map.of("requestId", "" + block + logIndex));
  }

  static BlockHeader header(long n, String hash, String parent) {
    return new BlockHeader(n, hash, parent, n);
  }

  static FollowerCheckpoint checkpoint(List<FollowerCheckpoint.PendingEvent> pending, List<ChainEvent> published) {
    return new FollowerCheckpoint(ID, 1337, List.of(header(1, "0xb1", "0xb0"), header(2, "0xb2", "0xb1")), pending, published);
  }

  @Test
  void theFirstCommitWritesEveryBlockThenOnlyWhatChangedAndDeletesWhatLeft() throws Exception {
    ChainEvent a = event(1, "0xb1", 0);
    ChainEvent b = event(2, "0xb2", 0);
    ChainEvent c = event(2, "0xb2", 1);
    Map<String, Counts> written = new HashMap<>();
    Map<String, byte[]> first =
        KafkaChainEventSink.checkpointRecords(checkpoint(List.of(new FollowerCheckpoint.PendingEvent(c, 3)), List.of(a, b)), null, written);
    assertThat(first).containsOnlyKeys(ID, ID + "/block/0xb1", ID + "/block/0xb2");

    Map<String, Counts> second = new HashMap<>();
    Map<String, byte[]> unchanged =
        KafkaChainEventSink.checkpointRecords(checkpoint(List.of(new FollowerCheckpoint.PendingEvent(c, 3)), List.of(a, b)), written, second);
    assertThat(unchanged).containsOnlyKeys(ID);

    // c is published, and block 1 has left the window: block 2 rewritten, block 1 deleted
    Map<String, byte[]> moved = KafkaChainEventSink.checkpointRecords(checkpoint(List.of(), List.of(b, c)), second, new HashMap<>());
    assertThat(moved).containsOnlyKeys(ID, ID + "/block/0xb2", ID + "/block/0xb1");
    assertThat(moved.get(ID + "/block/0xb1")).isNull();
    assertThat(new String(moved.get(ID))).doesNotContain("0xtx"); // the head holds headers only
  }

  @Test
  void assemblingTakesTheBlocksOfTheWindowInChainOrderAndLeavesStaleOnesOut() {
    ChainEvent a = event(1, "0xb1", 0);
    ChainEvent b1 = event(2, "0xb2", 1);
    ChainEvent b0 = event(2, "0xb2", 0);
    ChainEvent stale = event(2, "0xdead", 0); // a block reorganised away whose record was not yet deleted
    ChainEvent legacy = event(1, "0xb1", 5); // in the head, as an earlier version wrote it
    FollowerCheckpoint head = checkpoint(List.of(), List.of(legacy));
    List<BlockEvents> blocks = List.of(
        new BlockEvents("0xb2", 2, new ArrayList<>(List.of(new FollowerCheckpoint.PendingEvent(b1, 4))), new ArrayList<>(List.of(b0))),
        new BlockEvents("0xdead", 2, new ArrayList<>(), new ArrayList<>(List.of(stale))),
        new BlockEvents("0xB1", 1, new ArrayList<>(), new ArrayList<>(List.of(a))));

    FollowerCheckpoint cp = KafkaChainEventSink.assemble(head, blocks);

    assertThat(cp.published()).containsExactly(a, legacy, b0);
    assertThat(cp.pending()).containsExactly(new FollowerCheckpoint.PendingEvent(b1, 4));
    assertThat(cp.headers()).isEqualTo(head.headers());
  }
}
