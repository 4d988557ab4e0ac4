package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.custom.sec.SecP256K1Field;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.util.Pack;

/**
 * Arithmetic in the field of secp256k1, p = 2^256 - 2^32 - 977, for the secret-scalar products
 * of prove. Constant time: straight-line code over {@code long}s (multiply, add, shift, mask),
 * no branch and no memory access that depends on a value, no allocation.
 *
 * <p>Why not Bouncy Castle's {@code SecP256K1Field}: with its 8 x 32-bit limbs a multiplication is
 * 64 partial products plus a reduction, and every {@code ECFieldElement} operation allocates; prove
 * spends most of its time there. Here an element is five 52-bit limbs in a {@code long[5]}
 * (value = sum of {@code a[i] * 2^(52 i)}), the layout of libsecp256k1's {@code field_5x52}: a
 * multiplication is 15 (Karatsuba) and a squaring 15 64 x 64-bit products
 * ({@link Math#multiplyHigh}, an intrinsic on x86-64 and AArch64), and additions need no carries.
 *
 * <p>Magnitude (as in libsecp256k1): an element has magnitude m when limbs 0..3 are at most
 * 2m(2^52 - 1) and limb 4 at most 2m(2^48 - 1). {@link #mul}, {@link #sqr} and
 * {@link #normalizeWeak} return magnitude 1; {@link #add} adds magnitudes; {@link #negate} of
 * magnitude m returns m + 1; {@link #mulInt} by k multiplies it by k; {@link #half} returns m/2 + 1.
 * {@link #mul} and {@link #sqr} accept inputs up to magnitude 8 (limbs below 2^56): each column
 * of partial products then stays below 2^63. Values are not unique (v and v + p may both occur)
 * until {@link #normalize}.
 */
final class Secp256k1Field {
  static final BigInteger P = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE.shiftLeft(32))
      .subtract(BigInteger.valueOf(977));

  private static final long M52 = 0xFFFFFFFFFFFFFL;
  private static final long M48 = 0xFFFFFFFFFFFFL;
  /** 2^256 mod p. */
  private static final long R256 = 0x1000003D1L;
  /** 2^260 mod p: the weight of limb 5 of a product. */
  private static final long R260 = 0x1000003D10L;
  /** p's limbs (limbs 1..3 are all ones). */
  private static final long P0 = 0xFFFFEFFFFFC2FL;
  private static final long P4 = 0x0FFFFFFFFFFFFL;
  /**
   * 64p as limbs (64 times p's limbs: about 2^58, and 2^54 for limb 4), added in reduce to make
   * the signed columns of mul nonnegative (they are above -2^53.1).
   */
  private static final long BIAS0 = 64 * P0;
  private static final long BIAS1 = 64 * M52;
  private static final long BIAS4 = 64 * P4;

  private Secp256k1Field() {}

  static long[] create() {
    return new long[5];
  }

  static long[] copy(long[] a) {
    return a.clone();
  }

  static void set(long[] r, long[] a) {
    System.arraycopy(a, 0, r, 0, 5);
  }

  /** r = a * b (inputs of magnitude &lt;= 8, output magnitude 1). r may be a or b. */
  static void mul(long[] r, long[] a, long[] b) {
    // Karatsuba on the limb pairs: 15 products instead of 25 (the integer multiplier, not the
    // adder, is the bottleneck here: about 9% faster on x86-64). Column k collects the low 52 bits
    // of the terms of weight 2^(52k) and the rest of those of weight 2^(52(k-1)). The S terms make
    // a column's sum signed but it stays within (-2^53.1, 2^62.4) at magnitude 8: a pair's part
    // in column k is in (-2^52, 2^53) and its part in column k+1, floor of a nonnegative sum
    // minus that, is at least -1. Long arithmetic wraps, so only the final sums need to fit.
    long a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    long b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
    long p, h, da, db;
    // D_i = a_i b_i, split into its low 52 bits and the rest.
    p = a0 * b0; h = Math.multiplyHigh(a0, b0);
    long dl0 = p & M52, dh0 = (h << 12) | (p >>> 52);
    p = a1 * b1; h = Math.multiplyHigh(a1, b1);
    long dl1 = p & M52, dh1 = (h << 12) | (p >>> 52);
    p = a2 * b2; h = Math.multiplyHigh(a2, b2);
    long dl2 = p & M52, dh2 = (h << 12) | (p >>> 52);
    p = a3 * b3; h = Math.multiplyHigh(a3, b3);
    long dl3 = p & M52, dh3 = (h << 12) | (p >>> 52);
    p = a4 * b4; h = Math.multiplyHigh(a4, b4);
    long dl4 = p & M52, dh4 = (h << 12) | (p >>> 52);
    // S_ij = (a_i - a_j)(b_i - b_j), signed: its rest is floor(S_ij / 2^52).
    da = a0 - a1; db = b0 - b1; p = da * db; h = Math.multiplyHigh(da, db);
    long sl01 = p & M52, sh01 = (h << 12) | (p >>> 52);
    da = a0 - a2; db = b0 - b2; p = da * db; h = Math.multiplyHigh(da, db);
    long sl02 = p & M52, sh02 = (h << 12) | (p >>> 52);
    da = a0 - a3; db = b0 - b3; p = da * db; h = Math.multiplyHigh(da, db);
    long sl03 = p & M52, sh03 = (h << 12) | (p >>> 52);
    da = a0 - a4; db = b0 - b4; p = da * db; h = Math.multiplyHigh(da, db);
    long sl04 = p & M52, sh04 = (h << 12) | (p >>> 52);
    da = a1 - a2; db = b1 - b2; p = da * db; h = Math.multiplyHigh(da, db);
    long sl12 = p & M52, sh12 = (h << 12) | (p >>> 52);
    da = a1 - a3; db = b1 - b3; p = da * db; h = Math.multiplyHigh(da, db);
    long sl13 = p & M52, sh13 = (h << 12) | (p >>> 52);
    da = a1 - a4; db = b1 - b4; p = da * db; h = Math.multiplyHigh(da, db);
    long sl14 = p & M52, sh14 = (h << 12) | (p >>> 52);
    da = a2 - a3; db = b2 - b3; p = da * db; h = Math.multiplyHigh(da, db);
    long sl23 = p & M52, sh23 = (h << 12) | (p >>> 52);
    da = a2 - a4; db = b2 - b4; p = da * db; h = Math.multiplyHigh(da, db);
    long sl24 = p & M52, sh24 = (h << 12) | (p >>> 52);
    da = a3 - a4; db = b3 - b4; p = da * db; h = Math.multiplyHigh(da, db);
    long sl34 = p & M52, sh34 = (h << 12) | (p >>> 52);
    // a_i b_j + a_j b_i = D_i + D_j - S_ij.
    long c0 = dl0;
    long c1 = dl0 + dl1 - sl01 + dh0;
    long c2 = dl1 + dl0 + dl2 - sl02 + dh0 + dh1 - sh01;
    long c3 = dl0 + dl3 - sl03 + dl1 + dl2 - sl12 + dh1 + dh0 + dh2 - sh02;
    long c4 = dl2 + dl0 + dl4 - sl04 + dl1 + dl3 - sl13 + dh0 + dh3 - sh03 + dh1 + dh2 - sh12;
    long c5 = dl1 + dl4 - sl14 + dl2 + dl3 - sl23 + dh2 + dh0 + dh4 - sh04 + dh1 + dh3 - sh13;
    long c6 = dl3 + dl2 + dl4 - sl24 + dh1 + dh4 - sh14 + dh2 + dh3 - sh23;
    long c7 = dl3 + dl4 - sl34 + dh3 + dh2 + dh4 - sh24;
    long c8 = dl4 + dh3 + dh4 - sh34;
    long c9 = dh4;
    reduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
  }

  /** r = a^2 (input magnitude &lt;= 8, output magnitude 1). r may be a. */
  static void sqr(long[] r, long[] a) {
    // As mul, with each cross product computed once against a doubled limb (15 products).
    long p, h, lo, sh, hh, prevHi = 0, x, y;
    x = a[0]; p = x * x; h = Math.multiplyHigh(x, x);
    lo = p & M52; sh = p >>> 52; hh = h;
    long c0 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[0] << 1; y = a[1]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    long c1 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[0] << 1; y = a[2]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    x = a[1]; p = x * x; h = Math.multiplyHigh(x, x);
    lo += p & M52; sh += p >>> 52; hh += h;
    long c2 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[0] << 1; y = a[3]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    x = a[1] << 1; y = a[2]; p = x * y; h = Math.multiplyHigh(x, y);
    lo += p & M52; sh += p >>> 52; hh += h;
    long c3 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[0] << 1; y = a[4]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    x = a[1] << 1; y = a[3]; p = x * y; h = Math.multiplyHigh(x, y);
    lo += p & M52; sh += p >>> 52; hh += h;
    x = a[2]; p = x * x; h = Math.multiplyHigh(x, x);
    lo += p & M52; sh += p >>> 52; hh += h;
    long c4 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[1] << 1; y = a[4]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    x = a[2] << 1; y = a[3]; p = x * y; h = Math.multiplyHigh(x, y);
    lo += p & M52; sh += p >>> 52; hh += h;
    long c5 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[2] << 1; y = a[4]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    x = a[3]; p = x * x; h = Math.multiplyHigh(x, x);
    lo += p & M52; sh += p >>> 52; hh += h;
    long c6 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[3] << 1; y = a[4]; p = x * y; h = Math.multiplyHigh(x, y);
    lo = p & M52; sh = p >>> 52; hh = h;
    long c7 = lo + prevHi; prevHi = sh + (hh << 12);
    x = a[4]; p = x * x; h = Math.multiplyHigh(x, x);
    lo = p & M52; sh = p >>> 52; hh = h;
    long c8 = lo + prevHi; prevHi = sh + (hh << 12);
    long c9 = prevHi;
    reduce(r, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
  }

  /**
   * Reduces sum of c_k 2^(52k), k = 0..9, to magnitude 1, for columns in (-2^53.1, 2^62.4) and
   * 0 &lt;= c9 &lt; 2^52 (the worst cases of mul and sqr at input magnitude 8).
   */
  private static void reduce(long[] r, long c0, long c1, long c2, long c3, long c4,
      long c5, long c6, long c7, long c8, long c9) {
    long p, h;
    // Limb k >= 5 weighs 2^(52(k-5)) * 2^260 = 2^(52(k-5)) * R260 (mod p): c_k * R260 (below
    // 2^100 in absolute value) adds its low 52 bits at limb k-5 and the rest, floor(c_k R260 /
    // 2^52) (signed), at limb k-4. The folds are independent except limb 9's, whose rest lands on
    // limb 5, so it goes first.
    p = c9 * R260; h = Math.multiplyHigh(c9, R260);
    c4 += p & M52; c5 += (h << 12) | (p >>> 52);
    p = c8 * R260; h = Math.multiplyHigh(c8, R260);
    c3 += p & M52; c4 += (h << 12) | (p >>> 52);
    p = c7 * R260; h = Math.multiplyHigh(c7, R260);
    c2 += p & M52; c3 += (h << 12) | (p >>> 52);
    p = c6 * R260; h = Math.multiplyHigh(c6, R260);
    c1 += p & M52; c2 += (h << 12) | (p >>> 52);
    p = c5 * R260; h = Math.multiplyHigh(c5, R260);
    c0 += p & M52; c1 += (h << 12) | (p >>> 52);
    // + 64p, more than any negative column in every limb, so every limb is nonnegative.
    c0 += BIAS0;
    c1 += BIAS1;
    c2 += BIAS1;
    c3 += BIAS1;
    c4 += BIAS4;
    // One carry pass, all limbs at once (no carry chain): limbs end below 2^52 + 2^48 (limb 4
    // below 2^48 + 2^11), which is magnitude 1. What passes 2^256 folds back as * (2^32 + 977).
    long k0 = c0 >>> 52;
    long k1 = c1 >>> 52;
    long k2 = c2 >>> 52;
    long k3 = c3 >>> 52;
    long k4 = c4 >>> 48;
    r[0] = (c0 & M52) + k4 * R256;
    r[1] = (c1 & M52) + k0;
    r[2] = (c2 & M52) + k1;
    r[3] = (c3 & M52) + k2;
    r[4] = (c4 & M48) + k3;
  }

  /** r += a (magnitudes add). */
  static void add(long[] r, long[] a) {
    r[0] += a[0];
    r[1] += a[1];
    r[2] += a[2];
    r[3] += a[3];
    r[4] += a[4];
  }

  /** r = a + b (magnitudes add). r may be a or b. */
  static void sum(long[] r, long[] a, long[] b) {
    r[0] = a[0] + b[0];
    r[1] = a[1] + b[1];
    r[2] = a[2] + b[2];
    r[3] = a[3] + b[3];
    r[4] = a[4] + b[4];
  }

  /** r = k a + b for a small k (magnitude k m_a + m_b). r may be a or b. */
  static void scaledSum(long[] r, long[] a, int k, long[] b) {
    r[0] = a[0] * k + b[0];
    r[1] = a[1] * k + b[1];
    r[2] = a[2] * k + b[2];
    r[3] = a[3] * k + b[3];
    r[4] = a[4] * k + b[4];
  }

  /** r *= k for a small k (magnitude times k). */
  static void mulInt(long[] r, int k) {
    r[0] *= k;
    r[1] *= k;
    r[2] *= k;
    r[3] *= k;
    r[4] *= k;
  }

  /** r = -a, where m &gt;= the magnitude of a (output magnitude m + 1). */
  static void negate(long[] r, long[] a, int m) {
    long f = 2L * (m + 1);
    r[0] = P0 * f - a[0];
    r[1] = M52 * f - a[1];
    r[2] = M52 * f - a[2];
    r[3] = M52 * f - a[3];
    r[4] = P4 * f - a[4];
  }

  /** r = r / 2 mod p (magnitude m to m/2 + 1): adds p when odd, without a branch. */
  static void half(long[] r) {
    long t0 = r[0], t1 = r[1], t2 = r[2], t3 = r[3], t4 = r[4];
    long mask = -(t0 & 1) >>> 12;
    t0 += P0 & mask;
    t1 += mask;
    t2 += mask;
    t3 += mask;
    t4 += mask >>> 4;
    r[0] = (t0 >>> 1) + ((t1 & 1) << 51);
    r[1] = (t1 >>> 1) + ((t2 & 1) << 51);
    r[2] = (t2 >>> 1) + ((t3 & 1) << 51);
    r[3] = (t3 >>> 1) + ((t4 & 1) << 51);
    r[4] = t4 >>> 1;
  }

  /** Magnitude 1, value not necessarily below p. */
  static void normalizeWeak(long[] r) {
    long t0 = r[0], t1 = r[1], t2 = r[2], t3 = r[3], t4 = r[4];
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * R256;
    t1 += t0 >>> 52; t0 &= M52;
    t2 += t1 >>> 52; t1 &= M52;
    t3 += t2 >>> 52; t2 &= M52;
    t4 += t3 >>> 52; t3 &= M52;
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
    r[4] = t4;
  }

  /** The unique representative in [0, p): limbs below 2^52 (limb 4 below 2^48). */
  static void normalize(long[] r) {
    long t0 = r[0], t1 = r[1], t2 = r[2], t3 = r[3], t4 = r[4];
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * R256;
    t1 += t0 >>> 52; t0 &= M52;
    t2 += t1 >>> 52; t1 &= M52;
    long m = t1;
    t3 += t2 >>> 52; t2 &= M52;
    m &= t2;
    t4 += t3 >>> 52; t3 &= M52;
    m &= t3;
    // One more subtraction of p is needed iff the value is still >= p: always apply x * p.
    x = (t4 >>> 48) | (isEqual(t4, M48) & isEqual(m, M52) & isAtLeast(t0, P0));
    t0 += x * R256;
    t1 += t0 >>> 52; t0 &= M52;
    t2 += t1 >>> 52; t1 &= M52;
    t3 += t2 >>> 52; t2 &= M52;
    t4 += t3 >>> 52; t3 &= M52;
    t4 &= M48;
    r[0] = t0;
    r[1] = t1;
    r[2] = t2;
    r[3] = t3;
    r[4] = t4;
  }

  /** 1 if a is 0 mod p, else 0, in constant time (a of magnitude &lt;= 8). */
  static int normalizesToZero(long[] a) {
    long t0 = a[0], t1 = a[1], t2 = a[2], t3 = a[3], t4 = a[4];
    long x = t4 >>> 48;
    t4 &= M48;
    t0 += x * R256;
    // z0 tracks a raw value of 0, z1 a raw value of p.
    t1 += t0 >>> 52; t0 &= M52;
    long z0 = t0;
    long z1 = t0 ^ 0x1000003D0L;
    t2 += t1 >>> 52; t1 &= M52;
    z0 |= t1;
    z1 &= t1;
    t3 += t2 >>> 52; t2 &= M52;
    z0 |= t2;
    z1 &= t2;
    t4 += t3 >>> 52; t3 &= M52;
    z0 |= t3;
    z1 &= t3;
    z0 |= t4;
    z1 &= t4 ^ 0xF000000000000L;
    return (int) (isZero(z0) | isEqual(z1, M52));
  }

  /** r = flag == 1 ? a : r, for flag in {0, 1}, without a branch. */
  static void cmov(long[] r, long[] a, int flag) {
    long mask = -(long) flag;
    r[0] ^= (r[0] ^ a[0]) & mask;
    r[1] ^= (r[1] ^ a[1]) & mask;
    r[2] ^= (r[2] ^ a[2]) & mask;
    r[3] ^= (r[3] ^ a[3]) & mask;
    r[4] ^= (r[4] ^ a[4]) & mask;
  }

  /** 1 if x == 0 else 0, for 0 &lt;= x &lt; 2^63. */
  static long isZero(long x) {
    return (x - 1) >>> 63;
  }

  /** 1 if x == y else 0, for x, y in [0, 2^63). */
  static long isEqual(long x, long y) {
    return isZero(x ^ y);
  }

  /** 1 if x &gt;= y else 0, for x, y in [0, 2^63). */
  static long isAtLeast(long x, long y) {
    return ((x - y) >>> 63) ^ 1;
  }

  /**
   * r = 1/a for a != 0 mod p (any magnitude up to 8), by Bouncy Castle's constant-time inversion
   * ({@code SecP256K1Field.inv}, safegcd; about three times faster here than a^(p-2) with this
   * class's multiplications). The conversions are shifts and masks.
   *
   * @throws ArithmeticException if a = 0 mod p (a programming error: callers invert Z of finite
   *     points)
   */
  static void invert(long[] r, long[] a) {
    long[] t = copy(a);
    normalize(t);
    byte[] b = new byte[32];
    toBytes(t, b, 0);
    int[] x = new int[8];
    for (int i = 0; i < 8; i++) {
      x[i] = Pack.bigEndianToInt(b, 28 - 4 * i);
    }
    int[] z = new int[8];
    SecP256K1Field.inv(x, z);
    for (int i = 0; i < 8; i++) {
      Pack.intToBigEndian(z[i], b, 28 - 4 * i);
    }
    fromBytes(r, b, 0);
  }

  /**
   * r = a^((p+1)/4) (any magnitude up to 8), a square root of a when a is a square; returns
   * whether r^2 = a, i.e. whether a is a square. A fixed chain of 253 squarings and 13
   * multiplications (libsecp256k1's), about twice as fast as Bouncy Castle's
   * {@code SecP256K1FieldElement.sqrt}.
   */
  static boolean sqrt(long[] r, long[] a) {
    // (p+1)/4 in binary: 223 ones, a zero, 22 ones, 4 zeros, 2 ones, 2 zeros.
    long[] x2 = create();
    sqr(x2, a);
    mul(x2, x2, a);                  // a^(2^2 - 1)
    long[] x3 = create();
    sqr(x3, x2);
    mul(x3, x3, a);                  // a^(2^3 - 1)
    long[] t = copy(x3);
    sqrN(t, 3);
    mul(t, t, x3);                   // 2^6 - 1
    sqrN(t, 3);
    mul(t, t, x3);                   // 2^9 - 1
    sqrN(t, 2);
    mul(t, t, x2);                   // 2^11 - 1
    long[] x11 = copy(t);
    sqrN(t, 11);
    mul(t, t, x11);                  // 2^22 - 1
    long[] x22 = copy(t);
    sqrN(t, 22);
    mul(t, t, x22);                  // 2^44 - 1
    long[] x44 = copy(t);
    sqrN(t, 44);
    mul(t, t, x44);                  // 2^88 - 1
    long[] x88 = copy(t);
    sqrN(t, 88);
    mul(t, t, x88);                  // 2^176 - 1
    sqrN(t, 44);
    mul(t, t, x44);                  // 2^220 - 1
    sqrN(t, 3);
    mul(t, t, x3);                   // 2^223 - 1
    sqrN(t, 23);
    mul(t, t, x22);
    sqrN(t, 6);
    mul(t, t, x2);
    sqrN(t, 2);
    set(r, t);
    // r^2 - a = 0?
    long[] check = create();
    sqr(check, r);
    long[] minusA = copy(a);
    normalizeWeak(minusA);
    negate(minusA, minusA, 1);
    add(check, minusA);
    return normalizesToZero(check) == 1;
  }

  private static void sqrN(long[] r, int n) {
    for (int i = 0; i < n; i++) {
      sqr(r, r);
    }
  }

  // ------------------------------------------------------------------ conversions (public data)

  /** Reads a 32-byte big-endian value (the caller makes sure it is below p). */
  static void fromBytes(long[] r, byte[] b, int off) {
    long w3 = word(b, off);
    long w2 = word(b, off + 8);
    long w1 = word(b, off + 16);
    long w0 = word(b, off + 24);
    r[0] = w0 & M52;
    r[1] = ((w0 >>> 52) | (w1 << 12)) & M52;
    r[2] = ((w1 >>> 40) | (w2 << 24)) & M52;
    r[3] = ((w2 >>> 28) | (w3 << 36)) & M52;
    r[4] = w3 >>> 16;
  }

  /** Writes a normalized element as 32 big-endian bytes. */
  static void toBytes(long[] a, byte[] out, int off) {
    long w0 = a[0] | (a[1] << 52);
    long w1 = (a[1] >>> 12) | (a[2] << 40);
    long w2 = (a[2] >>> 24) | (a[3] << 28);
    long w3 = (a[3] >>> 36) | (a[4] << 16);
    putWord(w3, out, off);
    putWord(w2, out, off + 8);
    putWord(w1, out, off + 16);
    putWord(w0, out, off + 24);
  }

  /** A value in [0, p) (public data: BigInteger's timing depends on the value). */
  static long[] fromBigInteger(BigInteger v) {
    long[] r = create();
    fromBytes(r, BigIntegers.asUnsignedByteArray(32, v), 0);
    return r;
  }

  /** The value of a (any magnitude), reduced mod p. */
  static BigInteger toBigInteger(long[] a) {
    long[] t = copy(a);
    normalize(t);
    byte[] b = new byte[32];
    toBytes(t, b, 0);
    return new BigInteger(1, b);
  }

  private static long word(byte[] b, int off) {
    long w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | (b[off + i] & 0xFF);
    }
    return w;
  }

  private static void putWord(long w, byte[] out, int off) {
    for (int i = 7; i >= 0; i--) {
      out[off + i] = (byte) w;
      w >>>= 8;
    }
  }
}
