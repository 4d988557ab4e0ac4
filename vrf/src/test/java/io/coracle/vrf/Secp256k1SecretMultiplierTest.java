package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** secp256k1's comb: its table, its lookups and its products against Bouncy Castle's reference. */
class Secp256k1SecretMultiplierTest {
  private static final Ecvrf K1 = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  private static final BigInteger N = K1.order();
  private static final Secp256k1SecretMultiplier MULTIPLIER = new Secp256k1SecretMultiplier(K1.curve());

  static ECPoint affine(long[] entries, int index) {
    return K1.curve().createPoint(
        Secp256k1Field.toBigInteger(Arrays.copyOfRange(entries, index * 10, index * 10 + 5)),
        Secp256k1Field.toBigInteger(Arrays.copyOfRange(entries, index * 10 + 5, index * 10 + 10)));
  }

  /** sum over teeth t of (2 bit_t(idx) - 1) 2^(26t) P: what entry idx of the signed comb stands for. */
  static ECPoint combEntry(ECPoint p, int idx) {
    BigInteger k = BigInteger.ZERO;
    for (int t = 0; t < Secp256k1SecretMultiplier.TEETH; t++) {
      BigInteger tooth = BigInteger.ONE.shiftLeft(Secp256k1SecretMultiplier.SPACING * t);
      k = ((idx >>> t) & 1) == 1 ? k.add(tooth) : k.subtract(tooth);
    }
    return p.multiply(k.mod(N)).normalize();
  }

  @Property(tries = 30)
  void everySignedLookupIsTheCombEntryOfItsIndex(@ForAll @Size(32) byte[] seed) {
    ECPoint p = Secp256k1PointTest.point(seed);
    ECPoint phiP = p.multiply(Secp256k1Scalar.LAMBDA).normalize();
    Secp256k1SecretMultiplier.Table table = Secp256k1SecretMultiplier.table(p);
    long[] x = new long[5];
    long[] y = new long[5];
    long[] scratch = new long[5];
    for (int idx = 0; idx < 32; idx++) {
      Secp256k1SecretMultiplier.lookup(table.base(), idx, x, y, scratch);
      assertThat(point(x, y)).as("entry %d", idx).isEqualTo(combEntry(p, idx));
      Secp256k1SecretMultiplier.lookup(table.phi(), idx, x, y, scratch);
      assertThat(point(x, y)).as("phi entry %d", idx).isEqualTo(combEntry(phiP, idx));
    }
    // The stored half: top tooth +1, normalized.
    for (int j = 0; j < 16; j++) {
      assertThat(affine(table.base(), j)).isEqualTo(combEntry(p, j | 16));
    }
  }

  static ECPoint point(long[] x, long[] y) {
    return K1.curve().createPoint(Secp256k1Field.toBigInteger(x), Secp256k1Field.toBigInteger(y));
  }

  @Test
  void columnsReadTheTeethBits() {
    int[] e = new int[5];
    // bit 26t + col set for t = 0 and 3 only, col = 7
    for (int t : new int[] {0, 3}) {
      int pos = 26 * t + 7;
      e[pos >>> 5] |= 1 << (pos & 31);
    }
    assertThat(Secp256k1SecretMultiplier.column(e, 7)).isEqualTo(0b01001);
    assertThat(Secp256k1SecretMultiplier.column(e, 6)).isZero();
    Arrays.fill(e, -1);
    e[4] = 3; // 130 bits
    for (int col = 0; col < 26; col++) {
      assertThat(Secp256k1SecretMultiplier.column(e, col)).isEqualTo(31);
    }
  }

  @Property(tries = 300)
  void productsEqualTheReference(@ForAll @Size(32) byte[] base, @ForAll @Size(32) byte[] a,
      @ForAll @Size(32) byte[] b) {
    ECPoint p = Secp256k1PointTest.point(base);
    BigInteger ka = SecretMultiplierTest.scalar(K1, a);
    BigInteger kb = SecretMultiplierTest.scalar(K1, b);
    ECPoint[] r = MULTIPLIER.multiply(p, ka, kb);
    assertThat(r[0]).isEqualTo(p.multiply(ka).normalize());
    assertThat(r[1]).isEqualTo(p.multiply(kb).normalize());
  }

  @Test
  void edgeScalarsEqualTheReference() {
    List<BigInteger> scalars = Secp256k1ScalarTest.edgeScalars().stream().filter(k -> k.signum() > 0).toList();
    ECPoint p = K1.generator().multiply(BigInteger.valueOf(0xc0ffee)).normalize();
    ECPoint[] r = MULTIPLIER.multiply(p, scalars.toArray(BigInteger[]::new));
    for (int i = 0; i < r.length; i++) {
      assertThat(r[i]).as("k = %s", scalars.get(i).toString(16)).isEqualTo(p.multiply(scalars.get(i)).normalize());
    }
    // And on the generator itself, whose comb table holds 2^104 B.
    ECPoint[] g = MULTIPLIER.multiply(K1.generator(), BigInteger.ONE, N.subtract(BigInteger.ONE));
    assertThat(g[0]).isEqualTo(K1.generator());
    assertThat(g[1]).isEqualTo(K1.generator().negate().normalize());
  }

  @Property(tries = 200)
  void proofPointsAndResponseEqualTheReference(@ForAll @Size(32) byte[] base, @ForAll @Size(32) byte[] xs,
      @ForAll @Size(32) byte[] ks, @ForAll @Size(16) byte[] cs) {
    ECPoint h = Secp256k1PointTest.point(base);
    BigInteger x = SecretMultiplierTest.scalar(K1, xs);
    BigInteger k = SecretMultiplierTest.scalar(K1, ks);
    BigInteger c = new BigInteger(1, cs);
    ECPoint kB = K1.generator().multiply(k);
    byte[][] enc = MULTIPLIER.proofPoints(h, x, k, kB);
    assertThat(enc[0]).isEqualTo(h.multiply(x).getEncoded(true));
    assertThat(enc[1]).isEqualTo(kB.getEncoded(true));
    assertThat(enc[2]).isEqualTo(h.multiply(k).getEncoded(true));
    assertThat(MULTIPLIER.response(k, c, x, 32))
        .isEqualTo(BigIntegers.asUnsignedByteArray(32, k.add(c.multiply(x)).mod(N)));
  }
}
