package io.coracle.attestation.verify;

/** A policy file that cannot be used; the message names the key and the problem. */
public final class PolicyFormatException extends Exception {
  public PolicyFormatException(String message) {
    super(message);
  }
}
