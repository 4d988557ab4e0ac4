package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A negative case for every check: each {@link VrfFailure} is produced by some input. */
class EcvrfRejectionTest {
  private static final Set<VrfFailure> SEEN = EnumSet.noneOf(VrfFailure.class);

  private static VrfFailure expectFailure(VrfResult<?> result) {
    assertThat(result.isOk()).as("expected a failure, got %s", result).isFalse();
    VrfFailure reason = result.failure().orElseThrow();
    SEEN.add(reason);
    return reason;
  }

  private static VrfFailure expectInvalid(VrfVerification v) {
    assertThat(v).isInstanceOf(VrfVerification.Invalid.class);
    VrfFailure reason = ((VrfVerification.Invalid) v).reason();
    SEEN.add(reason);
    return reason;
  }

  /** An x-coordinate below p for which x^3 + ax + b is a non-residue. */
  static BigInteger xOffCurve(Ecvrf vrf) {
    for (int i = 1; ; i++) {
      ECFieldElement x = vrf.curve().fromBigInteger(BigInteger.valueOf(i));
      ECFieldElement rhs = x.square().add(vrf.curve().getA()).multiply(x).add(vrf.curve().getB());
      if (rhs.sqrt() == null) {
        return BigInteger.valueOf(i);
      }
    }
  }

  static byte[] compressed(int prefix, BigInteger x) {
    byte[] out = new byte[33];
    out[0] = (byte) prefix;
    BigIntegers.asUnsignedByteArray(x, out, 1, 32);
    return out;
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void everyCheckRejectsItsInput(EcvrfSuite suite) {
    Ecvrf vrf = Ecvrf.of(suite);
    BigInteger n = vrf.order();
    BigInteger p = vrf.fieldPrime();
    VrfKeyPair kp = vrf.generateKeyPair(new java.security.SecureRandom());
    byte[] pk = kp.publicKey().encoded();
    byte[] alpha = "rejections".getBytes();
    byte[] pi = vrf.prove(kp.secretKey(), alpha);
    assertThat(vrf.verify(pk, alpha, pi).isValid()).isTrue();

    // secret keys
    assertThat(expectFailure(vrf.decodeSecretKey(new byte[31]))).isEqualTo(VrfFailure.SECRET_KEY_WRONG_LENGTH);
    assertThat(expectFailure(vrf.decodeSecretKey(new byte[33]))).isEqualTo(VrfFailure.SECRET_KEY_WRONG_LENGTH);
    assertThat(expectFailure(vrf.decodeSecretKey(new byte[32]))).isEqualTo(VrfFailure.SECRET_KEY_OUT_OF_RANGE);
    assertThat(expectFailure(vrf.decodeSecretKey(BigIntegers.asUnsignedByteArray(32, n))))
        .isEqualTo(VrfFailure.SECRET_KEY_OUT_OF_RANGE);
    assertThat(vrf.decodeSecretKey(BigIntegers.asUnsignedByteArray(32, n.subtract(BigInteger.ONE))).isOk()).isTrue();

    // public keys, through decodePublicKey and through verify
    byte[] uncompressed = new byte[65];
    uncompressed[0] = 0x04;
    System.arraycopy(vrf.encodeUncompressed(kp.publicKey().point()), 0, uncompressed, 1, 64);
    Object[][] badKeys = {
        {Arrays.copyOf(pk, 32), VrfFailure.PUBLIC_KEY_WRONG_LENGTH},
        {Arrays.copyOf(pk, 34), VrfFailure.PUBLIC_KEY_WRONG_LENGTH},
        {new byte[0], VrfFailure.PUBLIC_KEY_WRONG_LENGTH},
        {uncompressed, VrfFailure.PUBLIC_KEY_UNCOMPRESSED},
        {compressed(0x04, BigInteger.ONE), VrfFailure.PUBLIC_KEY_BAD_PREFIX},
        {compressed(0x00, BigInteger.ONE), VrfFailure.PUBLIC_KEY_BAD_PREFIX},
        {compressed(0x02, p), VrfFailure.PUBLIC_KEY_NON_CANONICAL},
        {compressed(0x03, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)), VrfFailure.PUBLIC_KEY_NON_CANONICAL},
        {compressed(0x02, xOffCurve(vrf)), VrfFailure.PUBLIC_KEY_NOT_ON_CURVE},
        {new byte[] {0}, VrfFailure.PUBLIC_KEY_SMALL_ORDER},
    };
    for (Object[] bad : badKeys) {
      assertThat(expectFailure(vrf.decodePublicKey((byte[]) bad[0]))).isEqualTo(bad[1]);
      assertThat(expectInvalid(vrf.verify((byte[]) bad[0], alpha, pi))).isEqualTo(bad[1]);
      assertThat(expectFailure(vrf.publicKeyPoint((byte[]) bad[0]))).isEqualTo(bad[1]);
    }
    assertThat(expectFailure(vrf.publicKey(vrf.curve().getInfinity()))).isEqualTo(VrfFailure.PUBLIC_KEY_SMALL_ORDER);
    ECPoint offCurve = vrf.curve().createPoint(BigInteger.ONE, BigInteger.ONE);
    assertThat(expectFailure(vrf.publicKey(offCurve))).isEqualTo(VrfFailure.PUBLIC_KEY_NOT_ON_CURVE);

    // proofs, through decodeProof, proofToHash and verify
    byte[] gammaBadPrefix = pi.clone();
    gammaBadPrefix[0] = 0x04;
    byte[] gammaNonCanonical = pi.clone();
    System.arraycopy(compressed(0x02, p), 0, gammaNonCanonical, 0, 33);
    byte[] gammaOffCurve = pi.clone();
    System.arraycopy(compressed(0x02, xOffCurve(vrf)), 0, gammaOffCurve, 0, 33);
    byte[] sEqualsN = pi.clone();
    BigIntegers.asUnsignedByteArray(n, sEqualsN, 49, 32);
    byte[] sAllOnes = pi.clone();
    Arrays.fill(sAllOnes, 49, 81, (byte) 0xff);
    byte[] otherC = pi.clone();
    otherC[40] ^= 1;
    Object[][] badProofs = {
        {Arrays.copyOf(pi, 80), VrfFailure.PROOF_TOO_SHORT},
        {new byte[0], VrfFailure.PROOF_TOO_SHORT},
        {Arrays.copyOf(pi, 82), VrfFailure.PROOF_TRAILING_BYTES},
        {gammaBadPrefix, VrfFailure.GAMMA_BAD_PREFIX},
        {gammaNonCanonical, VrfFailure.GAMMA_NON_CANONICAL},
        {gammaOffCurve, VrfFailure.GAMMA_NOT_ON_CURVE},
        {sEqualsN, VrfFailure.S_OUT_OF_RANGE},
        {sAllOnes, VrfFailure.S_OUT_OF_RANGE},
    };
    for (Object[] bad : badProofs) {
      assertThat(expectFailure(vrf.decodeProof((byte[]) bad[0]))).isEqualTo(bad[1]);
      assertThat(expectFailure(vrf.proofToHash((byte[]) bad[0]))).isEqualTo(bad[1]);
      assertThat(expectInvalid(vrf.verify(pk, alpha, (byte[]) bad[0]))).isEqualTo(bad[1]);
      assertThat(expectFailure(vrf.proofPoints(pk, alpha, (byte[]) bad[0]))).isEqualTo(bad[1]);
    }
    assertThat(expectInvalid(vrf.verify(pk, alpha, otherC))).isEqualTo(VrfFailure.CHALLENGE_MISMATCH);
    assertThat(expectInvalid(vrf.verify(pk, "other".getBytes(), pi))).isEqualTo(VrfFailure.CHALLENGE_MISMATCH);
    assertThat(vrf.proofPoints(pk, alpha, otherC).value().challengeMatches()).isFalse();

    // encodeProof checks what decodeProof checks, and c's width
    DecodedProof d = vrf.decodeProof(pi).value();
    assertThat(expectFailure(vrf.encodeProof(vrf.curve().getInfinity(), d.c(), d.s()))).isEqualTo(VrfFailure.GAMMA_IDENTITY);
    assertThat(expectFailure(vrf.encodeProof(d.gamma(), BigInteger.ONE.shiftLeft(128), d.s())))
        .isEqualTo(VrfFailure.CHALLENGE_TOO_WIDE);
    assertThat(expectFailure(vrf.encodeProof(d.gamma(), BigInteger.ONE.negate(), d.s())))
        .isEqualTo(VrfFailure.CHALLENGE_TOO_WIDE);
    assertThat(vrf.encodeProof(d.gamma(), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), d.s()).isOk()).isTrue();
    assertThat(expectFailure(vrf.encodeProof(d.gamma(), d.c(), n))).isEqualTo(VrfFailure.S_OUT_OF_RANGE);
    assertThat(expectFailure(vrf.encodeProof(d.gamma(), d.c(), BigInteger.ONE.negate()))).isEqualTo(VrfFailure.S_OUT_OF_RANGE);
    Ecvrf other = Ecvrf.of(suite == EcvrfSuite.P256_SHA256_TAI ? EcvrfSuite.SECP256K1_SHA256_TAI : EcvrfSuite.P256_SHA256_TAI);
    assertThat(expectFailure(vrf.encodeProof(other.generator(), d.c(), d.s()))).isEqualTo(VrfFailure.GAMMA_NOT_ON_CURVE);
    assertThat(expectFailure(vrf.encodeProof(offCurve, d.c(), d.s()))).isEqualTo(VrfFailure.GAMMA_NOT_ON_CURVE);
    assertThat(expectFailure(vrf.publicKey(other.generator()))).isEqualTo(VrfFailure.PUBLIC_KEY_NOT_ON_CURVE);

    // generic point decoding
    byte[] xy = vrf.encodeUncompressed(kp.publicKey().point());
    byte[] xyOff = xy.clone();
    xyOff[63] ^= 1;
    byte[] xyNonCanonical = xy.clone();
    Arrays.fill(xyNonCanonical, 0, 32, (byte) 0xff);
    byte[] sec1BadPrefix = uncompressed.clone();
    sec1BadPrefix[0] = 0x06;
    Object[][] badPoints = {
        {new byte[32], VrfFailure.POINT_WRONG_LENGTH},
        {new byte[] {0}, VrfFailure.POINT_IDENTITY},
        {compressed(0x05, BigInteger.ONE), VrfFailure.POINT_BAD_PREFIX},
        {sec1BadPrefix, VrfFailure.POINT_BAD_PREFIX},
        {compressed(0x02, p), VrfFailure.POINT_NON_CANONICAL},
        {xyNonCanonical, VrfFailure.POINT_NON_CANONICAL},
        {compressed(0x03, xOffCurve(vrf)), VrfFailure.POINT_NOT_ON_CURVE},
        {xyOff, VrfFailure.POINT_NOT_ON_CURVE},
    };
    for (Object[] bad : badPoints) {
      assertThat(expectFailure(vrf.decodePoint((byte[]) bad[0]))).isEqualTo(bad[1]);
    }
    ECPoint y = kp.publicKey().point();
    assertThat(vrf.decodePoint(xy).value()).isEqualTo(y);
    assertThat(vrf.decodePoint(uncompressed).value()).isEqualTo(y);
    assertThat(vrf.decodePoint(pk).value()).isEqualTo(y);
    assertThat(vrf.encodeCompressed(vrf.curve().getInfinity())).containsExactly(0);
    assertThatThrownBy(() -> vrf.encodeUncompressed(vrf.curve().getInfinity()))
        .isInstanceOf(IllegalArgumentException.class);

    // encode_to_curve running out of counters (2^-256 in practice; forced with a small bound)
    HashToCurveTrace full = vrf.encodeToCurveTrace(pk, alpha);
    assertThat(vrf.hashToCurve(pk, alpha, full.ctr())).isNull();
    assertThat(vrf.encodeToCurveTrace(pk, alpha, full.ctr()).found()).isFalse();
    assertThat(vrf.encodeToCurveTrace(pk, alpha, full.ctr()).ctr()).isEqualTo(-1);
    SEEN.add(VrfFailure.HASH_TO_CURVE_EXHAUSTED);

    // A key of another suite is a programming error, not an input error.
    assertThatThrownBy(() -> vrf.prove(other.generateKeyPair(new java.security.SecureRandom()).secretKey(), alpha))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void everyReasonWasProduced() {
    assertThat(SEEN).containsExactlyInAnyOrder(VrfFailure.values());
  }
}
