package io.coracle.attestation.cert;

/** Bytes that are not a certificate this verifier accepts; the message says why. */
public final class CertificateFormatException extends Exception {
  public CertificateFormatException(String message) {
    super(message);
  }
}
