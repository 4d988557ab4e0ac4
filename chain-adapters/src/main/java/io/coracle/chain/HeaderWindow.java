package io.coracle.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The most recent block headers the follower has accepted, oldest first, each the parent of the
 * next. A header that does not extend the tip means the chain reorganised; the window is deep
 * enough (more than the largest confirmation count) to find the common ancestor.
 */
final class HeaderWindow {
  private final int capacity;
  private final Deque<BlockHeader> headers = new ArrayDeque<>();

  HeaderWindow(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("window capacity must be at least 2");
    }
    this.capacity = capacity;
  }

  static HeaderWindow of(int capacity, List<BlockHeader> headers) {
    HeaderWindow w = new HeaderWindow(capacity);
    for (BlockHeader h : headers) {
      if (!w.isEmpty() && !w.tip().isParentOf(h)) {
        throw new IllegalArgumentException("headers do not form a chain at block " + h.number());
      }
      w.append(h);
    }
    return w;
  }

  boolean isEmpty() {
    return headers.isEmpty();
  }

  BlockHeader tip() {
    return headers.getLast();
  }

  BlockHeader oldest() {
    return headers.getFirst();
  }

  boolean extendsTip(BlockHeader next) {
    return isEmpty() || tip().isParentOf(next);
  }

  void append(BlockHeader next) {
    if (!extendsTip(next)) {
      throw new IllegalStateException("header " + next.number() + " does not extend the tip");
    }
    headers.addLast(next);
    while (headers.size() > capacity) {
      headers.removeFirst();
    }
  }

  Optional<BlockHeader> at(long number) {
    if (isEmpty() || number < oldest().number() || number > tip().number()) {
      return Optional.empty();
    }
    Iterator<BlockHeader> it = headers.descendingIterator();
    while (it.hasNext()) {
      BlockHeader h = it.next();
      if (h.number() == number) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** Drops every header above {@code number}; returns the dropped ones, oldest first. */
  List<BlockHeader> truncateAfter(long number) {
    List<BlockHeader> dropped = new ArrayList<>();
    while (!isEmpty() && tip().number() > number) {
      dropped.add(0, headers.removeLast());
    }
    return dropped;
  }

  List<BlockHeader> headers() {
    return List.copyOf(headers);
  }

  int capacity() {
    return capacity;
  }
}
