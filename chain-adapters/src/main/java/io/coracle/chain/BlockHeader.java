package io.coracle.chain;

import java.util.Objects;

/** The parts of a block header the follower needs to notice reorganisations. */
public record BlockHeader(long number, String hash, String parentHash, long timestamp) {
  public BlockHeader {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
    hash = hash.toLowerCase(java.util.Locale.ROOT);
    parentHash = parentHash.toLowerCase(java.util.Locale.ROOT);
  }

  public boolean isParentOf(BlockHeader child) {
    return child.number == number + 1 && child.parentHash.equals(hash);
  }
}
