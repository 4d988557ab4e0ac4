package io.coracle.oracle.follow;

import io.coracle.chain.ChainEventTopics;
import io.coracle.chain.ChainEventTopicsAdmin;
import io.coracle.chain.KafkaChainEventSink;
import io.coracle.chain.LogFollower;
import io.coracle.chain.Web3jChainReader;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.config.CoracleConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the chain's {@link LogFollower} in exactly one replica. Every replica joins a Kafka consumer
 * group on the (single-partition) checkpoint topic; the member that holds the partition is the
 * leader and follows the chain, and leadership moves when it dies. The follower's transactional id
 * fences a former leader that has not noticed yet.
 */
@ApplicationScoped
public class FollowerService {
  private static final Logger LOG = Logger.getLogger(FollowerService.class);

  @Inject CoracleConfig config;
  @Inject ChainClient chain;
  /** Every WatchedEvents bean (randomness, trading...): the follower follows them all. */
  @Inject @Any Instance<WatchedEvents> watched;
  @Inject MeterRegistry metrics;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "coracle.kafka.events-partitions", defaultValue = "8")
  int partitions;

  @ConfigProperty(name = "coracle.kafka.replication", defaultValue = "1")
  short replication;

  private volatile Thread leadership;
  private volatile boolean running;
  private volatile LogFollower follower;
  private volatile KafkaChainEventSink sink;
  private KafkaConsumer<String, byte[]> membership;

  void onStart(@Observes StartupEvent ev) {
    if (!config.follower().enabled()) {
      LOG.info("log follower disabled in this replica");
      return;
    }
    ChainEventTopicsAdmin.ensureTopics(kafka(), partitions, replication);
    Gauge.builder("coracle_follower_leader", this, s -> s.follower != null ? 1 : 0)
        .description("1 while this replica follows the chain")
        .register(metrics);
    Gauge.builder("coracle_follower_lag_blocks", this, FollowerService::lag).register(metrics);
    running = true;
    leadership = new Thread(this::runMembership, "coracle-follower-leadership");
    leadership.setDaemon(true);
    leadership.start();
  }

  private Map<String, Object> kafka() {
    return Map.of("bootstrap.servers", bootstrapServers);
  }

  private String followerId() {
    return "coracle-follower-" + config.chain().id() + "-" + config.chain().coordinator().toLowerCase(java.util.Locale.ROOT);
  }

  private void runMembership() {
    Map<String, Object> c = new HashMap<>(kafka());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, followerId());
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.follower().sessionTimeout().toMillis());
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    while (running) {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
        membership = consumer;
        consumer.subscribe(
            List.of(ChainEventTopics.FOLLOWER_CHECKPOINTS),
            new ConsumerRebalanceListener() {
              @Override
              public void onPartitionsAssigned(Collection<TopicPartition> parts) {
                if (!parts.isEmpty()) {
                  lead();
                }
              }

              @Override
              public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                if (!parts.isEmpty()) {
                  stepDown("partition revoked");
                }
              }

              @Override
              public void onPartitionsLost(Collection<TopicPartition> parts) {
                stepDown("partition lost");
              }
            });
        while (running) {
          consumer.poll(Duration.ofMillis(500)); // membership heartbeat; the records are the follower's business
        }
      } catch (WakeupException e) {
        // shutting down
      } catch (Exception e) {
        LOG.warnf("follower leadership lost its Kafka session: %s; rejoining", e.getMessage());
        stepDown("session error");
        sleep(Duration.ofSeconds(2));
      }
    }
    stepDown("shutdown");
  }

  private synchronized void lead() {
    if (follower != null) {
      return;
    }
    LOG.infof("this replica now follows chain %d (%s)", config.chain().id(), followerId());
    sink = new KafkaChainEventSink(kafka(), followerId());
    follower =
        new LogFollower(
            new Web3jChainReader(chain.web3j()),
            sink,
            watched.stream().flatMap(w -> w.events().stream()).toList(),
            new LogFollower.Config(
                followerId(), config.chain().id(), config.chain().startBlock(), config.follower().window(), 500,
                config.follower().pollInterval()));
    follower.start();
  }

  private synchronized void stepDown(String why) {
    if (follower == null) {
      return;
    }
    LOG.infof("this replica stops following chain %d: %s", config.chain().id(), why);
    follower.close();
    sink.close();
    follower = null;
    sink = null;
  }

  public boolean isLeader() {
    return follower != null;
  }

  public String lastError() {
    LogFollower f = follower;
    return f == null ? null : f.lastError();
  }

  public long lag() {
    LogFollower f = follower;
    return f == null || f.lastHead() < 0 ? 0 : Math.max(0, f.lastHead() - f.lastScannedBlock());
  }

  public long lastScannedBlock() {
    LogFollower f = follower;
    return f == null ? -1 : f.lastScannedBlock();
  }

  void onStop(@Observes ShutdownEvent ev) {
    running = false;
    KafkaConsumer<String, byte[]> m = membership;
    if (m != null) {
      m.wakeup();
    }
    Thread t = leadership;
    if (t != null) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
