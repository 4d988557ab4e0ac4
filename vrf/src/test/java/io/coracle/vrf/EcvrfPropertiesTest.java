package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.util.BigIntegers;

class EcvrfPropertiesTest {

  /** A secret key derived from 32 random bytes: (seed mod (n-1)) + 1. */
  static VrfSecretKey key(Ecvrf vrf, byte[] seed) {
    BigInteger x = new BigInteger(1, seed).mod(vrf.order().subtract(BigInteger.ONE)).add(BigInteger.ONE);
    return vrf.decodeSecretKey(BigIntegers.asUnsignedByteArray(32, x)).value();
  }

  @Property(tries = 200)
  void proveThenVerifyHoldsAndBetaIsProofToHash(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 200) byte[] alpha) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = key(vrf, seed);
    byte[] pi = vrf.prove(sk, alpha);
    assertThat(pi).hasSize(81);
    VrfVerification v = vrf.verify(sk.publicKey().encoded(), alpha, pi);
    assertThat(v).isInstanceOf(VrfVerification.Valid.class);
    assertThat(((VrfVerification.Valid) v).beta()).isEqualTo(vrf.proofToHash(pi).value());
    for (int i = 0; i < 3; i++) {
      assertThat(vrf.verify(sk.publicKey(), alpha, pi)).isEqualTo(v);
    }
    // Deterministic: the same key and message give the same proof.
    assertThat(vrf.prove(sk, alpha)).isEqualTo(pi);
  }

  @Property(tries = 300)
  void proveWithPointsGivesTheProofAndTheVerifiersOwnPoints(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 100) byte[] alpha) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = key(vrf, seed);
    Ecvrf.ProofWithPoints proven = vrf.proveWithPoints(sk, alpha);
    assertThat(proven.pi()).isEqualTo(vrf.prove(sk, alpha));
    ProofPoints expected = vrf.proofPoints(sk.publicKey().encoded(), alpha, proven.pi()).value();
    ProofPoints actual = proven.points();
    assertThat(expected.challengeMatches()).isTrue();
    assertThat(actual.challengeMatches()).isTrue();
    assertThat(actual.y()).isEqualTo(expected.y());
    assertThat(actual.h()).isEqualTo(expected.h());
    assertThat(actual.gamma()).isEqualTo(expected.gamma());
    assertThat(actual.c()).isEqualTo(expected.c());
    assertThat(actual.s()).isEqualTo(expected.s());
    assertThat(actual.u()).isEqualTo(expected.u());
    assertThat(actual.v()).isEqualTo(expected.v());
    assertThat(actual.sH()).isEqualTo(expected.sH());
    assertThat(actual.cGamma()).isEqualTo(expected.cGamma());
    // All normalized, as proofPoints promises: calldata reads affine coordinates straight off them.
    for (var point : java.util.List.of(actual.u(), actual.v(), actual.sH(), actual.cGamma(), actual.gamma(), actual.h())) {
      assertThat(point.isNormalized()).isTrue();
    }
  }

  @Property(tries = 300)
  void flippingAnyBitOfPiFailsVerification(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 64) byte[] alpha, @ForAll @IntRange(min = 0, max = 81 * 8 - 1) int bit) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = key(vrf, seed);
    byte[] pi = vrf.prove(sk, alpha);
    pi[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThat(vrf.verify(sk.publicKey().encoded(), alpha, pi).isValid()).isFalse();
  }

  @Property(tries = 300)
  void flippingAnyBitOfAlphaFailsVerification(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(min = 1, max = 64) byte[] alpha, @ForAll @IntRange(min = 0, max = 64 * 8 - 1) int bit) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = key(vrf, seed);
    byte[] pi = vrf.prove(sk, alpha);
    byte[] other = alpha.clone();
    int b = bit % (alpha.length * 8);
    other[b / 8] ^= (byte) (1 << (b % 8));
    assertThat(vrf.verify(sk.publicKey().encoded(), other, pi).isValid()).isFalse();
  }

  @Property(tries = 300)
  void flippingAnyBitOfPkFailsVerification(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 64) byte[] alpha, @ForAll @IntRange(min = 0, max = 33 * 8 - 1) int bit) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = key(vrf, seed);
    byte[] pi = vrf.prove(sk, alpha);
    byte[] pk = sk.publicKey().encoded();
    pk[bit / 8] ^= (byte) (1 << (bit % 8));
    // Either an invalid key or a valid key the proof is not for: never valid.
    assertThat(vrf.verify(pk, alpha, pi).isValid()).isFalse();
  }

  @Property(tries = 100)
  void differentMessagesGiveDifferentOutputs(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 32) byte[] a, @ForAll @Size(max = 32) byte[] b) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = key(vrf, seed);
    byte[] betaA = vrf.proofToHash(vrf.prove(sk, a)).value();
    byte[] betaB = vrf.proofToHash(vrf.prove(sk, b)).value();
    assertThat(java.util.Arrays.equals(betaA, betaB)).isEqualTo(java.util.Arrays.equals(a, b));
  }

  // ---------------------------------------------------------------- garbage never throws

  @Property(tries = 2000)
  void randomGarbageIntoEveryEntryPointNeverThrows(@ForAll EcvrfSuite suite,
      @ForAll @Size(max = 100) byte[] pk, @ForAll @Size(max = 100) byte[] alpha,
      @ForAll @Size(max = 120) byte[] pi) {
    Ecvrf vrf = Ecvrf.of(suite);
    everyEntryPointAnswers(vrf, pk, alpha, pi);
  }

  @Property(tries = 2000)
  void mutatedProofsAndKeysNeverThrow(@ForAll EcvrfSuite suite, @ForAll("mutations") int[][] mutations,
      @ForAll @IntRange(min = -2, max = 2) int lengthChange) {
    Ecvrf vrf = Ecvrf.of(suite);
    Fixture f = Fixture.of(suite);
    byte[] pi = java.util.Arrays.copyOf(f.pi, Math.max(0, f.pi.length + lengthChange));
    byte[] pk = f.pk.clone();
    for (int[] m : mutations) {
      if (m[0] == 0 && pi.length > 0) {
        pi[m[1] % pi.length] = (byte) m[2];
      } else if (m[0] == 1) {
        pk[m[1] % pk.length] = (byte) m[2];
      }
    }
    VrfVerification v = everyEntryPointAnswers(vrf, pk, f.alpha, pi);
    if (v.isValid()) {
      // Only possible if the mutations changed nothing.
      assertThat(pi).isEqualTo(f.pi);
      assertThat(pk).isEqualTo(f.pk);
    }
  }

  @Property(tries = 1000)
  void structuredGarbageWithValidPrefixesNeverThrows(@ForAll EcvrfSuite suite,
      @ForAll @IntRange(min = 2, max = 3) int prefix, @ForAll @Size(min = 80, max = 82) byte[] pi,
      @ForAll @Size(32) byte[] pkX) {
    Ecvrf vrf = Ecvrf.of(suite);
    pi[0] = (byte) prefix;
    byte[] pk = new byte[33];
    pk[0] = (byte) prefix;
    System.arraycopy(pkX, 0, pk, 1, 32);
    everyEntryPointAnswers(vrf, pk, new byte[] {1}, pi);
  }

  @Property(tries = 1000)
  void garbageSecretKeysAndPointsNeverThrow(@ForAll EcvrfSuite suite, @ForAll @Size(max = 80) byte[] bytes) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfResult<VrfSecretKey> sk = vrf.decodeSecretKey(bytes);
    if (sk.isOk()) {
      assertThat(sk.value().toBytes()).isEqualTo(bytes);
    }
    VrfResult<org.bouncycastle.math.ec.ECPoint> point = vrf.decodePoint(bytes);
    if (point.isOk()) {
      assertThat(point.value().isValid()).isTrue();
    }
  }

  private static VrfVerification everyEntryPointAnswers(Ecvrf vrf, byte[] pk, byte[] alpha, byte[] pi) {
    VrfVerification v = vrf.verify(pk, alpha, pi);
    assertThat(v).isNotNull();
    VrfResult<VrfPublicKey> key = vrf.decodePublicKey(pk);
    assertThat(key).isNotNull();
    if (key.isOk()) {
      assertThat(vrf.verify(key.value(), alpha, pi)).isEqualTo(v);
    } else {
      assertThat(v).isEqualTo(new VrfVerification.Invalid(key.failure().orElseThrow()));
    }
    assertThat(vrf.decodeProof(pi)).isNotNull();
    VrfResult<byte[]> beta = vrf.proofToHash(pi);
    if (v instanceof VrfVerification.Valid valid) {
      assertThat(valid.beta()).isEqualTo(beta.value());
    }
    assertThat(vrf.proofPoints(pk, alpha, pi)).isNotNull();
    assertThat(vrf.publicKeyPoint(pk)).isNotNull();
    assertThat(vrf.decodePoint(pk)).isNotNull();
    assertThat(vrf.decodePoint(pi)).isNotNull();
    assertThat(vrf.encodeToCurveTrace(pk, alpha).found()).isTrue();
    return v;
  }

  @Provide
  Arbitrary<int[][]> mutations() {
    Arbitrary<int[]> one = Combinators.combine(
        Arbitraries.integers().between(0, 1),
        Arbitraries.integers().between(0, 200),
        Arbitraries.integers().between(0, 255)).as((a, b, c) -> new int[] {a, b, c});
    return one.array(int[][].class).ofMinSize(1).ofMaxSize(4);
  }

  /** One valid (pk, alpha, pi) per suite to mutate. */
  record Fixture(byte[] pk, byte[] alpha, byte[] pi) {
    private static final java.util.Map<EcvrfSuite, Fixture> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    static Fixture of(EcvrfSuite suite) {
      return CACHE.computeIfAbsent(suite, s -> {
        Ecvrf vrf = Ecvrf.of(s);
        VrfSecretKey sk = key(vrf, new byte[] {7, 7, 7});
        byte[] alpha = "fixture".getBytes();
        return new Fixture(sk.publicKey().encoded(), alpha, vrf.prove(sk, alpha));
      });
    }
  }
}
