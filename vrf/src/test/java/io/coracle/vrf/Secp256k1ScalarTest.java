package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.endo.GLVEndomorphism;
import org.junit.jupiter.api.Test;

/** Fixed-width scalar arithmetic mod n (GLV comb digits, s = k + c*x) against BigInteger and BC. */
class Secp256k1ScalarTest {
  private static final BigInteger N = Secp256k1Scalar.N;
  private static final BigInteger LAMBDA = Secp256k1Scalar.LAMBDA;
  private static final BigInteger TWO_130_MINUS_1 = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.ONE);
  private static final Ecvrf K1 = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);

  static BigInteger mod(byte[] bytes) {
    return new BigInteger(1, bytes).mod(N);
  }

  /** Edge scalars: small, near n, powers of two, around n/2, multiples and neighbours of lambda. */
  static List<BigInteger> edgeScalars() {
    List<BigInteger> out = new ArrayList<>();
    for (long small = 0; small <= 8; small++) {
      out.add(BigInteger.valueOf(small));
      out.add(N.subtract(BigInteger.valueOf(small + 1)));
    }
    for (int bits = 1; bits < 256; bits += 7) {
      out.add(BigInteger.ONE.shiftLeft(bits).mod(N));
      out.add(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).mod(N));
    }
    out.add(N.shiftRight(1));
    out.add(N.shiftRight(1).add(BigInteger.ONE));
    for (int i = -3; i <= 3; i++) {
      BigInteger l = LAMBDA.multiply(BigInteger.valueOf(i)).mod(N);
      out.add(l);
      out.add(l.add(BigInteger.ONE).mod(N));
      out.add(l.subtract(BigInteger.ONE).mod(N));
      // (q - 1 - lambda)/2 = i*lambda: halves at the lattice's edge
      out.add(l.shiftLeft(1).add(BigInteger.ONE).add(LAMBDA).mod(N));
    }
    // scalars whose split v has halves near the bound: v = a + b*lambda with a, b = +-2^127
    BigInteger big = BigInteger.ONE.shiftLeft(127);
    for (BigInteger a : new BigInteger[] {big, big.negate(), BigInteger.ZERO}) {
      for (BigInteger b : new BigInteger[] {big, big.negate(), BigInteger.ZERO}) {
        BigInteger v = a.add(b.multiply(LAMBDA)).mod(N);
        out.add(v.shiftLeft(1).add(BigInteger.ONE).add(LAMBDA).mod(N));
      }
    }
    return out;
  }

  static void assertCombDigits(BigInteger q) {
    int[] e1 = new int[5];
    int[] e2 = new int[5];
    Secp256k1Scalar.combDigits(Secp256k1Scalar.fromBigInteger(q), e1, e2);
    BigInteger d1 = Secp256k1Scalar.toBigInteger(e1);
    BigInteger d2 = Secp256k1Scalar.toBigInteger(e2);
    // Both digit strings are 130-bit (and so are their GLV halves, with a 2x margin).
    assertThat(d1.bitLength()).as("e1 of %s", q.toString(16)).isLessThanOrEqualTo(130);
    assertThat(d2.bitLength()).as("e2 of %s", q.toString(16)).isLessThanOrEqualTo(130);
    BigInteger offset = BigInteger.ONE.shiftLeft(129);
    assertThat(d1.subtract(offset).abs().bitLength()).isLessThanOrEqualTo(128);
    assertThat(d2.subtract(offset).abs().bitLength()).isLessThanOrEqualTo(128);
    // The comb identity: (2 e1 - (2^130 - 1)) + (2 e2 - (2^130 - 1)) lambda = q (mod n).
    BigInteger combined = d1.shiftLeft(1).subtract(TWO_130_MINUS_1)
        .add(d2.shiftLeft(1).subtract(TWO_130_MINUS_1).multiply(LAMBDA));
    assertThat(combined.mod(N)).isEqualTo(q);
    // The halves are Bouncy Castle's GLV split of v = (q - 1 - lambda) / 2 (same lattice, same rounding).
    BigInteger v = q.subtract(BigInteger.ONE).subtract(LAMBDA).multiply(BigInteger.TWO.modInverse(N)).mod(N);
    BigInteger[] bc = ((GLVEndomorphism) K1.curve().getEndomorphism()).decomposeScalar(v);
    assertThat(d1.subtract(offset)).isEqualTo(bc[0]);
    assertThat(d2.subtract(offset)).isEqualTo(bc[1]);
  }

  @Property(tries = 2000)
  void combDigitsAreBoundedAndRecombineToTheScalar(@ForAll @Size(32) byte[] bytes) {
    assertCombDigits(mod(bytes));
  }

  @Test
  void combDigitsOfEdgeScalars() {
    for (BigInteger q : edgeScalars()) {
      assertCombDigits(q);
    }
  }

  @Test
  void latticeConstantsAreThoseOfTheCurve() {
    ECCurve curve = K1.curve();
    // (A1, -B1) and (A2, B2) are lattice vectors: a + b*lambda = 0 (mod n), spanning a lattice of
    // determinant n; G1, G2 are the rounded 2^272 B2 / n and 2^272 B1 / n.
    assertThat(Secp256k1Scalar.A1.subtract(Secp256k1Scalar.B1.multiply(LAMBDA)).mod(N)).isZero();
    assertThat(Secp256k1Scalar.A2.add(Secp256k1Scalar.B2.multiply(LAMBDA)).mod(N)).isZero();
    assertThat(Secp256k1Scalar.A1.multiply(Secp256k1Scalar.B2).add(Secp256k1Scalar.A2.multiply(Secp256k1Scalar.B1)))
        .isEqualTo(N);
    BigInteger half = N.shiftRight(1);
    assertThat(Secp256k1Scalar.G1)
        .isEqualTo(Secp256k1Scalar.B2.shiftLeft(272).add(half).divide(N));
    assertThat(Secp256k1Scalar.G2)
        .isEqualTo(Secp256k1Scalar.B1.shiftLeft(272).add(half).divide(N));
    assertThat(N).isEqualTo(curve.getOrder());
    // lambda matches beta: phi(G) = (beta x, y) = lambda G.
    ECPoint g = K1.generator();
    ECPoint phiG = curve.createPoint(
        g.getAffineXCoord().toBigInteger().multiply(Secp256k1SecretMultiplier.BETA).mod(Secp256k1Field.P),
        g.getAffineYCoord().toBigInteger());
    assertThat(phiG).isEqualTo(g.multiply(LAMBDA).normalize());
    assertThat(((GLVEndomorphism) curve.getEndomorphism()).getPointMap().map(g).normalize()).isEqualTo(phiG);
  }

  @Property(tries = 2000)
  void mulAddModNMatchesBigInteger(@ForAll @Size(16) byte[] c, @ForAll @Size(32) byte[] x,
      @ForAll @Size(32) byte[] k) {
    assertMulAdd(new BigInteger(1, c), mod(x), mod(k));
  }

  @Test
  void mulAddModNAtTheEdges() {
    BigInteger maxC = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    BigInteger[] cs = {BigInteger.ZERO, BigInteger.ONE, maxC, maxC.shiftRight(1)};
    BigInteger[] xs = {BigInteger.ZERO, BigInteger.ONE, N.subtract(BigInteger.ONE), N.shiftRight(1),
        BigInteger.ONE.shiftLeft(255)};
    for (BigInteger c : cs) {
      for (BigInteger x : xs) {
        for (BigInteger k : xs) {
          assertMulAdd(c, x, k);
        }
      }
    }
  }

  static void assertMulAdd(BigInteger c, BigInteger x, BigInteger k) {
    byte[] s = Secp256k1Scalar.mulAddModN(Secp256k1Scalar.limbs(c, 4), Secp256k1Scalar.fromBigInteger(x),
        Secp256k1Scalar.fromBigInteger(k));
    assertThat(new BigInteger(1, s)).as("c=%s x=%s k=%s", c, x, k).isEqualTo(k.add(c.multiply(x)).mod(N));
  }

  @Property(tries = 1000)
  void subAndHalfModN(@ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    BigInteger x = mod(a);
    BigInteger y = mod(b);
    int[] z = new int[8];
    Secp256k1Scalar.subModN(Secp256k1Scalar.fromBigInteger(x), Secp256k1Scalar.fromBigInteger(y), z);
    assertThat(Secp256k1Scalar.toBigInteger(z)).isEqualTo(x.subtract(y).mod(N));
    Secp256k1Scalar.halfModN(z);
    assertThat(Secp256k1Scalar.toBigInteger(z).shiftLeft(1).mod(N)).isEqualTo(x.subtract(y).mod(N));
    assertThat(Secp256k1Scalar.toBigInteger(z)).isLessThan(N);
  }

  @Property(tries = 300)
  void bytesRoundTrip(@ForAll @Size(32) byte[] bytes) {
    int[] limbs = Secp256k1Scalar.fromBytes(bytes, 0);
    assertThat(Secp256k1Scalar.toBigInteger(limbs)).isEqualTo(new BigInteger(1, bytes));
    byte[] out = new byte[32];
    Secp256k1Scalar.toBytes(limbs, out, 0);
    assertThat(out).isEqualTo(bytes);
  }
}
