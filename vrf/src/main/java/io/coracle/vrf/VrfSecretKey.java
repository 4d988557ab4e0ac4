package io.coracle.vrf;

import java.math.BigInteger;
import java.security.MessageDigest;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECVRF secret key: the scalar x in [1, n-1] and its public key Y = x*B.
 *
 * <p>Deliberately not a record: a record would expose the scalar through an accessor and print it
 * in {@code toString()}. The scalar leaves this object only through {@link #toBytes()}, which key
 * custody calls to seal it; {@code toString()} never shows it. (A Java {@code BigInteger} cannot
 * be wiped, so the key lives as long as this object is reachable.)
 */
public final class VrfSecretKey {
  private final EcvrfSuite suite;
  private final BigInteger scalar;
  private final VrfPublicKey publicKey;

  VrfSecretKey(EcvrfSuite suite, BigInteger scalar, VrfPublicKey publicKey) {
    this.suite = suite;
    this.scalar = scalar;
    this.publicKey = publicKey;
  }

  public EcvrfSuite suite() {
    return suite;
  }

  public VrfPublicKey publicKey() {
    return publicKey;
  }

  /** The 32-byte big-endian scalar. Handle as key material: seal it, never log it. */
  public byte[] toBytes() {
    return BigIntegers.asUnsignedByteArray(32, scalar);
  }

  BigInteger scalar() {
    return scalar;
  }

  /** Constant-time comparison of the scalars. */
  @Override
  public boolean equals(Object o) {
    return o instanceof VrfSecretKey k && k.suite == suite
        && MessageDigest.isEqual(toBytes(), k.toBytes());
  }

  /** Derived from the public key only. */
  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "VrfSecretKey[" + suite.shortName() + ", pk=" + publicKey.toHex() + ", secret redacted]";
  }
}
