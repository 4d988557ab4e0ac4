package io.coracle.chain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes chain events with a transactional, idempotent producer ({@code acks=all}): the events,
 * dead letters and the follower's checkpoint (on a compacted topic) commit in one Kafka transaction.
 * Consumers read with {@code isolation.level=read_committed}. The transactional id fences a second
 * follower with the same id, so two processes never publish for the same chain at once.
 */
public final class KafkaChainEventSink implements ChainEventSink {
  static final ObjectMapper CHECKPOINT_JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Map<String, Object> clientConfig;
  private final Map<String, Object> producerConfig;
  /** Null after a failure it could not abort: the next commit starts a new one. */
  private KafkaProducer<String, byte[]> producer;

  /**
   * @param clientConfig bootstrap servers and any security settings shared by producer and consumer
   * @param transactionalId stable per follower (e.g. {@code coracle-follower-<chainId>})
   */
  public KafkaChainEventSink(Map<String, Object> clientConfig, String transactionalId) {
    this.clientConfig = Map.copyOf(clientConfig);
    Map<String, Object> p = new HashMap<>(clientConfig);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.producerConfig = Map.copyOf(p);
    producer();
  }

  /**
   * The producer, started (and its transactional id's earlier transaction completed or aborted by
   * {@code initTransactions}) if there is none.
   */
  private KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig);
      try {
        p.initTransactions();
      } catch (RuntimeException e) {
        p.close(Duration.ZERO);
        throw e;
      }
      producer = p;
    }
    return producer;
  }

  /**
   * The events of one block the checkpoint holds: those waiting for confirmations and those
   * published (kept while the block is in the window, for retractions). Stored under their own key
   * and rewritten only when they change: as one record rewritten on every commit, the checkpoint
   * grew with the load (every event of the last 256 blocks; 830 MB written in a six-minute
   * benchmark, megabytes encoded per block, the whole log read back on every restart).
   */
  record BlockEvents(String blockHash, long blockNumber, List<FollowerCheckpoint.PendingEvent> pending,
      List<ChainEvent> published) {
    Counts counts() {
      return new Counts(pending.size(), published.size());
    }
  }

  /** What a block record holds, to tell whether it changed: its events are only ever added. */
  record Counts(int pending, int published) {}

  private static final String BLOCK_KEY = "/block/";

  /**
   * Block records as last committed (key -> what they hold); null before the checkpoint was
   * loaded. A record whose block left the checkpoint is deleted (a tombstone) in the same
   * transaction.
   */
  private Map<String, Counts> written;

  @Override
  public Optional<FollowerCheckpoint> loadCheckpoint(String followerId) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    String blockPrefix = followerId + BLOCK_KEY;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(ChainEventTopics.FOLLOWER_CHECKPOINTS, Duration.ofSeconds(15)).stream()
              .map(pi -> new TopicPartition(pi.topic(), pi.partition()))
              .collect(Collectors.toList());
      if (parts.isEmpty()) {
        throw new IllegalStateException("topic " + ChainEventTopics.FOLLOWER_CHECKPOINTS + " does not exist");
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(15));
      byte[] latest = null;
      Map<String, byte[]> blocks = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading follower checkpoints");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (followerId.equals(r.key())) {
            latest = r.value(); // null = tombstone: checkpoint deleted
          } else if (r.key() != null && r.key().startsWith(blockPrefix)) {
            if (r.value() == null) {
              blocks.remove(r.key());
            } else {
              blocks.put(r.key(), r.value());
            }
          }
        }
      }
      Map<String, Counts> found = new HashMap<>();
      List<BlockEvents> decoded = new ArrayList<>();
      for (Map.Entry<String, byte[]> e : blocks.entrySet()) {
        BlockEvents b = CHECKPOINT_JSON.readValue(e.getValue(), BlockEvents.class);
        found.put(e.getKey(), b.counts());
        decoded.add(b);
      }
      written = found;
      if (latest == null) {
        return Optional.empty();
      }
      return Optional.of(assemble(CHECKPOINT_JSON.readValue(latest, FollowerCheckpoint.class), decoded));
    } catch (IOException e) {
      throw new IllegalStateException("checkpoint of " + followerId + " is unreadable: " + e.getMessage(), e);
    }
  }

  /**
   * The head record (headers; events too if written by an earlier version) with the events of
   * the block records whose block is in its window. Any other block record is stale: it is left
   * out, and the next commit deletes it.
   */
  static FollowerCheckpoint assemble(FollowerCheckpoint head, List<BlockEvents> blocks) {
    Map<Long, String> window = new HashMap<>();
    head.headers().forEach(h -> window.put(h.number(), h.hash()));
    List<FollowerCheckpoint.PendingEvent> pending = new ArrayList<>(head.pending());
    List<ChainEvent> published = new ArrayList<>(head.published());
    for (BlockEvents b : blocks) {
      String inWindow = window.get(b.blockNumber());
      if (inWindow != null && inWindow.equalsIgnoreCase(b.blockHash())) {
        pending.addAll(b.pending());
        published.addAll(b.published());
      }
    }
    Comparator<ChainEvent> chainOrder = Comparator.comparingLong(ChainEvent::blockNumber).thenComparingLong(ChainEvent::logIndex);
    pending.sort(Comparator.comparing(FollowerCheckpoint.PendingEvent::event, chainOrder));
    published.sort(chainOrder);
    return new FollowerCheckpoint(head.followerId(), head.chainId(), head.headers(), pending, published);
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The checkpoint's records for one commit: the head, changed block records, deleted ones (null). */
  static Map<String, byte[]> checkpointRecords(FollowerCheckpoint checkpoint, Map<String, Counts> written, Map<String, Counts> nowWritten)
      throws IOException {
    String id = checkpoint.followerId();
    Map<String, BlockEvents> blocks = new LinkedHashMap<>();
    for (FollowerCheckpoint.PendingEvent p : checkpoint.pending()) {
      block(blocks, id, p.event()).pending().add(p);
    }
    for (ChainEvent e : checkpoint.published()) {
      block(blocks, id, e).published().add(e);
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, BlockEvents> e : blocks.entrySet()) {
      Counts counts = e.getValue().counts();
      nowWritten.put(e.getKey(), counts);
      if (written == null || !counts.equals(written.get(e.getKey()))) {
        out.put(e.getKey(), CHECKPOINT_JSON.writeValueAsBytes(e.getValue()));
      }
    }
    if (written != null) {
      for (String key : written.keySet()) {
        if (!blocks.containsKey(key)) {
          out.put(key, null);
        }
      }
    }
    out.put(id, CHECKPOINT_JSON.writeValueAsBytes(
        new FollowerCheckpoint(id, checkpoint.chainId(), checkpoint.headers(), List.of(), List.of())));
    return out;
  }

  private static BlockEvents block(Map<String, BlockEvents> blocks, String followerId, ChainEvent e) {
    return blocks.computeIfAbsent(followerId + BLOCK_KEY + e.blockHash(),
        k -> new BlockEvents(e.blockHash(), e.blockNumber(), new ArrayList<>(), new ArrayList<>()));
  }

  @Override
  public void commit(List<ChainEvent> events, List<DeadLetter> deadLetters, FollowerCheckpoint checkpoint) {
    Map<String, byte[]> cp;
    Map<String, Counts> nowWritten = new HashMap<>();
    try {
      cp = checkpointRecords(checkpoint, written, nowWritten);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode checkpoint", e);
    }
    KafkaProducer<String, byte[]> producer = producer();
    try {
      producer.beginTransaction();
      for (ChainEvent e : events) {
        var record = new ProducerRecord<>(ChainEventTopics.EVENTS, e.kafkaKey(), ChainEventCodec.encode(e));
        record.headers().add("schema-version", Integer.toString(e.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      for (DeadLetter d : deadLetters) {
        producer.send(DeadLetters.record(d));
      }
      cp.forEach((key, value) -> producer.send(new ProducerRecord<>(ChainEventTopics.FOLLOWER_CHECKPOINTS, key, value)));
      producer.commitTransaction();
      written = nowWritten;
    } catch (ProducerFencedException e) {
      // Another follower with our id took over: this one must stop, not retry.
      throw new IllegalStateException("another log follower took over " + checkpoint.followerId(), e);
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (ProducerFencedException fenced) {
        throw new IllegalStateException("another log follower took over " + checkpoint.followerId(), fenced);
      } catch (KafkaException abortFailed) {
        // An error state no abort clears (a commit that timed out, a fatal error): a new producer
        // with the same transactional id finishes what this one left. Kept, every later commit
        // failed with "in an error state" and the follower published nothing more.
        producer.close(Duration.ZERO);
        this.producer = null;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
