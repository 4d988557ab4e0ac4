package io.coracle.vrf;

import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;

/**
 * A validated ECVRF public key: a point Y on the suite's curve, not of small order, with its
 * 33-byte SEC1 compressed encoding (PK_string). Obtain one from {@link Ecvrf#decodePublicKey},
 * {@link Ecvrf#publicKey(ECPoint)} or a {@link VrfSecretKey}.
 *
 * <p>Reusing one instance for many verifications reuses its decoded point and the
 * precomputation verification builds for it (the same courtesy Bouncy Castle gives a reused
 * {@code ECPublicKeyParameters}).
 */
public final class VrfPublicKey {
  private final EcvrfSuite suite;
  private final ECPoint point;
  private final byte[] encoded;
  // Odd multiples of -Y for verification's c*Y term, built on first use (public data only).
  private volatile PublicMultiplier.Table negatedTable;

  VrfPublicKey(EcvrfSuite suite, ECPoint normalizedPoint, byte[] encoded) {
    this.suite = suite;
    this.point = normalizedPoint;
    this.encoded = encoded;
  }

  public EcvrfSuite suite() {
    return suite;
  }

  /** The point Y, normalized (affine). */
  public ECPoint point() {
    return point;
  }

  /** PK_string: the 33-byte SEC1 compressed encoding. */
  public byte[] encoded() {
    return encoded.clone();
  }

  public String toHex() {
    return Hex.toHexString(encoded);
  }

  byte[] encodedInternal() {
    return encoded;
  }

  PublicMultiplier.Table negatedTable() {
    return negatedTable;
  }

  void cacheNegatedTable(PublicMultiplier.Table table) {
    negatedTable = table;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VrfPublicKey k && k.suite == suite && Arrays.equals(k.encoded, encoded);
  }

  @Override
  public int hashCode() {
    return 31 * suite.hashCode() + Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "VrfPublicKey[" + suite.shortName() + ", " + toHex() + "]";
  }
}
