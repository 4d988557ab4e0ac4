package io.coracle.chain;

import java.util.Map;
import org.web3j.protocol.core.methods.response.Log;

/**
 * An event of a contract the follower watches: which logs it is, how to decode them, how many
 * confirmations each needs, and its domain key.
 */
public interface WatchedEvent {
  /** The event's name as published, e.g. {@code RandomWordsRequested}. */
  String name();

  /** The emitting contract, lower-case 0x-hex. */
  String contract();

  /** keccak256 of the event signature, lower-case 0x-hex. */
  String topic0();

  /**
   * Decodes one log of this event. Throws {@link IllegalArgumentException} with a reason when the
   * log does not decode (it then goes to the dead-letter topic).
   */
  Decoded decode(Log log);

  /** A decoded log: its key, its fields, and the confirmations to wait for before publishing. */
  record Decoded(String key, Map<String, String> fields, int confirmations) {
    public Decoded {
      if (confirmations < 0) {
        throw new IllegalArgumentException("confirmations must not be negative");
      }
      fields = Map.copyOf(fields);
    }
  }
}
