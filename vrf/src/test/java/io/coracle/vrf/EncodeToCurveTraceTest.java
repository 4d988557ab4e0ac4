package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EncodeToCurveTraceTest {

  @Property(tries = 300)
  void traceIsConsistentWithTheFastPathAndEveryRejectionHasAWitness(@ForAll EcvrfSuite suite,
      @ForAll @Size(33) byte[] pk, @ForAll @Size(max = 40) byte[] alpha) {
    Ecvrf vrf = Ecvrf.of(suite);
    BigInteger p = vrf.fieldPrime();
    HashToCurveTrace trace = vrf.encodeToCurveTrace(pk, alpha);
    assertThat(trace.found()).isTrue();
    assertThat(trace.h()).isEqualTo(vrf.encodeToCurve(pk, alpha).value());
    assertThat(trace.attempts()).hasSize(trace.ctr() + 1);
    for (HashToCurveTrace.Attempt a : trace.attempts()) {
      assertThat(a.hash()).isEqualTo(hash(suite, pk, alpha, a.ctr()));
      assertThat(a.x()).isEqualTo(new BigInteger(1, a.hash()));
      if (a.outcome() == HashToCurveTrace.Outcome.X_NOT_IN_FIELD) {
        assertThat(a.x()).isGreaterThanOrEqualTo(p);
        continue;
      }
      BigInteger rhs = a.x().pow(3).add(vrf.curve().getA().toBigInteger().multiply(a.x()))
          .add(vrf.curve().getB().toBigInteger()).mod(p);
      assertThat(a.rhs()).isEqualTo(rhs);
      if (a.outcome() == HashToCurveTrace.Outcome.NON_RESIDUE) {
        assertThat(a.ctr()).isLessThan(trace.ctr());
        // The witness proves non-residuosity: w^2 = -rhs, and -1 is a non-residue (p = 3 mod 4).
        assertThat(a.nonResidueWitness().modPow(BigInteger.TWO, p)).isEqualTo(rhs.negate().mod(p));
        assertThat(rhs.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p)).isEqualTo(p.subtract(BigInteger.ONE));
      } else {
        assertThat(a.ctr()).isEqualTo(trace.ctr());
        assertThat(a.y().testBit(0)).isFalse();
        assertThat(a.y().modPow(BigInteger.TWO, p)).isEqualTo(rhs);
        assertThat(trace.h().getAffineXCoord().toBigInteger()).isEqualTo(a.x());
        assertThat(trace.h().getAffineYCoord().toBigInteger()).isEqualTo(a.y());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void bothFieldsAreThreeModFourSoMinusOneIsANonResidue(EcvrfSuite suite) {
    assertThat(Ecvrf.of(suite).fieldPrime().testBit(0)).isTrue();
    assertThat(Ecvrf.of(suite).fieldPrime().testBit(1)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void someMessagesNeedSeveralCounters(EcvrfSuite suite) {
    Ecvrf vrf = Ecvrf.of(suite);
    byte[] pk = Ecvrf.of(suite).generator().getEncoded(true);
    int maxCtr = 0;
    for (int i = 0; i < 64; i++) {
      maxCtr = Math.max(maxCtr, vrf.encodeToCurveTrace(pk, new byte[] {(byte) i}).ctr());
    }
    // With probability 1 - 2^-64 some message is rejected at least once.
    assertThat(maxCtr).isGreaterThan(0);
  }

  static byte[] hash(EcvrfSuite suite, byte[] pk, byte[] alpha, int ctr) {
    SHA256Digest d = new SHA256Digest();
    d.update(suite.suiteByte());
    d.update((byte) 1);
    d.update(pk, 0, pk.length);
    d.update(alpha, 0, alpha.length);
    d.update((byte) ctr);
    d.update((byte) 0);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }
}
