package io.coracle.chain;

import static io.coracle.chain.KafkaChainEventSinkTest.event;
import static io.coracle.chain.KafkaChainEventSinkTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.testsupport.KafkaBroker;
import io.coracle.testsupport.SharedComponentsExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The follower's checkpoint through a real (in-process) Kafka broker: what is written, what a restart reads. */
@ExtendWith(SharedComponentsExtension.class)
class KafkaChainEventSinkIT {
  private static Map<String, Object> kafka;

  @BeforeAll
  static void topics(KafkaBroker broker) {
    kafka = broker.clientConfig();
    ChainEventTopicsAdmin.ensureTopics(kafka, 2, (short) 1);
  }

  private static FollowerCheckpoint checkpoint(String id, List<BlockHeader> headers, List<FollowerCheckpoint.PendingEvent> pending,
      List<ChainEvent> published) {
    return new FollowerCheckpoint(id, 1337, headers, pending, published);
  }

  /**
   * This follower's first {@code n} checkpoint records once there are {@code n} (a committed
   * transaction becomes readable a moment after the commit returns), failing if there are more.
   */
  private static List<ConsumerRecord<String, byte[]>> records(String id, int n) {
    List<List<ConsumerRecord<String, byte[]>>> seen = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      List<ConsumerRecord<String, byte[]>> now = records(id);
      assertThat(now).hasSize(n);
      seen.add(now);
    });
    return seen.get(seen.size() - 1);
  }

  /** This follower's checkpoint records, in the order they were written (value null = deleted). */
  private static List<ConsumerRecord<String, byte[]>> records(String id) {
    Map<String, Object> c = new HashMap<>(kafka);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
      TopicPartition p = new TopicPartition(ChainEventTopics.FOLLOWER_CHECKPOINTS, 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      long end = consumer.endOffsets(List.of(p)).get(p);
      while (consumer.position(p) < end) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key().startsWith(id)) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  @Test
  void aRestartReadsTheLastCheckpointWhileEachCommitWritesOnlyTheBlocksThatChanged() {
    String id = "sink-it-" + UUID.randomUUID();
    List<BlockHeader> headers = List.of(header(1, "0xb1", "0xb0"), header(2, "0xb2", "0xb1"));
    ChainEvent a = event(1, "0xb1", 0);
    ChainEvent b = event(2, "0xb2", 0);
    ChainEvent c = event(2, "0xb2", 1);
    FollowerCheckpoint last;
    try (KafkaChainEventSink sink = new KafkaChainEventSink(kafka, id)) {
      assertThat(sink.loadCheckpoint(id)).isEmpty();
      sink.commit(List.of(a, b), List.of(),
          checkpoint(id, headers, List.of(new FollowerCheckpoint.PendingEvent(c, 2)), List.of(a, b)));
      int afterFirst = records(id, 3).size(); // head + two blocks

      last = checkpoint(id, headers, List.of(new FollowerCheckpoint.PendingEvent(c, 2)), List.of(a, b));
      sink.commit(List.of(), List.of(), last); // nothing changed: the head alone
      assertThat(records(id, afterFirst + 1).get(afterFirst).key()).isEqualTo(id);
    }
    try (KafkaChainEventSink restarted = new KafkaChainEventSink(kafka, id)) {
      FollowerCheckpoint loaded = restarted.loadCheckpoint(id).orElseThrow();
      assertThat(loaded).isEqualTo(last);

      // c confirmed and published; block 1 leaves the window: block 2 rewritten, block 1 deleted
      List<BlockHeader> moved = List.of(header(2, "0xb2", "0xb1"), header(3, "0xb3", "0xb2"));
      FollowerCheckpoint next = checkpoint(id, moved, List.of(), List.of(b, c));
      int before = records(id).size();
      restarted.commit(List.of(c), List.of(), next);
      List<ConsumerRecord<String, byte[]>> written = records(id, before + 3).subList(before, before + 3);
      assertThat(written).extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder(id, id + "/block/0xb2", id + "/block/0xb1");
      assertThat(written).filteredOn(r -> r.key().endsWith("0xb1")).allSatisfy(r -> assertThat(r.value()).isNull());
      assertThat(restarted.loadCheckpoint(id)).contains(next);
    }
  }

  @Test
  void aBlockRecordOutsideTheWindowIsIgnoredAndDeletedByTheNextCommit() throws Exception {
    String id = "sink-it-" + UUID.randomUUID();
    List<BlockHeader> headers = List.of(header(1, "0xb1", "0xb0"));
    ChainEvent a = event(1, "0xb1", 0);
    try (KafkaChainEventSink sink = new KafkaChainEventSink(kafka, id)) {
      sink.loadCheckpoint(id);
      sink.commit(List.of(a), List.of(), checkpoint(id, headers, List.of(), List.of(a)));
    }
    // a record of a block that was reorganised away, left behind (as by a crash of an older version)
    Map<String, Object> p = new HashMap<>(kafka);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      KafkaChainEventSink.BlockEvents stale = new KafkaChainEventSink.BlockEvents(
          "0xdead", 1, new ArrayList<>(), new ArrayList<>(List.of(event(1, "0xdead", 0))));
      producer.send(new ProducerRecord<>(ChainEventTopics.FOLLOWER_CHECKPOINTS, id + "/block/0xdead",
          KafkaChainEventSink.CHECKPOINT_JSON.writeValueAsBytes(stale))).get();
    }
    try (KafkaChainEventSink sink = new KafkaChainEventSink(kafka, id)) {
      FollowerCheckpoint loaded = sink.loadCheckpoint(id).orElseThrow();
      assertThat(loaded.published()).containsExactly(a);

      int before = records(id).size();
      sink.commit(List.of(), List.of(), loaded);
      List<ConsumerRecord<String, byte[]>> all = records(id, before + 2); // the head, the deletion
      ConsumerRecord<String, byte[]> lastOfStale =
          all.stream().filter(r -> r.key().endsWith("0xdead")).reduce((x, y) -> y).orElseThrow();
      assertThat(lastOfStale.value()).isNull();
    }
  }

  @Test
  void aCheckpointWrittenWholeByAnEarlierVersionStillLoads() throws Exception {
    String id = "sink-it-" + UUID.randomUUID();
    ChainEvent a = event(1, "0xb1", 0);
    FollowerCheckpoint whole = checkpoint(id, List.of(header(1, "0xb1", "0xb0")), List.of(), List.of(a));
    Map<String, Object> p = new HashMap<>(kafka);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(ChainEventTopics.FOLLOWER_CHECKPOINTS, id,
          KafkaChainEventSink.CHECKPOINT_JSON.writeValueAsBytes(whole))).get();
    }
    try (KafkaChainEventSink sink = new KafkaChainEventSink(kafka, id)) {
      assertThat(sink.loadCheckpoint(id)).contains(whole);
    }
  }
}
