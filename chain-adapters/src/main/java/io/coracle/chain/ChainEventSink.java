package io.coracle.chain;

import java.util.List;
import java.util.Optional;

/**
 * Where the follower publishes. {@link #commit} is atomic: the events, the dead letters and the
 * new checkpoint become visible together or not at all, so a crash never skips or repeats an event.
 */
public interface ChainEventSink extends AutoCloseable {
  Optional<FollowerCheckpoint> loadCheckpoint(String followerId);

  void commit(List<ChainEvent> events, List<DeadLetter> deadLetters, FollowerCheckpoint checkpoint);

  @Override
  void close();
}
