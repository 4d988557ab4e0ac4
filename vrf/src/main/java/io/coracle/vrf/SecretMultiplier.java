package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.util.BigIntegers;

/**
 * Variable-base multiplication by SECRET scalars (Gamma = x*H and k*H in prove) on Bouncy
 * Castle's arithmetic, for curves without a dedicated implementation (P-256; secp256k1 uses
 * {@link Secp256k1SecretMultiplier}): a regular signed comb whose precomputation for the base is
 * built once and shared by all scalars.
 *
 * <p>Why this design: H changes with every message, so nothing can be precomputed ahead of time,
 * and the scalars are the VRF key and the nonce. Bouncy Castle's default multipliers for a
 * variable base (wNAF, GLV-wNAF) branch on the scalar's digits, which an SEV-SNP host able to
 * single-step the guest can observe; its {@code FixedPointCombMultiplier} is regular but rebuilds
 * a 64-point table per base, which costs more than the multiplication. Here every scalar is
 * rewritten in a signed-digit comb where every tooth is +1 or -1 (never 0), so each column does
 * exactly one doubling and one addition of an entry fetched by {@link ECLookupTable#lookup} (which
 * reads every entry), whatever the scalar. No table entry is the identity and no branch of this
 * class depends on a secret.
 *
 * <p>Signed-comb identity: for an L-bit integer e with bits e_i, sum (2*e_i - 1) * 2^i =
 * 2e - (2^L - 1). So an odd k with |k| &lt;= 2^L - 1 is multiplied by choosing e = (k + 2^L - 1) / 2.
 * Odd scalars are obtained without branches: k gets +n when even (k and k + n act alike).
 *
 * <p>Residual leakage, stated honestly: the JDK's BigInteger arithmetic on the scalar (recoding,
 * s = k + c*x mod n) has length-dependent timing, and Bouncy Castle's point formulas special-case
 * the identity and equal inputs, which the comb reaches only with negligible probability.
 */
final class SecretMultiplier implements SecretArithmetic {
  private final ECCurve curve;
  private final BigInteger n;
  private final int width;
  private final int spacing;
  private final int bits;

  private SecretMultiplier(ECCurve curve, int width) {
    this.curve = curve;
    this.n = curve.getOrder();
    this.width = width;
    // k + n*(1 - k mod 2) < 2n
    int minBits = n.bitLength() + 1;
    this.spacing = (minBits + width - 1) / width;
    this.bits = spacing * width;
  }

  /** The comb prove uses on curves without a dedicated implementation: 5 teeth. */
  static SecretMultiplier forCurve(ECCurve curve) {
    return plain(curve, 5);
  }

  /** A comb with the given number of teeth (tests compare several). */
  static SecretMultiplier plain(ECCurve curve, int width) {
    return new SecretMultiplier(curve, width);
  }

  /**
   * Returns {@code scalars[i] * base} for each scalar, each in [1, n-1]. The precomputation for
   * {@code base} is done once for all of them. Results are not normalized.
   */
  @Override
  public ECPoint[] multiply(ECPoint base, BigInteger... scalars) {
    ECPoint[] entries = table(base);
    ECLookupTable table = curve.createCacheSafeLookupTable(entries, 0, entries.length);
    ECPoint[] out = new ECPoint[scalars.length];
    for (int i = 0; i < scalars.length; i++) {
      out[i] = comb(table, scalars[i]);
    }
    return out;
  }

  @Override
  public byte[][] proofPoints(ECPoint h, BigInteger x, BigInteger k, ECPoint kTimesB) {
    ECPoint[] products = multiply(h, x, k);
    ECPoint[] points = {products[0], kTimesB, products[1]};
    curve.normalizeAll(points);
    return new byte[][] {points[0].getEncoded(true), points[1].getEncoded(true), points[2].getEncoded(true)};
  }

  @Override
  public byte[] response(BigInteger k, BigInteger c, BigInteger x, int length) {
    return BigIntegers.asUnsignedByteArray(length, k.add(c.multiply(x)).mod(n));
  }

  private ECPoint comb(ECLookupTable table, BigInteger k) {
    // Make k odd: adding n does not change k*P.
    BigInteger odd = k.add(n.multiply(BigInteger.valueOf(1 - (k.intValue() & 1))));
    int[] e = recode(odd);
    ECPoint r = table.lookup(index(e, spacing - 1));
    for (int col = spacing - 2; col >= 0; col--) {
      r = r.twicePlus(table.lookup(index(e, col)));
    }
    return r;
  }

  /** e = (k + 2^L - 1) / 2 as L bits, for odd k with |k| &lt;= 2^L - 1. */
  private int[] recode(BigInteger oddK) {
    BigInteger e = oddK.add(BigInteger.ONE.shiftLeft(bits)).subtract(BigInteger.ONE).shiftRight(1);
    return Nat.fromBigInteger(bits, e);
  }

  /** The comb column: bit (t*spacing + col) of e becomes bit t of the index. */
  private int index(int[] e, int col) {
    int idx = 0;
    for (int t = 0; t < width; t++) {
      int pos = t * spacing + col;
      idx |= ((e[pos >>> 5] >>> (pos & 31)) & 1) << t;
    }
    return idx;
  }

  /**
   * Entry idx = sum over teeth t of (2*bit_t(idx) - 1) * 2^(t*spacing) * P. Half the entries are
   * computed (top tooth +1); the other half are their negations.
   */
  private ECPoint[] table(ECPoint p) {
    int half = 1 << (width - 1);
    ECPoint[] basis = new ECPoint[2 * width - 1];
    basis[0] = p;
    for (int t = 1; t < width; t++) {
      basis[t] = basis[t - 1].timesPow2(spacing);
    }
    for (int t = 0; t < width - 1; t++) {
      basis[width + t] = basis[t].twice();
    }
    curve.normalizeAll(basis);

    ECPoint[] upper = new ECPoint[half];
    ECPoint start = basis[width - 1];
    for (int t = 0; t < width - 1; t++) {
      start = start.subtract(basis[t]);
    }
    upper[0] = start;
    for (int t = 0; t < width - 1; t++) {
      int step = 1 << t;
      ECPoint twiceTooth = basis[width + t];
      for (int j = 0; j < step; j++) {
        upper[j + step] = upper[j].add(twiceTooth);
      }
    }
    curve.normalizeAll(upper);

    ECPoint[] full = new ECPoint[2 * half];
    for (int idx = 0; idx < half; idx++) {
      full[idx] = upper[~idx & (half - 1)].negate();
      full[idx + half] = upper[idx];
    }
    return full;
  }
}
