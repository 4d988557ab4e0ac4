package io.coracle.attestation.binding;

/** A report_data binding input that is malformed; {@link #field()} names which one. */
public final class BindingException extends Exception {
  public enum Field { CHAIN_ID, REGISTRY, VRF_PUBLIC_KEY, SIGNER, ENCRYPTION_PUBLIC_KEY, NONCE }

  private final Field field;

  public BindingException(Field field, String message) {
    super(field.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + message);
    this.field = field;
  }

  public Field field() {
    return field;
  }
}
