package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.Pack;

/**
 * The secret-scalar arithmetic of prove on secp256k1, in fixed width: integers as little-endian
 * 32-bit limbs in {@code int[]}, arithmetic in {@code long}s. Constant time: loops have fixed
 * bounds, carries are shifts, choices are masks; nothing branches on, or indexes memory by, a
 * scalar. It replaces BigInteger (whose timing follows the values) for the GLV split and recoding
 * of x and k ({@link #combDigits}) and for s = k + c*x mod n ({@link #mulAddModN}).
 */
final class Secp256k1Scalar {
  /** The group order n. */
  static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  /** lambda, with lambda*(x, y) = (beta*x, y): the GLV endomorphism's eigenvalue. */
  static final BigInteger LAMBDA =
      new BigInteger("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", 16);

  // The GLV lattice of secp256k1 (the basis Bouncy Castle's CustomNamedCurves uses; checked in
  // the tests): (A1, -B1) and (A2, B2) are short vectors with a + b*lambda = 0 (mod n), and
  // A1*B2 + A2*B1 = n.
  static final BigInteger A1 = new BigInteger("3086d221a7d46bcde86c90e49284eb15", 16);
  static final BigInteger B1 = new BigInteger("e4437ed6010e88286f547fa90abfe4c3", 16);
  static final BigInteger A2 = new BigInteger("114ca50f7a8e2f3f657c1108d9d44cfd8", 16);
  static final BigInteger B2 = A1;
  /** Babai rounding without division: G1 = round(2^272 B2 / n), G2 = round(2^272 B1 / n). */
  static final BigInteger G1 = new BigInteger("3086d221a7d46bcde86c90e49284eb153dab", 16);
  static final BigInteger G2 = new BigInteger("e4437ed6010e88286f547fa90abfe4c42212", 16);

  /** Comb digits are 130-bit strings: e = r + 2^129 for a GLV half |r| &lt; 2^128 (margin 2x). */
  static final int COMB_BITS = 130;
  /** Limbs of a comb digit string, and of the GLV arithmetic (mod 2^160). */
  static final int DIGIT_LIMBS = 5;

  private static final long M32 = 0xFFFFFFFFL;
  private static final int[] N_LIMBS = limbs(N, 8);
  /** 2^256 - n (129 bits), so 2^256 = NC (mod n). */
  private static final int[] NC = limbs(BigInteger.ONE.shiftLeft(256).subtract(N), 5);
  private static final int[] ONE_PLUS_LAMBDA = limbs(LAMBDA.add(BigInteger.ONE).mod(N), 8);
  private static final int[] A1_LIMBS = limbs(A1, 5);
  private static final int[] B1_LIMBS = limbs(B1, 5);
  private static final int[] A2_LIMBS = limbs(A2, 5);
  private static final int[] B2_LIMBS = limbs(B2, 5);
  private static final int[] G1_LIMBS = limbs(G1, 5);
  private static final int[] G2_LIMBS = limbs(G2, 5);

  private Secp256k1Scalar() {}

  /** Constants as limbs (public values). */
  static int[] limbs(BigInteger v, int count) {
    int[] r = new int[count];
    for (int i = 0; i < count; i++) {
      r[i] = v.shiftRight(32 * i).intValue();
    }
    return r;
  }

  /**
   * A scalar in [0, n) as 8 limbs. Goes through {@code BigIntegers.asUnsignedByteArray}: the one
   * BigInteger step left, because {@code VrfSecretKey} and BC's RFC 6979 calculator hold x and k
   * as BigInteger.
   */
  static int[] fromBigInteger(BigInteger v) {
    return fromBytes(BigIntegers.asUnsignedByteArray(32, v), 0);
  }

  /** A 32-byte big-endian value as 8 limbs. */
  static int[] fromBytes(byte[] b, int off) {
    int[] r = new int[8];
    for (int i = 0; i < 8; i++) {
      r[i] = Pack.bigEndianToInt(b, off + 28 - 4 * i);
    }
    return r;
  }

  /** 8 limbs as 32 big-endian bytes. */
  static void toBytes(int[] a, byte[] out, int off) {
    for (int i = 0; i < 8; i++) {
      Pack.intToBigEndian(a[i], out, off + 28 - 4 * i);
    }
  }

  /** The value of some limbs, for tests. */
  static BigInteger toBigInteger(int[] a) {
    BigInteger v = BigInteger.ZERO;
    for (int i = a.length - 1; i >= 0; i--) {
      v = v.shiftLeft(32).or(BigInteger.valueOf(a[i] & M32));
    }
    return v;
  }

  /**
   * The comb digits of q in [0, n): e1 and e2 in [0, 2^130) (5 limbs each) such that
   * (2 e1 - (2^130 - 1)) + (2 e2 - (2^130 - 1)) lambda = q (mod n).
   *
   * <p>Why: the signed comb multiplies by sum (2 e_i - 1) 2^i = 2e - (2^130 - 1) for ANY 130-bit e,
   * so no digit string needs to be made odd (no parity-dependent fix-up). With e_i = r_i + 2^129
   * the left side is 2 (r1 + r2 lambda) + 1 + lambda, so (r1, r2) is the GLV split of
   * v = (q - 1 - lambda) / 2 mod n: (v, 0) minus a lattice vector c1 (A1, -B1) + c2 (A2, B2) with
   * c_i the rounded coordinates of (v, 0) in that basis (off by at most 1/2 + 2^-17, the error of
   * G1 and G2), which leaves |r1| &lt;= (1/2 + 2^-17)(A1 + A2) &lt; 2^127.4 and
   * |r2| &lt;= (1/2 + 2^-17)(B1 + B2) &lt; 2^127.2.
   */
  static void combDigits(int[] q, int[] e1, int[] e2) {
    int[] v = new int[8];
    subModN(q, ONE_PLUS_LAMBDA, v);
    halfModN(v);
    // c1 = round(v G1 / 2^272), c2 = round(v G2 / 2^272): below 2^128 + 1.
    int[] c1 = roundedShift272(v, G1_LIMBS);
    int[] c2 = roundedShift272(v, G2_LIMBS);
    // r1 = v - c1 A1 - c2 A2 and r2 = c1 B1 - c2 B2 are integers below 2^128 in absolute value,
    // so computing them modulo 2^160 (two's complement in 5 limbs) is exact.
    int[] t = new int[DIGIT_LIMBS];
    System.arraycopy(v, 0, e1, 0, DIGIT_LIMBS);
    mulLow(c1, A1_LIMBS, t);
    subLow(e1, t);
    mulLow(c2, A2_LIMBS, t);
    subLow(e1, t);
    mulLow(c1, B1_LIMBS, e2);
    mulLow(c2, B2_LIMBS, t);
    subLow(e2, t);
    addOffset(e1);
    addOffset(e2);
  }

  /** z = x - y mod n, for x, y in [0, n). */
  static void subModN(int[] x, int[] y, int[] z) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M32) - (y[i] & M32);
      z[i] = (int) c;
      c >>= 32;
    }
    // c is -1 when the subtraction borrowed: add n back, by mask.
    long mask = c & M32;
    long d = 0;
    for (int i = 0; i < 8; i++) {
      d += (z[i] & M32) + (N_LIMBS[i] & mask);
      z[i] = (int) d;
      d >>>= 32;
    }
  }

  /** x = x / 2 mod n, for x in [0, n): adds n when x is odd (by mask), then shifts right. */
  static void halfModN(int[] x) {
    long mask = -(long) (x[0] & 1) & M32;
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += (x[i] & M32) + (N_LIMBS[i] & mask);
      x[i] = (int) c;
      c >>>= 32;
    }
    for (int i = 0; i < 7; i++) {
      x[i] = (x[i] >>> 1) | (x[i + 1] << 31);
    }
    x[7] = (x[7] >>> 1) | ((int) c << 31);
  }

  /** round(v g / 2^272) for 256-bit v and 160-bit g, as 5 limbs. */
  private static int[] roundedShift272(int[] v, int[] g) {
    long[] prod = new long[13];
    for (int i = 0; i < 8; i++) {
      long c = 0;
      long vi = v[i] & M32;
      for (int j = 0; j < 5; j++) {
        c += vi * (g[j] & M32) + prod[i + j];
        prod[i + j] = c & M32;
        c >>>= 32;
      }
      prod[i + 5] = c;
    }
    // Bit 272 is bit 16 of limb 8; bit 271, the rounding bit, is bit 15 of limb 8.
    int[] r = new int[5];
    long c = (prod[8] >>> 15) & 1;
    for (int i = 0; i < 5; i++) {
      long next = 9 + i < 13 ? prod[9 + i] : 0;
      c += ((prod[8 + i] >>> 16) | (next << 16)) & M32;
      r[i] = (int) c;
      c >>>= 32;
    }
    return r;
  }

  /** z = x y mod 2^160 (5 limbs). */
  private static void mulLow(int[] x, int[] y, int[] z) {
    long[] acc = new long[5];
    for (int i = 0; i < 5; i++) {
      long c = 0;
      long xi = x[i] & M32;
      for (int j = 0; i + j < 5; j++) {
        c += xi * (y[j] & M32) + acc[i + j];
        acc[i + j] = c & M32;
        c >>>= 32;
      }
    }
    for (int i = 0; i < 5; i++) {
      z[i] = (int) acc[i];
    }
  }

  /** x = x - y mod 2^160. */
  private static void subLow(int[] x, int[] y) {
    long c = 0;
    for (int i = 0; i < 5; i++) {
      c += (x[i] & M32) - (y[i] & M32);
      x[i] = (int) c;
      c >>= 32;
    }
  }

  /** x = x + 2^129 mod 2^160. */
  private static void addOffset(int[] x) {
    long c = 0;
    for (int i = 0; i < 5; i++) {
      c += (x[i] & M32) + (i == 4 ? 2L : 0);
      x[i] = (int) c;
      c >>>= 32;
    }
  }

  /**
   * s = k + c x mod n as 32 big-endian bytes, for k, x in [0, n) (8 limbs) and c below 2^128
   * (4 limbs, the challenge).
   */
  static byte[] mulAddModN(int[] c, int[] x, int[] k) {
    // t = c x: 12 limbs.
    long[] t = new long[12];
    for (int i = 0; i < 4; i++) {
      long carry = 0;
      long ci = c[i] & M32;
      for (int j = 0; j < 8; j++) {
        carry += ci * (x[j] & M32) + t[i + j];
        t[i + j] = carry & M32;
        carry >>>= 32;
      }
      t[i + 8] = carry;
    }
    // 2^256 = NC (mod n): 384 bits fold to below 2^258, then to below 2^256 + 2^131.
    long[] r = fold(fold(t, 4), 1);
    // + k: below 2^257 + 2^131 < 3n, so two conditional subtractions of n reduce it.
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      carry += r[i] + (k[i] & M32);
      r[i] = carry & M32;
      carry >>>= 32;
    }
    r[8] += carry;
    subtractNIfAtLeast(r);
    subtractNIfAtLeast(r);
    int[] s = new int[8];
    for (int i = 0; i < 8; i++) {
      s[i] = (int) r[i];
    }
    byte[] out = new byte[32];
    toBytes(s, out, 0);
    return out;
  }

  /** (t mod 2^256) + (t >>> 256) NC in 10 limbs, where t >>> 256 has hiLimbs limbs. */
  private static long[] fold(long[] t, int hiLimbs) {
    long[] r = new long[10];
    System.arraycopy(t, 0, r, 0, 8);
    for (int i = 0; i < hiLimbs; i++) {
      long carry = 0;
      long hi = t[8 + i];
      for (int j = 0; j < 5; j++) {
        carry += hi * (NC[j] & M32) + r[i + j];
        r[i + j] = carry & M32;
        carry >>>= 32;
      }
      for (int j = i + 5; j < 10; j++) {
        carry += r[j];
        r[j] = carry & M32;
        carry >>>= 32;
      }
    }
    return r;
  }

  /** r = r - n when r &gt;= n (r in limbs 0..8), by mask. */
  private static void subtractNIfAtLeast(long[] r) {
    long[] d = new long[9];
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c += r[i] - (N_LIMBS[i] & M32);
      d[i] = c & M32;
      c >>= 32;
    }
    c += r[8];
    d[8] = c;
    // c < 0: r was below n, keep it.
    long keep = c >> 63;
    for (int i = 0; i < 9; i++) {
      r[i] = (r[i] & keep) | (d[i] & ~keep);
    }
  }
}
