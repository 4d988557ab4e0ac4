package io.coracle.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Apache Kafka 4.x KRaft node (broker and controller combined) running in this JVM.
 * Tests and the devnet use it; production points at an existing cluster instead.
 */
public final class KafkaBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Path dataDir;

  private KafkaBroker(KafkaClusterTestKit cluster, Path dataDir) {
    this.cluster = cluster;
    this.dataDir = dataDir;
  }

  /** Starts a single combined KRaft node on a free port with its logs in a fresh temporary directory. */
  public static KafkaBroker start() {
    try {
      return start(Files.createTempDirectory("coracle-kafka-"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create a directory for Kafka's logs", e);
    }
  }

  public static KafkaBroker start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * Starts a node that tells clients to connect to {@code advertisedPort} (0: its own port)
   * instead of the port it listens on: with a {@link TcpProxy} there (pointed at
   * {@link #listenPort()}), every client connection passes through the proxy and a test can cut
   * Kafka off without stopping it.
   */
  public static KafkaBroker start(Path dataDir, int advertisedPort) {
    try {
      TestKitNodes.Builder nodeBuilder =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBaseDirectory(dataDir);
      if (advertisedPort > 0) {
        // The kit binds the listener itself, on a port of its choosing; only what is advertised changes.
        nodeBuilder.setPerServerProperties(
            java.util.Map.of(0, java.util.Map.of("advertised.listeners", "EXTERNAL://localhost:" + advertisedPort)));
      }
      TestKitNodes nodes = nodeBuilder.build();
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(nodes)
              // A single node can only replicate internal topics once.
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "4")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.state.log.num.partitions", "4")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaBroker(cluster, dataDir);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Kafka broker did not start: " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** The port the broker really listens on (which may differ from the one it advertises). */
  public int listenPort() {
    return cluster.brokers().values().iterator().next().boundPort(new org.apache.kafka.common.network.ListenerName("EXTERNAL"));
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Client properties that reach this broker (bootstrap servers only). */
  public Map<String, Object> clientConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  public void createTopics(int partitions, String... names) {
    Properties props = new Properties();
    props.putAll(clientConfig());
    try (Admin admin = Admin.create(props)) {
      for (String name : names) {
        try {
          admin
              .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
              .all()
              .get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + name, e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out creating topics " + List.of(names), e);
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("Kafka broker did not stop cleanly", e);
    }
  }

  /** How long clients should wait for this local broker before giving up. */
  public static Duration defaultTimeout() {
    return Duration.ofSeconds(30);
  }
}
