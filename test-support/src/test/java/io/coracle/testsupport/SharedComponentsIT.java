package io.coracle.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedComponentsExtension.class)
class SharedComponentsIT {

  @Test
  void kafkaBrokerCarriesATransactionalRecordEndToEnd(KafkaBroker kafka) throws Exception {
    kafka.createTopics(2, "fixture-check");
    Map<String, Object> p = new HashMap<>(kafka.clientConfig());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-check-tx");
    try (var producer = new KafkaProducer<String, String>(p)) {
      // transactions prove the single-node transaction-log settings are right
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("fixture-check", "k", "v"));
      producer.commitTransaction();
    }
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "fixture-check");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (var consumer = new KafkaConsumer<String, String>(c)) {
      consumer.subscribe(List.of("fixture-check"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int seen = 0;
      while (seen == 0 && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (var r : records) {
          assertThat(r.key()).isEqualTo("k");
          assertThat(r.value()).isEqualTo("v");
          seen++;
        }
      }
      assertThat(seen).isEqualTo(1);
    }
  }

  @Test
  void postgresServesSeventeen(PostgresServer pg) throws Exception {
    pg.createDatabase("fixture_check");
    try (Connection conn = pg.dataSource("fixture_check").getConnection();
        ResultSet rs = conn.createStatement().executeQuery("SHOW server_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).startsWith("17.");
    }
  }

  @Test
  void sameInstancesAreSharedAcrossTests(KafkaBroker kafka, PostgresServer pg) {
    assertThat(kafka.bootstrapServers()).isNotBlank();
    assertThat(pg.port()).isPositive();
    SameInstance.record(kafka, pg);
  }

  @Test
  void sameInstancesAreSharedAcrossTestsToo(KafkaBroker kafka, PostgresServer pg) {
    SameInstance.record(kafka, pg);
  }

  /** Both tests above must see the very same started components. */
  static final class SameInstance {
    private static Object kafkaSeen;
    private static Object pgSeen;

    static synchronized void record(Object kafka, Object pg) {
      if (kafkaSeen == null) {
        kafkaSeen = kafka;
        pgSeen = pg;
      } else {
        assertThat(kafka).isSameAs(kafkaSeen);
        assertThat(pg).isSameAs(pgSeen);
      }
    }
  }
}
