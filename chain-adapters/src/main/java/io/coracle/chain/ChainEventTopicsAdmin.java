package io.coracle.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates Coracle's topics when they are missing (devnet, tests, a first deployment). */
public final class ChainEventTopicsAdmin {
  private ChainEventTopicsAdmin() {}

  /**
   * @param partitions of the events topic: the unit of parallelism of the oracle service
   * @param replication 1 on a single local broker, 3 in production
   */
  public static void ensureTopics(Map<String, Object> clientConfig, int partitions, short replication) {
    try (Admin admin = Admin.create(new HashMap<>(clientConfig))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      if (!existing.contains(ChainEventTopics.EVENTS)) {
        missing.add(new NewTopic(ChainEventTopics.EVENTS, partitions, replication));
      }
      if (!existing.contains(ChainEventTopics.DEAD_LETTERS)) {
        missing.add(new NewTopic(ChainEventTopics.DEAD_LETTERS, 1, replication));
      }
      if (!existing.contains(ChainEventTopics.FOLLOWER_CHECKPOINTS)) {
        missing.add(
            new NewTopic(ChainEventTopics.FOLLOWER_CHECKPOINTS, 1, replication)
                .configs(
                    Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024),
                        // A follower commits about once a block, and a restart reads the topic
                        // from the start: roll segments every minute so compaction keeps it short
                        // (the default 1 GB segment is never compacted at this rate).
                        TopicConfig.SEGMENT_MS_CONFIG, "60000")));
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create Coracle's Kafka topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
