package io.coracle.vrf;

import java.util.Locale;

/**
 * Why an ECVRF input was rejected or a proof did not verify. Every check the library makes has
 * exactly one reason here, so callers (and the command line) can report which check failed.
 */
public enum VrfFailure {
  SECRET_KEY_WRONG_LENGTH("secret key must be exactly 32 bytes"),
  SECRET_KEY_OUT_OF_RANGE("secret key scalar must be in [1, n-1]"),

  PUBLIC_KEY_WRONG_LENGTH("public key must be a 33-byte SEC1 compressed point"),
  PUBLIC_KEY_UNCOMPRESSED("public key is SEC1 uncompressed; ECVRF public keys are compressed, "
      + "because PK_string salts encode_to_curve and two encodings would give two outputs"),
  PUBLIC_KEY_BAD_PREFIX("public key does not start with 0x02 or 0x03"),
  PUBLIC_KEY_NON_CANONICAL("public key x-coordinate is not reduced modulo p"),
  PUBLIC_KEY_NOT_ON_CURVE("public key x-coordinate has no point on the curve"),
  PUBLIC_KEY_SMALL_ORDER("public key is the identity or a point of small order (cofactor * Y = O)"),

  PROOF_TOO_SHORT("proof is shorter than Gamma || c || s (81 bytes)"),
  PROOF_TRAILING_BYTES("proof has bytes after Gamma || c || s (81 bytes)"),
  GAMMA_BAD_PREFIX("proof point Gamma does not start with 0x02 or 0x03"),
  GAMMA_NON_CANONICAL("proof point Gamma has an x-coordinate not reduced modulo p"),
  GAMMA_NOT_ON_CURVE("proof point Gamma has an x-coordinate with no point on the curve"),
  GAMMA_IDENTITY("proof point Gamma is the identity"),
  CHALLENGE_TOO_WIDE("challenge c does not fit in 16 bytes"),
  S_OUT_OF_RANGE("proof scalar s is not in [0, n-1]"),

  POINT_WRONG_LENGTH("point must be 33 bytes (compressed), 64 bytes (x || y) or 65 bytes (0x04 || x || y)"),
  POINT_BAD_PREFIX("point prefix is not 0x02, 0x03 (compressed) or 0x04 (uncompressed)"),
  POINT_NON_CANONICAL("point coordinate is not reduced modulo p"),
  POINT_NOT_ON_CURVE("point is not on the curve"),
  POINT_IDENTITY("point is the identity"),

  HASH_TO_CURVE_EXHAUSTED("encode_to_curve found no point in 256 counter values"),
  CHALLENGE_MISMATCH("proof does not verify: recomputed challenge differs from c");

  private final String description;

  VrfFailure(String description) {
    this.description = description;
  }

  /** A sentence saying which check failed. */
  public String description() {
    return description;
  }

  /** Stable machine-readable code, e.g. {@code challenge_mismatch}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
