package io.coracle.chain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
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
  private final KafkaProducer<String, byte[]> producer;

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
    this.producer = new KafkaProducer<>(p);
    producer.initTransactions();
  }

  @Override
  public Optional<FollowerCheckpoint> loadCheckpoint(String followerId) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
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
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading follower checkpoints");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (followerId.equals(r.key())) {
            latest = r.value(); // null = tombstone: checkpoint deleted
          }
        }
      }
      if (latest == null) {
        return Optional.empty();
      }
      return Optional.of(CHECKPOINT_JSON.readValue(latest, FollowerCheckpoint.class));
    } catch (IOException e) {
      throw new IllegalStateException("checkpoint of " + followerId + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void commit(List<ChainEvent> events, List<DeadLetter> deadLetters, FollowerCheckpoint checkpoint) {
    byte[] cp;
    try {
      cp = CHECKPOINT_JSON.writeValueAsBytes(checkpoint);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode checkpoint", e);
    }
    producer.beginTransaction();
    try {
      for (ChainEvent e : events) {
        var record = new ProducerRecord<>(ChainEventTopics.EVENTS, e.kafkaKey(), ChainEventCodec.encode(e));
        record.headers().add("schema-version", Integer.toString(e.schemaVersion()).getBytes(StandardCharsets.UTF_8));
        producer.send(record);
      }
      for (DeadLetter d : deadLetters) {
        producer.send(DeadLetters.record(d));
      }
      producer.send(new ProducerRecord<>(ChainEventTopics.FOLLOWER_CHECKPOINTS, checkpoint.followerId(), cp));
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      // Another follower with our id took over: this one must stop, not retry.
      throw new IllegalStateException("another log follower took over " + checkpoint.followerId(), e);
    } catch (KafkaException e) {
      try {
        producer.abortTransaction();
      } catch (KafkaException ignored) {
        // the producer is unusable; the caller reloads from the last committed checkpoint
      }
      throw e;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
