package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The secret arithmetic of prove on secp256k1 (x*H, k*H and s), on this package's own field
 * arithmetic ({@link Secp256k1Field}, {@link Secp256k1Point}, {@link Secp256k1Scalar}) rather than
 * Bouncy Castle's {@code ECPoint}, whose allocation per operation, 8 x 32-bit multiplication and
 * 8M + 3S mixed addition made these two products cost 1.5 ECDSA verifications.
 *
 * <p>Method: a regular signed comb over the GLV split. Each scalar q becomes two 130-bit digit
 * strings, e1 for base H and e2 for base phi(H) = lambda*H ({@link Secp256k1Scalar#combDigits}).
 * The comb has 5 teeth 26 bits apart: column c reads bit 26t + c of e for t = 0..4 and adds the
 * entry sum_t (2 bit_t - 1) 2^(26t) P, so every column of every scalar costs the same (one
 * doubling, two additions) whatever the bits. The table (16 points with a top tooth of +1; the
 * other 16 are their negations) depends only on H, which is public, and serves both scalars: x*H
 * and k*H share its 104 doublings and each adds 25 of its own. Sharing the doubling chain of the
 * products themselves, as one pass, is impossible: one chain accumulates one sum, and prove needs
 * x*H and k*H apart.
 *
 * <p>Constant time (what this class controls): the digit strings come from fixed-width
 * arithmetic; comb columns are read at public bit positions; every lookup reads all 16 entries and
 * selects and negates by mask; additions use the unified formula ({@link Secp256k1Point#addAffine}),
 * correct in every case without a branch; results are normalized with Bouncy Castle's
 * constant-time inversion. The table is built from public data only and may branch.
 */
final class Secp256k1SecretMultiplier implements SecretArithmetic {
  static final int TEETH = 5;
  static final int SPACING = Secp256k1Scalar.COMB_BITS / TEETH;
  private static final int ENTRIES = 1 << (TEETH - 1);
  /** Each table entry is x (5 limbs) then y (5 limbs), normalized. */
  private static final int STRIDE = 10;

  /** beta, the cube root of unity with phi(x, y) = (beta x, y) = lambda (x, y). */
  static final BigInteger BETA =
      new BigInteger("7ae96a2b657c07106e64479eac3434e99cf0497512f58995c1396c28719501ee", 16);
  private static final long[] BETA_LIMBS = Secp256k1Field.fromBigInteger(BETA);

  private final ECCurve curve;

  Secp256k1SecretMultiplier(ECCurve curve) {
    this.curve = curve;
  }

  /** The comb tables of one base point: entries for P and for phi(P). */
  record Table(long[] base, long[] phi) {}

  @Override
  public ECPoint[] multiply(ECPoint base, BigInteger... scalars) {
    Table table = table(base);
    Secp256k1Point.Scratch scratch = new Secp256k1Point.Scratch();
    Secp256k1Point[] products = new Secp256k1Point[scalars.length];
    for (int i = 0; i < scalars.length; i++) {
      products[i] = new Secp256k1Point();
      multiply(table, Secp256k1Scalar.fromBigInteger(scalars[i]), products[i], scratch);
    }
    long[] affine = new long[scalars.length * STRIDE];
    normalizeAll(products, affine);
    ECPoint[] out = new ECPoint[scalars.length];
    long[] x = new long[5];
    long[] y = new long[5];
    for (int i = 0; i < out.length; i++) {
      System.arraycopy(affine, i * STRIDE, x, 0, 5);
      System.arraycopy(affine, i * STRIDE + 5, y, 0, 5);
      out[i] = curve.createPoint(Secp256k1Field.toBigInteger(x), Secp256k1Field.toBigInteger(y));
    }
    return out;
  }

  @Override
  public byte[][] proofPoints(ECPoint h, BigInteger x, BigInteger k, ECPoint kTimesB) {
    Table table = table(h);
    Secp256k1Point.Scratch scratch = new Secp256k1Point.Scratch();
    Secp256k1Point gamma = new Secp256k1Point();
    Secp256k1Point v = new Secp256k1Point();
    multiply(table, Secp256k1Scalar.fromBigInteger(x), gamma, scratch);
    multiply(table, Secp256k1Scalar.fromBigInteger(k), v, scratch);
    long[] affine = new long[2 * STRIDE];
    normalizeAll(new Secp256k1Point[] {gamma, v}, affine);
    // U = k*B is normalized by Bouncy Castle (its own constant-time inversion).
    return new byte[][] {compressed(affine, 0), kTimesB.getEncoded(true), compressed(affine, STRIDE)};
  }

  @Override
  public byte[] response(BigInteger k, BigInteger c, BigInteger x, int length) {
    if (length != 32) {
      throw new IllegalArgumentException("secp256k1 scalars are 32 bytes");
    }
    return Secp256k1Scalar.mulAddModN(Secp256k1Scalar.limbs(c, 4), Secp256k1Scalar.fromBigInteger(x),
        Secp256k1Scalar.fromBigInteger(k));
  }

  /** The tables of a normalized point (public data). */
  static Table table(ECPoint p) {
    long[] px = new long[5];
    long[] py = new long[5];
    Secp256k1Field.fromBytes(px, p.getAffineXCoord().getEncoded(), 0);
    Secp256k1Field.fromBytes(py, p.getAffineYCoord().getEncoded(), 0);
    return table(px, py);
  }

  /**
   * The tables of the affine point (px, py), from public data only (so it may branch). Entry j is
   * 2^104 P + sum_{t &lt; 4} (2 bit_t(j) - 1) 2^(26t) P; the phi table holds the same entries with
   * x multiplied by beta.
   */
  static Table table(long[] px, long[] py) {
    Secp256k1Point.Scratch scratch = new Secp256k1Point.Scratch();
    // B_t = 2^(26t) P, and 2 B_t (the first doubling on the way to B_(t+1)).
    Secp256k1Point[] basis = new Secp256k1Point[TEETH];
    Secp256k1Point[] twiceBasis = new Secp256k1Point[TEETH - 1];
    basis[0] = new Secp256k1Point();
    basis[0].setAffine(px, py);
    for (int t = 1; t < TEETH; t++) {
      basis[t] = new Secp256k1Point();
      basis[t].set(basis[t - 1]);
      basis[t].twice(scratch);
      twiceBasis[t - 1] = new Secp256k1Point();
      twiceBasis[t - 1].set(basis[t]);
      for (int i = 1; i < SPACING; i++) {
        basis[t].twice(scratch);
      }
    }
    // upper[0] = B4 - B3 - B2 - B1 - B0; setting bit t of the index adds 2 B_t.
    Secp256k1Point[] upper = new Secp256k1Point[ENTRIES];
    upper[0] = new Secp256k1Point();
    upper[0].set(basis[TEETH - 1]);
    Secp256k1Point negated = new Secp256k1Point();
    for (int t = 0; t < TEETH - 1; t++) {
      negated.set(basis[t]);
      negated.negate();
      upper[0].addPublic(negated, scratch);
    }
    for (int t = 0; t < TEETH - 1; t++) {
      int step = 1 << t;
      for (int j = 0; j < step; j++) {
        upper[j + step] = new Secp256k1Point();
        upper[j + step].set(upper[j]);
        upper[j + step].addPublic(twiceBasis[t], scratch);
      }
    }
    long[] base = new long[ENTRIES * STRIDE];
    normalizeAll(upper, base);
    // phi: x times beta (magnitude 1, which is all the additions need); y unchanged.
    long[] phi = base.clone();
    long[] x = new long[5];
    for (int j = 0; j < ENTRIES; j++) {
      System.arraycopy(base, j * STRIDE, x, 0, 5);
      Secp256k1Field.mul(x, x, BETA_LIMBS);
      System.arraycopy(x, 0, phi, j * STRIDE, 5);
    }
    return new Table(base, phi);
  }

  /**
   * Writes the normalized affine x and y of each point (none infinite) to out, STRIDE longs per
   * point, with one inversion for all (Montgomery's trick).
   */
  static void normalizeAll(Secp256k1Point[] points, long[] out) {
    int count = points.length;
    long[] prefix = new long[count * 5];
    long[] acc = Secp256k1Field.copy(points[0].z);
    System.arraycopy(acc, 0, prefix, 0, 5);
    for (int i = 1; i < count; i++) {
      Secp256k1Field.mul(acc, acc, points[i].z);
      System.arraycopy(acc, 0, prefix, i * 5, 5);
    }
    long[] inv = new long[5];
    Secp256k1Field.invert(inv, acc);
    long[] zInv = new long[5];
    long[] zInv2 = new long[5];
    long[] prev = new long[5];
    long[] c = new long[5];
    for (int i = count - 1; i >= 0; i--) {
      if (i > 0) {
        // inv = 1/(z_0...z_i): 1/z_i = inv * (z_0...z_{i-1}); then drop z_i from inv.
        System.arraycopy(prefix, (i - 1) * 5, prev, 0, 5);
        Secp256k1Field.mul(zInv, inv, prev);
        Secp256k1Field.mul(inv, inv, points[i].z);
      } else {
        Secp256k1Field.set(zInv, inv);
      }
      Secp256k1Field.sqr(zInv2, zInv);
      Secp256k1Field.mul(c, points[i].x, zInv2);
      Secp256k1Field.normalize(c);
      System.arraycopy(c, 0, out, i * STRIDE, 5);
      Secp256k1Field.mul(zInv2, zInv2, zInv);
      Secp256k1Field.mul(c, points[i].y, zInv2);
      Secp256k1Field.normalize(c);
      System.arraycopy(c, 0, out, i * STRIDE + 5, 5);
    }
  }

  /** r = q P for q in [1, n-1] (8 limbs), P the table's point. Constant time in q. */
  static void multiply(Table table, int[] q, Secp256k1Point r, Secp256k1Point.Scratch scratch) {
    int[] e1 = new int[Secp256k1Scalar.DIGIT_LIMBS];
    int[] e2 = new int[Secp256k1Scalar.DIGIT_LIMBS];
    Secp256k1Scalar.combDigits(q, e1, e2);
    long[] ex = new long[5];
    long[] ey = new long[5];
    long[] negY = new long[5];
    int col = SPACING - 1;
    lookup(table.base(), column(e1, col), ex, ey, negY);
    r.setAffine(ex, ey);
    lookup(table.phi(), column(e2, col), ex, ey, negY);
    r.addAffine(ex, ey, scratch);
    for (col = SPACING - 2; col >= 0; col--) {
      r.twice(scratch);
      lookup(table.base(), column(e1, col), ex, ey, negY);
      r.addAffine(ex, ey, scratch);
      lookup(table.phi(), column(e2, col), ex, ey, negY);
      r.addAffine(ex, ey, scratch);
    }
  }

  /** Bits 26t + col of e, t = 0..4, as bits t of a 5-bit index (public positions). */
  static int column(int[] e, int col) {
    int idx = 0;
    for (int t = 0; t < TEETH; t++) {
      int pos = t * SPACING + col;
      idx |= ((e[pos >>> 5] >>> (pos & 31)) & 1) << t;
    }
    return idx;
  }

  /**
   * The signed comb entry of a 5-bit index: entry idx &amp; 15 when the top tooth is +1, else the
   * negation of entry ~idx &amp; 15. Reads every entry; selection and negation are masks.
   */
  static void lookup(long[] entries, int idx, long[] x, long[] y, long[] negY) {
    int top = (idx >>> (TEETH - 1)) & 1;
    int wanted = (idx ^ (top - 1)) & (ENTRIES - 1);
    long x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0, y4 = 0;
    for (int i = 0, o = 0; i < ENTRIES; i++, o += STRIDE) {
      // all ones when i == wanted, else 0
      long mask = ((i ^ wanted) - 1) >> 31;
      x0 |= entries[o] & mask;
      x1 |= entries[o + 1] & mask;
      x2 |= entries[o + 2] & mask;
      x3 |= entries[o + 3] & mask;
      x4 |= entries[o + 4] & mask;
      y0 |= entries[o + 5] & mask;
      y1 |= entries[o + 6] & mask;
      y2 |= entries[o + 7] & mask;
      y3 |= entries[o + 8] & mask;
      y4 |= entries[o + 9] & mask;
    }
    x[0] = x0;
    x[1] = x1;
    x[2] = x2;
    x[3] = x3;
    x[4] = x4;
    y[0] = y0;
    y[1] = y1;
    y[2] = y2;
    y[3] = y3;
    y[4] = y4;
    Secp256k1Field.negate(negY, y, 1);
    Secp256k1Field.cmov(y, negY, top ^ 1);
  }

  /** SEC1 compressed encoding of the normalized affine point at out[off..off+9]. */
  private static byte[] compressed(long[] affine, int off) {
    byte[] enc = new byte[33];
    enc[0] = (byte) (0x02 | (affine[off + 5] & 1));
    long[] x = new long[5];
    System.arraycopy(affine, off, x, 0, 5);
    Secp256k1Field.toBytes(x, enc, 1);
    return enc;
  }
}
