package io.coracle.oracle.keys;

/** Sealing or unsealing failed. Messages never contain key material. */
public final class SealingException extends Exception {
  public SealingException(String message) {
    super(message);
  }

  public SealingException(String message, Throwable cause) {
    super(message, cause);
  }
}
