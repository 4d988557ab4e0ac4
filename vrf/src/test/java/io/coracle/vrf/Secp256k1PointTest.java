package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/** The Jacobian formulas against Bouncy Castle, including every exceptional case of addition. */
class Secp256k1PointTest {
  private static final Ecvrf K1 = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  private static final ECCurve CURVE = K1.curve();

  static ECPoint point(byte[] seed) {
    return K1.generator().multiply(SecretMultiplierTest.scalar(K1, seed)).normalize();
  }

  static Secp256k1Point jacobian(ECPoint affine) {
    Secp256k1Point p = new Secp256k1Point();
    p.setAffine(x(affine), y(affine));
    return p;
  }

  static long[] x(ECPoint p) {
    return Secp256k1Field.fromBigInteger(p.normalize().getAffineXCoord().toBigInteger());
  }

  static long[] y(ECPoint p) {
    return Secp256k1Field.fromBigInteger(p.normalize().getAffineYCoord().toBigInteger());
  }

  /** The point as Bouncy Castle's, through the multiplier's own normalization. */
  static ECPoint toBc(Secp256k1Point p) {
    if (p.infinity == 1) {
      return CURVE.getInfinity();
    }
    long[] out = new long[10];
    Secp256k1SecretMultiplier.normalizeAll(new Secp256k1Point[] {p}, out);
    return CURVE.createPoint(Secp256k1Field.toBigInteger(java.util.Arrays.copyOfRange(out, 0, 5)),
        Secp256k1Field.toBigInteger(java.util.Arrays.copyOfRange(out, 5, 10)));
  }

  /** A Jacobian point with a random Z (not 1), so the formulas see general inputs. */
  static Secp256k1Point scrambled(ECPoint affine, byte[] zSeed) {
    BigInteger z = new BigInteger(1, zSeed).mod(Secp256k1Field.P.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    BigInteger p = Secp256k1Field.P;
    Secp256k1Point r = new Secp256k1Point();
    ECPoint a = affine.normalize();
    Secp256k1Field.set(r.x, Secp256k1Field.fromBigInteger(a.getAffineXCoord().toBigInteger().multiply(z.pow(2)).mod(p)));
    Secp256k1Field.set(r.y, Secp256k1Field.fromBigInteger(a.getAffineYCoord().toBigInteger().multiply(z.pow(3)).mod(p)));
    Secp256k1Field.set(r.z, Secp256k1Field.fromBigInteger(z));
    return r;
  }

  @Property(tries = 300)
  void twiceMatches(@ForAll @Size(32) byte[] seed, @ForAll @Size(32) byte[] zSeed,
      @ForAll @IntRange(min = 1, max = 30) int times) {
    ECPoint a = point(seed);
    Secp256k1Point p = scrambled(a, zSeed);
    Secp256k1Point.Scratch s = new Secp256k1Point.Scratch();
    for (int i = 0; i < times; i++) {
      p.twice(s);
    }
    assertThat(toBc(p)).isEqualTo(a.timesPow2(times).normalize());
  }

  @Property(tries = 300)
  void addAffineMatches(@ForAll @Size(32) byte[] seedA, @ForAll @Size(32) byte[] seedB,
      @ForAll @Size(32) byte[] zSeed) {
    ECPoint a = point(seedA);
    ECPoint b = point(seedB);
    Secp256k1Point p = scrambled(a, zSeed);
    p.addAffine(x(b), y(b), new Secp256k1Point.Scratch());
    assertThat(toBc(p)).isEqualTo(a.add(b).normalize());
  }

  @Property(tries = 300)
  void addPublicMatches(@ForAll @Size(32) byte[] seedA, @ForAll @Size(32) byte[] seedB,
      @ForAll @Size(32) byte[] zA, @ForAll @Size(32) byte[] zB) {
    ECPoint a = point(seedA);
    ECPoint b = point(seedB);
    Secp256k1Point p = scrambled(a, zA);
    p.addPublic(scrambled(b, zB), new Secp256k1Point.Scratch());
    assertThat(toBc(p)).isEqualTo(a.add(b).normalize());
  }

  /**
   * Every case the unified addition must get right without a branch: b = a (doubling), b = -a
   * (infinity), a infinite, and the degenerate y1 = -y2 with x1 != x2 (b = -phi(a) or -phi^2(a)).
   */
  @Property(tries = 100)
  void addAffineExceptionalCases(@ForAll @Size(32) byte[] seed, @ForAll @Size(32) byte[] zSeed) {
    ECPoint a = point(seed);
    ECPoint phiA = a.multiply(Secp256k1Scalar.LAMBDA).normalize();
    ECPoint phi2A = phiA.multiply(Secp256k1Scalar.LAMBDA).normalize();
    ECPoint[] others = {a, a.negate(), phiA, phiA.negate(), phi2A, phi2A.negate()};
    Secp256k1Point.Scratch s = new Secp256k1Point.Scratch();
    for (ECPoint b : others) {
      Secp256k1Point p = scrambled(a, zSeed);
      p.addAffine(x(b), y(b), s);
      assertThat(toBc(p)).as("a + %s", b).isEqualTo(a.add(b).normalize());
      Secp256k1Point q = scrambled(a, zSeed);
      q.addPublic(jacobian(b), s);
      assertThat(toBc(q)).isEqualTo(a.add(b).normalize());
    }
    // a == -b gives infinity, and infinity + b gives b.
    Secp256k1Point p = scrambled(a, zSeed);
    p.addAffine(x(a.negate()), y(a.negate()), s);
    assertThat(p.infinity).isEqualTo(1);
    p.twice(s);
    assertThat(p.infinity).isEqualTo(1);
    p.addAffine(x(phiA), y(phiA), s);
    assertThat(p.infinity).isZero();
    assertThat(toBc(p)).isEqualTo(phiA);
    Secp256k1Point inf = new Secp256k1Point();
    inf.infinity = 1;
    inf.addPublic(jacobian(a), s);
    assertThat(toBc(inf)).isEqualTo(a);
    Secp256k1Point q = jacobian(a);
    Secp256k1Point infinity = new Secp256k1Point();
    infinity.infinity = 1;
    q.addPublic(infinity, s);
    assertThat(toBc(q)).isEqualTo(a);
  }

  @Property(tries = 100)
  void longChainsOfMixedOperationsStayExact(@ForAll @Size(32) byte[] seed, @ForAll @Size(min = 1, max = 60) byte[] ops) {
    // Magnitudes carried from one formula into the next, as in the comb's loop.
    ECPoint a = point(seed);
    ECPoint b = a.multiply(BigInteger.valueOf(7)).normalize();
    Secp256k1Point p = jacobian(a);
    ECPoint expected = a;
    Secp256k1Point.Scratch s = new Secp256k1Point.Scratch();
    for (byte op : ops) {
      switch (op & 3) {
        case 0 -> {
          p.twice(s);
          expected = expected.twice();
        }
        case 1 -> {
          p.addAffine(x(b), y(b), s);
          expected = expected.add(b);
        }
        case 2 -> {
          p.addPublic(jacobian(b.negate()), s);
          expected = expected.subtract(b);
        }
        default -> {
          p.negate();
          expected = expected.negate();
        }
      }
    }
    assertThat(toBc(p)).isEqualTo(expected.normalize());
  }

  @Test
  void infinityDoesNotChangeUnderDoubling() {
    Secp256k1Point p = new Secp256k1Point();
    p.infinity = 1;
    p.twice(new Secp256k1Point.Scratch());
    assertThat(p.infinity).isEqualTo(1);
  }
}
