package io.coracle.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records commits; can be told to fail the next one (a Kafka outage in the middle of a poll). */
final class InMemorySink implements ChainEventSink {
  final List<ChainEvent> events = new ArrayList<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final Map<String, FollowerCheckpoint> checkpoints = new HashMap<>();
  boolean failNextCommit;
  int loads;
  /** Events per successful commit, in order. */
  final List<Integer> commitSizes = new ArrayList<>();
  /** Fails the commit with this number (1 = the next), once. */
  int failCommitNumber;

  @Override
  public Optional<FollowerCheckpoint> loadCheckpoint(String followerId) {
    loads++;
    return Optional.ofNullable(checkpoints.get(followerId));
  }

  @Override
  public void commit(List<ChainEvent> evs, List<DeadLetter> dls, FollowerCheckpoint cp) {
    if (failNextCommit || --failCommitNumber == 0) {
      failNextCommit = false;
      throw new IllegalStateException("simulated Kafka outage");
    }
    commitSizes.add(evs.size());
    events.addAll(evs);
    deadLetters.addAll(dls);
    checkpoints.put(cp.followerId(), cp);
  }

  @Override
  public void close() {}
}
