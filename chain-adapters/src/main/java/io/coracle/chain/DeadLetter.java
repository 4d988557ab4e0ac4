package io.coracle.chain;

import java.util.Objects;

/**
 * A record that could not be processed: kept whole, with the reason and where it came from, on
 * topic {@value ChainEventTopics#DEAD_LETTERS}, so nothing is lost and the stream keeps flowing.
 *
 * @param source where it was found: {@code chain:<chainId>:<blockHash>:<logIndex>} or
 *     {@code kafka:<topic>:<partition>:<offset>}
 */
public record DeadLetter(String key, byte[] payload, String source, String error) {
  public DeadLetter {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(error, "error");
    payload = payload == null ? new byte[0] : payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
