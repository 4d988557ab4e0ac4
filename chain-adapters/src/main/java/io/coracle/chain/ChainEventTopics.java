package io.coracle.chain;

/** Kafka topic names. The version suffix changes only with an incompatible schema. */
public final class ChainEventTopics {
  public static final String EVENTS = "coracle.chain-events.v1";
  public static final String DEAD_LETTERS = "coracle.chain-events.dlq.v1";
  /** Compacted; one record per follower: where it stands, written in the same transaction as its events. */
  public static final String FOLLOWER_CHECKPOINTS = "coracle.follower-checkpoints.v1";

  private ChainEventTopics() {}
}
