package io.coracle.chain;

import java.util.List;

/**
 * Everything the follower needs to resume exactly where it stopped: the accepted header window
 * (its tip is the last block scanned), events seen but not yet confirmed, and events already
 * published whose blocks are still inside the window (they may need a retraction).
 */
public record FollowerCheckpoint(
    String followerId,
    long chainId,
    List<BlockHeader> headers,
    List<PendingEvent> pending,
    List<ChainEvent> published) {

  public FollowerCheckpoint {
    headers = List.copyOf(headers);
    pending = List.copyOf(pending);
    published = List.copyOf(published);
  }

  /** A log seen on chain that waits for its confirmations. */
  public record PendingEvent(ChainEvent event, int confirmations) {}

  public long lastScannedBlock() {
    return headers.isEmpty() ? -1 : headers.get(headers.size() - 1).number();
  }
}
