package io.coracle.attestation.provider;

/** Evidence could not be obtained; the message says what to fix. Never carries key material. */
public final class ProviderException extends Exception {
  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
