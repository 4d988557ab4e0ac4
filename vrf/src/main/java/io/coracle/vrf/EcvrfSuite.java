package io.coracle.vrf;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The two ECVRF cipher suites Coracle implements, both RFC 9381 section 5 with try-and-increment
 * encode-to-curve, SHA-256, SEC1-compressed points, a 16-byte challenge and 81-byte proofs.
 */
public enum EcvrfSuite {
  /** RFC 9381 suite 0x01: reproduces Appendix B.1. */
  P256_SHA256_TAI("ECVRF-P256-SHA256-TAI", (byte) 0x01, "secp256r1", "p256"),
  /** The same procedure on secp256k1, suite byte 0xFE: what Coracle's contracts verify on-chain. */
  SECP256K1_SHA256_TAI("ECVRF-SECP256K1-SHA256-TAI", (byte) 0xFE, "secp256k1", "secp256k1");

  private final String suiteName;
  private final byte suiteByte;
  private final String curveName;
  private final String shortName;

  EcvrfSuite(String suiteName, byte suiteByte, String curveName, String shortName) {
    this.suiteName = suiteName;
    this.suiteByte = suiteByte;
    this.curveName = curveName;
    this.shortName = shortName;
  }

  /** The RFC-style name, e.g. {@code ECVRF-SECP256K1-SHA256-TAI}. */
  public String suiteName() {
    return suiteName;
  }

  /** The suite_string byte that domain-separates every hash of the suite. */
  public byte suiteByte() {
    return suiteByte;
  }

  /** The curve's SEC name as Bouncy Castle's {@code CustomNamedCurves} knows it. */
  public String curveName() {
    return curveName;
  }

  /** The short name the command line uses: {@code secp256k1} or {@code p256}. */
  public String shortName() {
    return shortName;
  }

  /**
   * Finds a suite by its short name ({@code secp256k1}, {@code p256}), its full suite name, or its
   * curve name ({@code secp256r1}, {@code p-256}), ignoring case.
   */
  public static Optional<EcvrfSuite> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (EcvrfSuite suite : values()) {
      if (wanted.equals(suite.shortName)
          || wanted.equals(suite.suiteName.toLowerCase(Locale.ROOT))
          || wanted.equals(suite.curveName)
          || (suite == P256_SHA256_TAI && wanted.equals("p-256"))) {
        return Optional.of(suite);
      }
    }
    return Optional.empty();
  }

  /** Like {@link #find} but for names that must exist: an unknown name is a caller error. */
  public static EcvrfSuite byName(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown ECVRF suite '" + name + "'; expected one of: " + acceptedNames()));
  }

  /** Human-readable list of accepted names, for error messages. */
  public static String acceptedNames() {
    return Arrays.stream(values())
        .map(s -> s.shortName + " (" + s.suiteName + ")")
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return suiteName;
  }
}
