package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.ECPointMap;
import org.bouncycastle.math.ec.endo.GLVEndomorphism;
import org.bouncycastle.math.raw.Nat;

/**
 * Variable-base multiplication by SECRET scalars (Gamma = x*H and k*H in prove): a regular signed
 * comb whose precomputation for the base is built once and shared by all scalars.
 *
 * <p>Why this design: H changes with every message, so nothing can be precomputed ahead of time,
 * and the scalars are the VRF key and the nonce. Bouncy Castle's default multipliers for a
 * variable base (wNAF, GLV-wNAF) branch on the scalar's digits, which an SEV-SNP host able to
 * single-step the guest can observe; its {@code FixedPointCombMultiplier} is regular but rebuilds
 * a 64-point table per base, which costs more than the multiplication. Here every scalar is
 * rewritten in a signed-digit comb where every tooth is +1 or -1 (never 0), so each column does
 * exactly one doubling and one (or, with GLV, two) additions of an entry fetched by
 * {@link ECLookupTable#lookup} (which reads every entry), whatever the scalar. No table entry is the
 * identity and no branch of this class depends on a secret. On curves with a GLV endomorphism
 * (secp256k1) each scalar is split into two ~128-bit halves k1 + k2*lambda, halving the doublings;
 * the table for phi(H) is the table for H with x multiplied by beta.
 *
 * <p>Signed-comb identity: for an L-bit integer e with bits e_i, sum (2*e_i - 1) * 2^i =
 * 2e - (2^L - 1). So an odd k with |k| &lt;= 2^L - 1 is multiplied by choosing e = (k + 2^L - 1) / 2.
 * Odd scalars are obtained without branches: plain k gets +n when even (k and k + n act alike);
 * GLV halves get a short lattice vector (a, b) with a + b*lambda = 0 mod n chosen by their parities.
 *
 * <p>Residual leakage, stated honestly: the JDK's BigInteger arithmetic on the scalar (GLV split,
 * recoding) has length-dependent timing, and Bouncy Castle's point formulas special-case the
 * identity and equal inputs, which the comb reaches only with negligible probability.
 */
final class SecretMultiplier {
  private final ECCurve curve;
  private final BigInteger n;
  private final int width;
  private final int spacing;
  private final int bits;
  private final GLVEndomorphism glv;
  private final ECPointMap phi;
  private final BigInteger[] adjustA;
  private final BigInteger[] adjustB;

  private SecretMultiplier(ECCurve curve, int width, GLVEndomorphism glv, GlvLattice lattice) {
    this.curve = curve;
    this.n = curve.getOrder();
    this.width = width;
    this.glv = glv;
    this.phi = glv == null ? null : glv.getPointMap();
    int minBits;
    if (glv == null) {
      // k + n*(1 - k mod 2) < 2n
      minBits = n.bitLength() + 1;
      adjustA = null;
      adjustB = null;
    } else {
      minBits = lattice.combBits();
      adjustA = lattice.adjustA();
      adjustB = lattice.adjustB();
    }
    this.spacing = (minBits + width - 1) / width;
    this.bits = spacing * width;
  }

  /** Uses GLV when the curve has an endomorphism whose lattice we know, else the plain comb. */
  static SecretMultiplier forCurve(ECCurve curve, ECPoint generator) {
    if (curve.getEndomorphism() instanceof GLVEndomorphism glv && glv.hasEfficientPointMap()) {
      GlvLattice lattice = GlvLattice.forCurve(curve, glv, generator);
      if (lattice != null) {
        return new SecretMultiplier(curve, 5, glv, lattice);
      }
    }
    return new SecretMultiplier(curve, 5, null, null);
  }

  /** A plain (non-GLV) multiplier for any curve; used to test both code paths on one curve. */
  static SecretMultiplier plain(ECCurve curve, int width) {
    return new SecretMultiplier(curve, width, null, null);
  }

  boolean usesGlv() {
    return glv != null;
  }

  /**
   * Returns {@code scalars[i] * base} for each scalar, each in [1, n-1]. The precomputation for
   * {@code base} is done once for all of them.
   */
  ECPoint[] multiply(ECPoint base, BigInteger... scalars) {
    ECPoint[] entries = table(base);
    ECLookupTable table = curve.createCacheSafeLookupTable(entries, 0, entries.length);
    ECLookupTable phiTable = glv == null ? null : mapTable(entries);
    ECPoint[] out = new ECPoint[scalars.length];
    for (int i = 0; i < scalars.length; i++) {
      out[i] = glv == null ? combPlain(table, scalars[i]) : combGlv(table, phiTable, scalars[i]);
    }
    return out;
  }

  private ECPoint combPlain(ECLookupTable table, BigInteger k) {
    // Make k odd: adding n does not change k*P.
    BigInteger odd = k.add(n.multiply(BigInteger.valueOf(1 - (k.intValue() & 1))));
    int[] e = recode(odd);
    ECPoint r = table.lookup(index(e, spacing - 1));
    for (int col = spacing - 2; col >= 0; col--) {
      r = r.twicePlus(table.lookup(index(e, col)));
    }
    return r;
  }

  private ECPoint combGlv(ECLookupTable table, ECLookupTable phiTable, BigInteger k) {
    BigInteger[] split = glv.decomposeScalar(k);
    int parity = (split[0].intValue() & 1) | ((split[1].intValue() & 1) << 1);
    int[] e1 = recode(split[0].add(adjustA[parity]));
    int[] e2 = recode(split[1].add(adjustB[parity]));
    ECPoint r = table.lookup(index(e1, spacing - 1)).add(phiTable.lookup(index(e2, spacing - 1)));
    for (int col = spacing - 2; col >= 0; col--) {
      r = r.twicePlus(table.lookup(index(e1, col))).add(phiTable.lookup(index(e2, col)));
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

  /** phi(entry) for every entry: x times beta, still normalized. */
  private ECLookupTable mapTable(ECPoint[] entries) {
    ECPoint[] mapped = new ECPoint[entries.length];
    for (int i = 0; i < entries.length; i++) {
      mapped[i] = phi.map(entries[i]);
    }
    return curve.createCacheSafeLookupTable(mapped, 0, mapped.length);
  }

  /**
   * The GLV lattice of a known curve: short vectors (a, b) with a + b*lambda = 0 (mod n), used to
   * make both halves of a split scalar odd, and the comb length that bounds the adjusted halves.
   */
  record GlvLattice(BigInteger[] adjustA, BigInteger[] adjustB, int combBits) {

    // secp256k1's basis (SEC 2 / Bouncy Castle's CustomNamedCurves), checked against the curve below.
    private static final BigInteger K1_LAMBDA =
        new BigInteger("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", 16);
    private static final BigInteger[] K1_V1 = {
        new BigInteger("3086d221a7d46bcde86c90e49284eb15", 16),
        new BigInteger("-e4437ed6010e88286f547fa90abfe4c3", 16)};
    private static final BigInteger[] K1_V2 = {
        new BigInteger("114ca50f7a8e2f3f657c1108d9d44cfd8", 16),
        new BigInteger("3086d221a7d46bcde86c90e49284eb15", 16)};

    static GlvLattice forCurve(ECCurve curve, GLVEndomorphism glv, ECPoint generator) {
      BigInteger n = curve.getOrder();
      BigInteger[] v1 = K1_V1;
      BigInteger[] v2 = K1_V2;
      if (!isLatticeVector(v1, K1_LAMBDA, n) || !isLatticeVector(v2, K1_LAMBDA, n)) {
        return null;
      }
      // The endomorphism must act as lambda, and split scalars along this lattice.
      if (!glv.getPointMap().map(generator).equals(generator.multiply(K1_LAMBDA))) {
        return null;
      }
      BigInteger probe = new BigInteger("1d5b8f0a0e3b0c2d4e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4", 16);
      BigInteger[] split = glv.decomposeScalar(probe);
      if (!split[0].add(split[1].multiply(K1_LAMBDA)).subtract(probe).mod(n).equals(BigInteger.ZERO)) {
        return null;
      }
      BigInteger[][] candidates = {
          {BigInteger.ZERO, BigInteger.ZERO}, v1, v2, {v1[0].add(v2[0]), v1[1].add(v2[1])}};
      BigInteger[] adjustA = new BigInteger[4];
      BigInteger[] adjustB = new BigInteger[4];
      for (int parity = 0; parity < 4; parity++) {
        int needA = 1 - (parity & 1);
        int needB = 1 - (parity >> 1);
        for (BigInteger[] c : candidates) {
          if (adjustA[parity] == null && (c[0].intValue() & 1) == needA && (c[1].intValue() & 1) == needB) {
            adjustA[parity] = c[0];
            adjustB[parity] = c[1];
          }
        }
        if (adjustA[parity] == null) {
          return null;
        }
      }
      // |k1|, |k2| < M = max(|a1| + |a2|, |b1| + |b2|) for Babai rounding with error < 1, and each
      // adjustment is at most M too, so |adjusted| < 2M: a 2M-bit signed comb represents it.
      BigInteger m = v1[0].abs().add(v2[0].abs()).max(v1[1].abs().add(v2[1].abs()));
      return new GlvLattice(adjustA, adjustB, m.shiftLeft(1).bitLength());
    }

    private static boolean isLatticeVector(BigInteger[] v, BigInteger lambda, BigInteger n) {
      return v[0].add(v[1].multiply(lambda)).mod(n).signum() == 0;
    }
  }
}
