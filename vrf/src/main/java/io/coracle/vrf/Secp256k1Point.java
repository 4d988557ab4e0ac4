package io.coracle.vrf;

/**
 * A mutable secp256k1 point in Jacobian coordinates (x = X/Z^2, y = Y/Z^3) over
 * {@link Secp256k1Field}, with an explicit infinity flag, for the multiplication loops of
 * {@link Secp256k1SecretMultiplier} (mutable so that they allocate nothing; confined to one
 * thread). The formulas are libsecp256k1's for y^2 = x^3 + 7; the "(m)" comments track magnitudes
 * so that every input of {@link Secp256k1Field#mul} stays at magnitude 8 or less. Coordinates of
 * results have magnitude at most 4.
 */
final class Secp256k1Point {
  private static final long[] ONE = {1, 0, 0, 0, 0};

  final long[] x = new long[5];
  final long[] y = new long[5];
  final long[] z = new long[5];
  /** 1 for the point at infinity, else 0: an int, not a boolean, so that it can drive masks. */
  int infinity;

  /** Temporaries of the formulas, shared by the points of one computation (one thread). */
  static final class Scratch {
    final long[] t1 = new long[5];
    final long[] t2 = new long[5];
    final long[] t3 = new long[5];
    final long[] t4 = new long[5];
    final long[] t5 = new long[5];
    final long[] t6 = new long[5];
    final long[] t7 = new long[5];
    final long[] t8 = new long[5];
    final long[] t9 = new long[5];
  }

  void setAffine(long[] ax, long[] ay) {
    Secp256k1Field.set(x, ax);
    Secp256k1Field.set(y, ay);
    Secp256k1Field.set(z, ONE);
    infinity = 0;
  }

  void set(Secp256k1Point a) {
    Secp256k1Field.set(x, a.x);
    Secp256k1Field.set(y, a.y);
    Secp256k1Field.set(z, a.z);
    infinity = a.infinity;
  }

  /**
   * this = 2 * this (3M + 4S), in constant time. Infinity stays infinity (Z3 = Y1 Z1 = 0), and a
   * finite point never doubles to infinity: secp256k1 has no point of order 2.
   */
  void twice(Scratch s) {
    long[] l = s.t1;
    long[] sq = s.t2;
    long[] t = s.t3;
    // L = 3/2 X^2, S = Y^2, T = -X S; X3 = L^2 + 2T, Y3 = -(L (X3 + T) + S^2), Z3 = Y Z.
    Secp256k1Field.mul(z, z, y);        // Z3 = Y1*Z1 (1)
    Secp256k1Field.sqr(sq, y);          // S = Y1^2 (1)
    Secp256k1Field.sqr(l, x);           // L = X1^2 (1)
    Secp256k1Field.mulInt(l, 3);        // L = 3*X1^2 (3)
    Secp256k1Field.half(l);             // L = 3/2*X1^2 (2)
    Secp256k1Field.negate(t, sq, 1);    // T = -S (2)
    Secp256k1Field.mul(t, t, x);        // T = -X1*S (1)
    Secp256k1Field.sqr(x, l);           // X3 = L^2 (1)
    Secp256k1Field.scaledSum(x, t, 2, x); // X3 = L^2 + 2*T (3)
    Secp256k1Field.sqr(sq, sq);         // S' = S^2 (1)
    Secp256k1Field.add(t, x);           // T' = X3 + T (4)
    Secp256k1Field.mul(y, t, l);        // Y3 = L*(X3 + T) (1)
    Secp256k1Field.add(y, sq);          // Y3 = L*(X3 + T) + S^2 (2)
    Secp256k1Field.negate(y, y, 2);     // Y3 = -(L*(X3 + T) + S^2) (3)
  }

  /**
   * this = this + (bx, by) for an affine point b other than infinity (coordinates of magnitude at
   * most 2; 7M + 5S), in constant time and correct in every case: this infinite, this == b (doubling),
   * this == -b (infinity). The unified formula of Brier and Joye, lambda = ((x1 + x2)^2 - x1 x2) /
   * (y1 + y2), with libsecp256k1's treatment of its degenerate case y1 = -y2, x1 != x2 (reachable
   * on secp256k1 through the cube roots of unity), where lambda = (y1 - y2) / (x1 - x2) instead.
   */
  void addAffine(long[] bx, long[] by, Scratch s) {
    long[] zz = s.t1;
    long[] u1 = x;     // X1 is read for the last time before X3 is written
    long[] u2 = s.t3;
    long[] s1 = y;     // likewise Y1
    long[] s2 = s.t5;
    long[] t = s.t6;
    long[] m = s.t7;
    long[] rr = s.t8;
    long[] mAlt = s.t9;
    long[] rrAlt = s2; // s2 is dead once m is formed
    long[] n = u2;     // u2 is dead once mAlt is formed
    long[] q = zz;     // zz is dead once s2 is formed

    Secp256k1Field.sqr(zz, z);              // zz = Z1^2 (1)
    Secp256k1Field.normalizeWeak(u1);       // u1 = U1 = X1 (1)
    Secp256k1Field.mul(u2, bx, zz);         // u2 = U2 = X2*Z1^2 (1)
    Secp256k1Field.normalizeWeak(s1);       // s1 = S1 = Y1 (1)
    Secp256k1Field.mul(s2, by, zz);         // s2 = Y2*Z1^2 (1)
    Secp256k1Field.mul(s2, s2, z);          // s2 = S2 = Y2*Z1^3 (1)
    Secp256k1Field.sum(t, u1, u2);          // t = T = U1 + U2 (2)
    Secp256k1Field.sum(m, s1, s2);          // m = M = S1 + S2 (2)
    Secp256k1Field.sqr(rr, t);              // rr = T^2 (1)
    Secp256k1Field.negate(mAlt, u2, 1);     // mAlt = -U2 (2)
    Secp256k1Field.mul(q, u1, mAlt);        // q = -U1*U2 (1)
    Secp256k1Field.add(rr, q);              // rr = R = T^2 - U1*U2 (2)
    // R/M is 0/0 exactly when y1 = -y2 and x1^3 = x2^3: then lambda = (y1 - y2)/(x1 - x2).
    int degenerate = Secp256k1Field.normalizesToZero(m);
    Secp256k1Field.sum(rrAlt, s1, s1);      // rrAlt = 2*S1 = S1 - S2 when degenerate (2)
    Secp256k1Field.add(mAlt, u1);           // mAlt = U1 - U2 (3)
    Secp256k1Field.cmov(rrAlt, rr, degenerate ^ 1);
    Secp256k1Field.cmov(mAlt, m, degenerate ^ 1);
    // rrAlt / mAlt = lambda; mAlt = 0 only when the sum is infinity.
    Secp256k1Field.sqr(n, mAlt);            // n = Malt^2 (1)
    Secp256k1Field.negate(q, t, 2);         // q = -T (3)
    Secp256k1Field.mul(q, q, n);            // q = Q = -T*Malt^2 (1)
    // M^3 * Malt is Malt^4 (M == Malt) or 0 (M == 0, degenerate): a squaring and a cmov.
    Secp256k1Field.sqr(n, n);               // n = Malt^4 (1)
    Secp256k1Field.cmov(n, m, degenerate);  // n = M^3*Malt (2)
    Secp256k1Field.sqr(t, rrAlt);           // t = Ralt^2 (1)
    Secp256k1Field.mul(z, z, mAlt);         // Z3 = Malt*Z1 (1)
    Secp256k1Field.sum(x, t, q);            // X3 = Ralt^2 + Q (2)
    Secp256k1Field.scaledSum(t, x, 2, q);   // t = 2*X3 + Q (5)
    Secp256k1Field.mul(t, t, rrAlt);        // t = Ralt*(2*X3 + Q) (1)
    Secp256k1Field.add(t, n);               // t = Ralt*(2*X3 + Q) + M^3*Malt (3)
    Secp256k1Field.negate(y, t, 3);         // Y3 = -(Ralt*(2*X3 + Q) + M^3*Malt) (4)
    Secp256k1Field.half(y);                 // Y3 = Y3 / 2 (3)
    // this was infinity: the sum is b.
    int wasInfinity = infinity;
    Secp256k1Field.cmov(x, bx, wasInfinity);
    Secp256k1Field.cmov(y, by, wasInfinity);
    Secp256k1Field.cmov(z, ONE, wasInfinity);
    // Z3 = 0 exactly when this == -b (if this was infinity, Z3 = 1).
    infinity = Secp256k1Field.normalizesToZero(z);
  }

  /**
   * this = this + b (12M + 4S) for PUBLIC points only: it branches on infinity and on the doubling
   * case. Never use it on values derived from a secret.
   */
  void addPublic(Secp256k1Point b, Scratch s) {
    if (b.infinity == 1) {
      return;
    }
    if (infinity == 1) {
      set(b);
      return;
    }
    long[] z22 = s.t1;
    long[] z12 = s.t2;
    long[] u1 = s.t3;
    long[] u2 = s.t4;
    long[] s1 = s.t5;
    long[] s2 = s.t6;
    long[] h = s.t7;
    long[] i = s.t8;
    long[] tt = s.t9;
    Secp256k1Field.sqr(z22, b.z);
    Secp256k1Field.sqr(z12, z);
    Secp256k1Field.mul(u1, x, z22);         // U1 = X1*Z2^2 (1)
    Secp256k1Field.mul(u2, b.x, z12);       // U2 = X2*Z1^2 (1)
    Secp256k1Field.mul(s1, y, z22);
    Secp256k1Field.mul(s1, s1, b.z);        // S1 = Y1*Z2^3 (1)
    Secp256k1Field.mul(s2, b.y, z12);
    Secp256k1Field.mul(s2, s2, z);          // S2 = Y2*Z1^3 (1)
    Secp256k1Field.negate(h, u1, 1);
    Secp256k1Field.add(h, u2);              // H = U2 - U1 (3)
    Secp256k1Field.negate(i, s2, 1);
    Secp256k1Field.add(i, s1);              // I = S1 - S2 (3)
    if (Secp256k1Field.normalizesToZero(h) == 1) {
      if (Secp256k1Field.normalizesToZero(i) == 1) {
        twice(s);
      } else {
        infinity = 1;
      }
      return;
    }
    long[] h2 = z22;
    long[] h3 = z12;
    Secp256k1Field.mul(tt, h, b.z);
    Secp256k1Field.mul(z, z, tt);           // Z3 = Z1*Z2*H (1)
    Secp256k1Field.sqr(h2, h);
    Secp256k1Field.negate(h2, h2, 1);       // h2 = -H^2 (2)
    Secp256k1Field.mul(h3, h2, h);          // h3 = -H^3 (1)
    Secp256k1Field.mul(tt, u1, h2);         // tt = -U1*H^2 (1)
    Secp256k1Field.sqr(x, i);               // X3 = I^2 (1)
    Secp256k1Field.add(x, h3);
    Secp256k1Field.add(x, tt);
    Secp256k1Field.add(x, tt);              // X3 = I^2 - H^3 - 2*U1*H^2 (4)
    Secp256k1Field.add(tt, x);              // tt = X3 - U1*H^2 (5)
    Secp256k1Field.mul(y, tt, i);           // Y3 = (X3 - U1*H^2)*I (1)
    Secp256k1Field.mul(h3, h3, s1);         // h3 = -H^3*S1 (1)
    Secp256k1Field.add(y, h3);              // Y3 = (U1*H^2 - X3)*(S2 - S1) - S1*H^3 (2)
  }

  /** this = -this. */
  void negate() {
    Secp256k1Field.normalizeWeak(y);
    Secp256k1Field.negate(y, y, 1);
  }
}
