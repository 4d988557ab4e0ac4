package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** secp256k1 field arithmetic against BigInteger, over random, loose and edge representations. */
class Secp256k1FieldTest {
  private static final BigInteger P = Secp256k1Field.P;
  private static final long M52 = (1L << 52) - 1;
  private static final long M48 = (1L << 48) - 1;

  /** An element as limbs, with its magnitude. */
  record Loose(long[] limbs, int magnitude) {
    BigInteger value() {
      return valueOf(limbs);
    }

    @Override
    public String toString() {
      return "m" + magnitude + ":" + value().toString(16);
    }
  }

  static BigInteger valueOf(long[] limbs) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 4; i >= 0; i--) {
      v = v.shiftLeft(52).add(BigInteger.valueOf(limbs[i]));
    }
    return v;
  }

  /** Limbs of a value below 2^256, each below 2^52 (limb 4 below 2^48). */
  static long[] canonicalLimbs(BigInteger v) {
    long[] r = new long[5];
    for (int i = 0; i < 5; i++) {
      r[i] = v.shiftRight(52 * i).longValue() & M52;
    }
    return r;
  }

  static boolean hasMagnitude(long[] a, int m) {
    for (int i = 0; i < 4; i++) {
      if (a[i] < 0 || a[i] > 2L * m * M52) {
        return false;
      }
    }
    return a[4] >= 0 && a[4] <= 2L * m * M48;
  }

  /**
   * Random limbs of a random magnitude up to 8: uniformly random limbs, all-maximal limbs, and
   * canonical encodings of edge values (0, 1, p - 1, p, 2^256 - 1).
   */
  @Provide
  Arbitrary<Loose> loose() {
    Arbitrary<Integer> magnitude = Arbitraries.integers().between(1, 8);
    Arbitrary<Loose> random = Combinators.combine(magnitude, Arbitraries.longs().array(long[].class).ofSize(5))
        .as((m, seed) -> {
          long[] r = new long[5];
          for (int i = 0; i < 5; i++) {
            long bound = 2L * m * (i == 4 ? M48 : M52) + 1;
            r[i] = Math.floorMod(seed[i], bound);
          }
          return new Loose(r, m);
        });
    Arbitrary<Loose> maximal = magnitude.map(m -> {
      long[] r = new long[5];
      for (int i = 0; i < 5; i++) {
        r[i] = 2L * m * (i == 4 ? M48 : M52);
      }
      return new Loose(r, m);
    });
    Arbitrary<Loose> edges = Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P,
        P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), BigInteger.TWO.pow(255))
        .map(v -> new Loose(canonicalLimbs(v), 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, random), net.jqwik.api.Tuple.of(1, maximal), net.jqwik.api.Tuple.of(2, edges));
  }

  @Property(tries = 3000)
  void mulAndSqrMatchBigIntegerAndReturnMagnitudeOne(@ForAll("loose") Loose a, @ForAll("loose") Loose b) {
    long[] r = new long[5];
    Secp256k1Field.mul(r, a.limbs(), b.limbs());
    assertThat(valueOf(r).mod(P)).isEqualTo(a.value().multiply(b.value()).mod(P));
    assertThat(hasMagnitude(r, 1)).as("magnitude 1").isTrue();
    Secp256k1Field.sqr(r, a.limbs());
    assertThat(valueOf(r).mod(P)).isEqualTo(a.value().multiply(a.value()).mod(P));
    assertThat(hasMagnitude(r, 1)).as("magnitude 1").isTrue();
    // In place, as the point formulas use them.
    long[] t = a.limbs().clone();
    Secp256k1Field.mul(t, t, b.limbs());
    assertThat(valueOf(t).mod(P)).isEqualTo(a.value().multiply(b.value()).mod(P));
    t = a.limbs().clone();
    Secp256k1Field.sqr(t, t);
    assertThat(valueOf(t).mod(P)).isEqualTo(a.value().pow(2).mod(P));
  }

  @Property(tries = 2000)
  void linearOperationsKeepTheirMagnitudeBounds(@ForAll("loose") Loose a, @ForAll("loose") Loose b,
      @ForAll @IntRange(min = 1, max = 3) int k) {
    BigInteger va = a.value();
    long[] r = a.limbs().clone();
    Secp256k1Field.add(r, b.limbs());
    assertThat(valueOf(r)).isEqualTo(va.add(b.value()));
    assertThat(hasMagnitude(r, a.magnitude() + b.magnitude())).isTrue();

    Secp256k1Field.negate(r, a.limbs(), a.magnitude());
    assertThat(valueOf(r).mod(P)).isEqualTo(va.negate().mod(P));
    assertThat(hasMagnitude(r, a.magnitude() + 1)).isTrue();

    r = a.limbs().clone();
    Secp256k1Field.mulInt(r, k);
    assertThat(valueOf(r)).isEqualTo(va.multiply(BigInteger.valueOf(k)));
    assertThat(hasMagnitude(r, a.magnitude() * k)).isTrue();

    r = a.limbs().clone();
    Secp256k1Field.half(r);
    assertThat(valueOf(r).shiftLeft(1).mod(P)).isEqualTo(va.mod(P));
    assertThat(hasMagnitude(r, a.magnitude() / 2 + 1)).isTrue();

    r = a.limbs().clone();
    Secp256k1Field.normalizeWeak(r);
    assertThat(valueOf(r).mod(P)).isEqualTo(va.mod(P));
    assertThat(hasMagnitude(r, 1)).isTrue();
  }

  @Property(tries = 3000)
  void normalizeGivesTheCanonicalValueAndZeroTestIsExact(@ForAll("loose") Loose a) {
    long[] r = a.limbs().clone();
    Secp256k1Field.normalize(r);
    assertThat(valueOf(r)).isEqualTo(a.value().mod(P));
    assertThat(r).isEqualTo(canonicalLimbs(a.value().mod(P)));
    assertThat(Secp256k1Field.normalizesToZero(a.limbs())).isEqualTo(a.value().mod(P).signum() == 0 ? 1 : 0);
  }

  @Test
  void zeroTestAndNormalizeOnMultiplesOfP() {
    for (int j = 0; j <= 16; j++) {
      BigInteger v = P.multiply(BigInteger.valueOf(j));
      // j*p spread over limbs that stay within magnitude j (limb 4 absorbs the top bits).
      long[] r = canonicalLimbs(v.mod(BigInteger.ONE.shiftLeft(208)));
      r[4] = v.shiftRight(208).longValue();
      assertThat(valueOf(r)).isEqualTo(v);
      assertThat(Secp256k1Field.normalizesToZero(r)).as("%d p", j).isEqualTo(1);
      long[] n = r.clone();
      Secp256k1Field.normalize(n);
      assertThat(n).isEqualTo(new long[5]);
      long[] plusOne = r.clone();
      plusOne[0] += 1;
      assertThat(Secp256k1Field.normalizesToZero(plusOne)).isZero();
    }
  }

  @Property(tries = 500)
  void cmovSelectsByFlagOnly(@ForAll("loose") Loose a, @ForAll("loose") Loose b) {
    long[] r = a.limbs().clone();
    Secp256k1Field.cmov(r, b.limbs(), 0);
    assertThat(r).isEqualTo(a.limbs());
    Secp256k1Field.cmov(r, b.limbs(), 1);
    assertThat(r).isEqualTo(b.limbs());
  }

  @Property(tries = 300)
  void sqrtFindsRootsOfSquaresAndRejectsNonResidues(@ForAll("loose") Loose a) {
    BigInteger v = a.value().mod(P);
    long[] root = new long[5];
    boolean isSquare = v.signum() == 0 || v.modPow(P.shiftRight(1), P).equals(BigInteger.ONE);
    assertThat(Secp256k1Field.sqrt(root, a.limbs())).isEqualTo(isSquare);
    if (isSquare) {
      assertThat(valueOf(root).pow(2).mod(P)).isEqualTo(v);
    }
    // Every square has a root.
    long[] square = new long[5];
    Secp256k1Field.sqr(square, a.limbs());
    assertThat(Secp256k1Field.sqrt(root, square)).isTrue();
    assertThat(valueOf(root).pow(2).mod(P)).isEqualTo(v.pow(2).mod(P));
  }

  @Property(tries = 300)
  void invertMatchesModInverse(@ForAll("loose") Loose a) {
    BigInteger v = a.value().mod(P);
    long[] r = new long[5];
    if (v.signum() == 0) {
      assertThatThrownBy(() -> Secp256k1Field.invert(r, a.limbs())).isInstanceOf(ArithmeticException.class);
      return;
    }
    Secp256k1Field.invert(r, a.limbs());
    assertThat(valueOf(r)).isEqualTo(v.modInverse(P));
  }

  @Property(tries = 300)
  void bytesRoundTrip(@ForAll @Size(32) byte[] bytes) {
    BigInteger v = new BigInteger(1, bytes);
    if (v.compareTo(P) >= 0) {
      return;
    }
    long[] r = new long[5];
    Secp256k1Field.fromBytes(r, bytes, 0);
    assertThat(valueOf(r)).isEqualTo(v);
    byte[] out = new byte[34];
    Secp256k1Field.toBytes(r, out, 1);
    assertThat(Arrays.copyOfRange(out, 1, 33)).isEqualTo(bytes);
    assertThat(Secp256k1Field.toBigInteger(r)).isEqualTo(v);
    assertThat(Secp256k1Field.fromBigInteger(v)).isEqualTo(r);
  }

  /**
   * Every pair of inputs whose limbs are each 0 or maximal, at every magnitude: the corners where
   * mul's signed Karatsuba columns reach their extremes (a bias that was too small for limb 4 once
   * failed exactly here, e.g. a = (0, max, 0, 0, 0) times b = (0, 0, 0, max, max)).
   */
  @Test
  void mulAndSqrAtEveryCornerOfTheLimbBounds() {
    for (int ma = 1; ma <= 8; ma++) {
      for (int mb = 1; mb <= 8; mb *= 2) {
        for (int bitsA = 0; bitsA < 32; bitsA++) {
          long[] a = corner(bitsA, ma);
          for (int bitsB = 0; bitsB < 32; bitsB++) {
            long[] b = corner(bitsB, mb);
            long[] r = new long[5];
            Secp256k1Field.mul(r, a, b);
            assertThat(valueOf(r).mod(P)).as("%s * %s", Arrays.toString(a), Arrays.toString(b))
                .isEqualTo(valueOf(a).multiply(valueOf(b)).mod(P));
            assertThat(hasMagnitude(r, 1)).isTrue();
          }
          long[] r = new long[5];
          Secp256k1Field.sqr(r, a);
          assertThat(valueOf(r).mod(P)).isEqualTo(valueOf(a).pow(2).mod(P));
          assertThat(hasMagnitude(r, 1)).isTrue();
        }
      }
    }
  }

  /** Limb i is the maximum of magnitude m when bit i of bits is set, else 0. */
  static long[] corner(int bits, int m) {
    long[] r = new long[5];
    for (int i = 0; i < 5; i++) {
      r[i] = ((bits >>> i) & 1) == 1 ? 2L * m * (i == 4 ? M48 : M52) : 0;
    }
    return r;
  }

  @Test
  void squaringChainsOfMaximalInputsStayExact() {
    // Repeated operations at the magnitude limit, as the formulas reach it.
    List<long[]> inputs = new ArrayList<>();
    for (int m = 1; m <= 8; m++) {
      long[] r = new long[5];
      for (int i = 0; i < 5; i++) {
        r[i] = 2L * m * (i == 4 ? M48 : M52);
      }
      inputs.add(r);
    }
    for (long[] in : inputs) {
      BigInteger v = valueOf(in).mod(P);
      long[] t = in.clone();
      for (int i = 0; i < 50; i++) {
        Secp256k1Field.sqr(t, t);
        v = v.pow(2).mod(P);
        long[] u = t.clone();
        Secp256k1Field.mulInt(u, 8);
        Secp256k1Field.mul(u, u, in);
        assertThat(valueOf(u).mod(P)).isEqualTo(v.multiply(BigInteger.valueOf(8)).multiply(valueOf(in)).mod(P));
      }
      assertThat(valueOf(t).mod(P)).isEqualTo(v);
    }
  }
}
