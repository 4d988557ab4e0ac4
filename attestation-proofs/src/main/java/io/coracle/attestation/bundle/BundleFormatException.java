package io.coracle.attestation.bundle;

/** Bytes that are not a canonical evidence bundle; the message names the offending field. */
public final class BundleFormatException extends Exception {
  public BundleFormatException(String message) {
    super(message);
  }
}
