package io.coracle.oracle.follow;

import io.coracle.chain.AbiWatchedEvent;
import io.coracle.chain.WatchedEvent;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.oracle.config.CoracleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The coordinator's {@code RandomWordsRequested}, keyed by request id; each waits for the
 * confirmations its requester asked for.
 */
@ApplicationScoped
public class CoordinatorEvents implements WatchedEvents {
  /** The event's parameters in declaration order, as published to Kafka. */
  public static final List<String> RANDOM_WORDS_REQUESTED_FIELDS =
      List.of("keyHash", "requestId", "preSeed", "subId", "minimumRequestConfirmations", "callbackGasLimit", "numWords",
          "reserve", "sender", "blockNum");

  @Inject CoracleConfig config;

  @Override
  public List<WatchedEvent> events() {
    return List.of(
        new AbiWatchedEvent(
            config.chain().coordinator(),
            VRFCoordinator.RANDOMWORDSREQUESTED_EVENT,
            RANDOM_WORDS_REQUESTED_FIELDS,
            "requestId",
            fields -> Integer.parseInt(fields.get("minimumRequestConfirmations"))));
  }
}
