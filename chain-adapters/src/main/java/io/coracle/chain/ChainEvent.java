package io.coracle.chain;

import java.util.Map;
import java.util.Objects;

/**
 * One event from a watched contract, or the retraction of one, as published to Kafka topic
 * {@value ChainEventTopics#EVENTS}. Everything a consumer needs to act and to re-find the log on
 * chain: block number and hash, transaction hash and log index.
 *
 * @param kind LOG for a confirmed event, RETRACTION when the block that held it was reorganised away
 * @param key the event's domain key within the chain (the request id for randomness requests)
 * @param fields decoded event parameters by name: unsigned integers in decimal, bytes and addresses
 *     as lower-case 0x-hex
 */
public record ChainEvent(
    int schemaVersion,
    Kind kind,
    long chainId,
    String contract,
    String event,
    String key,
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    Map<String, String> fields) {

  public static final int SCHEMA_VERSION = 1;

  public enum Kind {
    LOG,
    RETRACTION
  }

  public ChainEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(txHash, "txHash");
    fields = Map.copyOf(fields);
  }

  /** The Kafka record key: chain id and domain key, so all news about one request stays ordered. */
  public String kafkaKey() {
    return chainId + ":" + key;
  }

  /** Identifies the log itself: the same request mined in another block is another log. */
  public String logId() {
    return blockHash + ":" + logIndex;
  }

  public ChainEvent retraction() {
    return new ChainEvent(
        schemaVersion, Kind.RETRACTION, chainId, contract, event, key, blockNumber, blockHash, txHash,
        logIndex, fields);
  }

  public String field(String name) {
    String v = fields.get(name);
    if (v == null) {
      throw new IllegalArgumentException("event " + event + " has no field " + name);
    }
    return v;
  }
}
