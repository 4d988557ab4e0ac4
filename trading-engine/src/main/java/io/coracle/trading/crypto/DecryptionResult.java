package io.coracle.trading.crypto;

import java.util.Arrays;

/** What decrypting a strategy envelope gave: the plaintext, or why there is none. */
public sealed interface DecryptionResult {

  /** The plaintext. It stays inside the guest: never log it, store it or return it from an API. */
  final class Decrypted implements DecryptionResult {
    private final byte[] plaintext;

    public Decrypted(byte[] plaintext) {
      this.plaintext = plaintext.clone();
    }

    public byte[] plaintext() {
      return plaintext.clone();
    }

    /** Overwrites the plaintext once it has been parsed. */
    public void wipe() {
      Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
      return "Decrypted[" + plaintext.length + " bytes, redacted]";
    }
  }

  /** Why decryption failed; the whole envelope is then rejected as undecryptable. */
  record Failed(Failure failure, String detail) implements DecryptionResult {}

  enum Failure {
    /** Too short, too long, or an unknown version byte. */
    MALFORMED_ENVELOPE,
    /** The ephemeral key is not a point of secp256k1. */
    INVALID_EPHEMERAL_KEY,
    /** The GCM tag does not verify: another guest's key, another intent or trader, or tampered bytes. */
    AUTHENTICATION_FAILED
  }
}
