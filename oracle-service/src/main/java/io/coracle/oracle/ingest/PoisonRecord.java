package io.coracle.oracle.ingest;

/**
 * A record that can never be processed, whatever is retried: it goes to the dead-letter topic with
 * this message as the reason, and the stream moves on.
 */
public final class PoisonRecord extends RuntimeException {
  public PoisonRecord(String message) {
    super(message, null, false, false);
  }
}
