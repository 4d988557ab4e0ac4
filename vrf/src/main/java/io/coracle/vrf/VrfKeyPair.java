package io.coracle.vrf;

import java.util.Objects;

/** A secret key and its public key, as key generation returns them. */
public record VrfKeyPair(VrfSecretKey secretKey, VrfPublicKey publicKey) {
  public VrfKeyPair {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(publicKey, "publicKey");
  }
  // The record's toString() prints VrfSecretKey.toString(), which redacts the scalar.
}
