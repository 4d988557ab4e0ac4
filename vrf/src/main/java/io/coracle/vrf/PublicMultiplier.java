package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.ECPointMap;
import org.bouncycastle.math.ec.WNafUtil;
import org.bouncycastle.math.ec.endo.GLVEndomorphism;

/**
 * Verification's U = s*B - c*Y and V = s*H - c*Gamma: interleaved wNAF (Straus/Shamir) over
 * PUBLIC scalars and points only, so variable time is fine. On GLV curves s is split into two
 * ~128-bit halves (s1*P + s2*phi(P)) while c, already 128 bits, is used as is: three 128-bit terms
 * and 128 doublings per product. The generator's tables are built once per suite, the public key's
 * once per {@link VrfPublicKey}, and the tables for H and Gamma share one field inversion.
 */
final class PublicMultiplier {
  static final int FIXED_WIDTH = 8;
  static final int VARIABLE_WIDTH = 5;

  /** Odd multiples P, 3P, ..., (2^(w-1) - 1)P and their negations, all normalized. */
  record Table(ECPoint[] positive, ECPoint[] negative, int width) {
    Table negated() {
      return new Table(negative, positive, width);
    }

    Table mapped(ECPointMap map) {
      ECPoint[] pos = new ECPoint[positive.length];
      ECPoint[] neg = new ECPoint[negative.length];
      for (int i = 0; i < pos.length; i++) {
        pos[i] = map.map(positive[i]);
        neg[i] = map.map(negative[i]);
      }
      return new Table(pos, neg, width);
    }
  }

  private final ECCurve curve;
  private final BigInteger n;
  private final GLVEndomorphism glv;
  private final ECPointMap phi;
  private final Table generator;
  private final Table phiGenerator;

  PublicMultiplier(ECCurve curve, ECPoint g) {
    this.curve = curve;
    this.n = curve.getOrder();
    this.glv = curve.getEndomorphism() instanceof GLVEndomorphism e && e.hasEfficientPointMap() ? e : null;
    this.phi = glv == null ? null : glv.getPointMap();
    this.generator = tables(FIXED_WIDTH, g)[0];
    this.phiGenerator = glv == null ? null : generator.mapped(phi);
  }

  /** Tables of odd multiples for several points, normalized together with one inversion. */
  Table[] tables(int width, ECPoint... points) {
    int count = 1 << (width - 2);
    ECPoint[] all = new ECPoint[points.length * count];
    for (int j = 0; j < points.length; j++) {
      ECPoint p = points[j];
      ECPoint twice = p.twice();
      all[j * count] = p;
      for (int i = 1; i < count; i++) {
        all[j * count + i] = all[j * count + i - 1].add(twice);
      }
    }
    curve.normalizeAll(all);
    Table[] out = new Table[points.length];
    for (int j = 0; j < points.length; j++) {
      ECPoint[] pos = new ECPoint[count];
      ECPoint[] neg = new ECPoint[count];
      for (int i = 0; i < count; i++) {
        pos[i] = all[j * count + i];
        neg[i] = pos[i].negate();
      }
      out[j] = new Table(pos, neg, width);
    }
    return out;
  }

  /**
   * Returns {U, V} (not normalized) with U = s*B - c*Y and V = s*H - c*Gamma, for s in [0, n-1]
   * and 0 &lt;= c &lt; 2^128. {@code negY} is the table of -Y, of any width.
   */
  ECPoint[] uv(BigInteger s, BigInteger c, Table negY, ECPoint h, ECPoint gamma) {
    Table[] hg = tables(VARIABLE_WIDTH, h, gamma);
    Table tableH = hg[0];
    Table negGamma = hg[1].negated();
    if (glv == null) {
      byte[] ws = WNafUtil.generateWindowNaf(FIXED_WIDTH, s);
      byte[] wsH = WNafUtil.generateWindowNaf(VARIABLE_WIDTH, s);
      byte[] wc = WNafUtil.generateWindowNaf(VARIABLE_WIDTH, c);
      byte[] wcY = WNafUtil.generateWindowNaf(negY.width(), c);
      ECPoint u = sum(new Table[] {generator, negY}, new byte[][] {ws, wcY});
      ECPoint v = sum(new Table[] {tableH, negGamma}, new byte[][] {wsH, wc});
      return new ECPoint[] {u, v};
    }
    BigInteger[] split = glv.decomposeScalar(s);
    Table g1 = generator;
    Table g2 = phiGenerator;
    Table h1 = tableH;
    Table h2 = tableH.mapped(phi);
    // Negative halves: multiply |half| by the negated point.
    if (split[0].signum() < 0) {
      g1 = g1.negated();
      h1 = h1.negated();
    }
    if (split[1].signum() < 0) {
      g2 = g2.negated();
      h2 = h2.negated();
    }
    BigInteger s1 = split[0].abs();
    BigInteger s2 = split[1].abs();
    byte[] wc = WNafUtil.generateWindowNaf(VARIABLE_WIDTH, c);
    ECPoint u = sum(new Table[] {g1, g2, negY},
        new byte[][] {
            WNafUtil.generateWindowNaf(FIXED_WIDTH, s1), WNafUtil.generateWindowNaf(FIXED_WIDTH, s2),
            WNafUtil.generateWindowNaf(negY.width(), c)});
    ECPoint v = sum(new Table[] {h1, h2, negGamma},
        new byte[][] {
            WNafUtil.generateWindowNaf(VARIABLE_WIDTH, s1), WNafUtil.generateWindowNaf(VARIABLE_WIDTH, s2), wc});
    return new ECPoint[] {u, v};
  }

  /** Interleaved left-to-right wNAF: one doubling per bit position, one addition per non-zero digit. */
  ECPoint sum(Table[] tables, byte[][] wnafs) {
    int len = 0;
    for (byte[] w : wnafs) {
      len = Math.max(len, w.length);
    }
    ECPoint r = curve.getInfinity();
    for (int i = len - 1; i >= 0; i--) {
      r = r.twice();
      for (int j = 0; j < tables.length; j++) {
        byte[] w = wnafs[j];
        if (i < w.length) {
          int d = w[i];
          if (d > 0) {
            r = r.add(tables[j].positive()[d >>> 1]);
          } else if (d < 0) {
            r = r.add(tables[j].negative()[(-d) >>> 1]);
          }
        }
      }
    }
    return r;
  }

  BigInteger order() {
    return n;
  }
}
