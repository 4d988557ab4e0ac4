package io.coracle.chain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The follower's bookkeeping, free of I/O so that it can be tested over arbitrary chain
 * histories: which headers are accepted, which events wait for confirmations, which published
 * events could still be reorganised away.
 */
final class FollowerState {
  private final HeaderWindow window;
  private final List<FollowerCheckpoint.PendingEvent> pending = new ArrayList<>();
  private final Map<String, ChainEvent> published = new LinkedHashMap<>();

  FollowerState(int windowCapacity) {
    this.window = new HeaderWindow(windowCapacity);
  }

  static FollowerState restore(int windowCapacity, FollowerCheckpoint cp) {
    FollowerState s = new FollowerState(windowCapacity);
    for (BlockHeader h : cp.headers()) {
      s.window.append(h);
    }
    s.pending.addAll(cp.pending());
    for (ChainEvent e : cp.published()) {
      s.published.put(e.logId(), e);
    }
    return s;
  }

  FollowerCheckpoint checkpoint(String followerId, long chainId) {
    return new FollowerCheckpoint(
        followerId, chainId, window.headers(), pending, List.copyOf(published.values()));
  }

  boolean hasHeaders() {
    return !window.isEmpty();
  }

  BlockHeader tip() {
    return window.tip();
  }

  long oldestHeader() {
    return window.oldest().number();
  }

  Optional<BlockHeader> header(long number) {
    return window.at(number);
  }

  boolean extendsTip(BlockHeader h) {
    return window.extendsTip(h);
  }

  void accept(BlockHeader h) {
    window.append(h);
  }

  /**
   * Rolls the window back to the common ancestor after a reorganisation. Unconfirmed events in
   * the dropped blocks are forgotten; published ones come back as retractions, in log order.
   */
  List<ChainEvent> rollBackTo(long ancestor) {
    List<BlockHeader> dropped = window.truncateAfter(ancestor);
    if (dropped.isEmpty()) {
      return List.of();
    }
    pending.removeIf(p -> p.event().blockNumber() > ancestor);
    List<ChainEvent> retractions = new ArrayList<>();
    var it = published.values().iterator();
    while (it.hasNext()) {
      ChainEvent e = it.next();
      if (e.blockNumber() > ancestor) {
        retractions.add(e.retraction());
        it.remove();
      }
    }
    retractions.sort(
        Comparator.comparingLong(ChainEvent::blockNumber).thenComparingLong(ChainEvent::logIndex));
    return retractions;
  }

  /** Abandons headers above {@code number} without any event bookkeeping (an aborted scan). */
  void forgetHeadersAfter(long number) {
    window.truncateAfter(number);
  }

  void addPending(ChainEvent event, int confirmations) {
    pending.add(new FollowerCheckpoint.PendingEvent(event, confirmations));
  }

  /**
   * Events whose block is now deep enough: {@code tip >= block + confirmations}, at most {@code
   * max} of them, the oldest (the rest stay pending). They move to the published set and are
   * returned in chain order.
   */
  List<ChainEvent> releaseConfirmed(int max) {
    if (window.isEmpty()) {
      return List.of();
    }
    long tip = window.tip().number();
    Comparator<ChainEvent> chainOrder = Comparator.comparingLong(ChainEvent::blockNumber).thenComparingLong(ChainEvent::logIndex);
    List<FollowerCheckpoint.PendingEvent> confirmed = new ArrayList<>();
    for (FollowerCheckpoint.PendingEvent p : pending) {
      if (tip >= p.event().blockNumber() + p.confirmations()) {
        confirmed.add(p);
      }
    }
    confirmed.sort(Comparator.comparing(FollowerCheckpoint.PendingEvent::event, chainOrder));
    List<FollowerCheckpoint.PendingEvent> taken = confirmed.size() > max ? confirmed.subList(0, max) : confirmed;
    java.util.Set<FollowerCheckpoint.PendingEvent> gone = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    gone.addAll(taken);
    pending.removeIf(gone::contains);
    List<ChainEvent> ready = new ArrayList<>(taken.size());
    for (FollowerCheckpoint.PendingEvent p : taken) {
      ready.add(p.event());
      published.put(p.event().logId(), p.event());
    }
    // Published events below the window can no longer be reorganised away by anything we can see.
    long oldest = window.oldest().number();
    published.values().removeIf(e -> e.blockNumber() < oldest);
    return ready;
  }

  /** Whether any pending event has its confirmations (left by {@link #releaseConfirmed(int)}). */
  boolean hasConfirmed() {
    if (window.isEmpty()) {
      return false;
    }
    long tip = window.tip().number();
    return pending.stream().anyMatch(p -> tip >= p.event().blockNumber() + p.confirmations());
  }

  int pendingCount() {
    return pending.size();
  }
}
