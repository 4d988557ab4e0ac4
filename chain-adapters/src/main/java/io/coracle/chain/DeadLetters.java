package io.coracle.chain;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The shape of a record on the dead-letter topic: the original bytes, the reason and the origin in headers. */
public final class DeadLetters {
  public static final String ERROR_HEADER = "coracle.error";
  public static final String SOURCE_HEADER = "coracle.source";

  private DeadLetters() {}

  public static ProducerRecord<String, byte[]> record(DeadLetter d) {
    var r = new ProducerRecord<String, byte[]>(ChainEventTopics.DEAD_LETTERS, d.key(), d.payload());
    r.headers().add(ERROR_HEADER, d.error().getBytes(StandardCharsets.UTF_8));
    r.headers().add(SOURCE_HEADER, d.source().getBytes(StandardCharsets.UTF_8));
    return r;
  }
}
