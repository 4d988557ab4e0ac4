package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EcvrfVectorsTest {

  static List<TestVectors.Vector> vectors() {
    return TestVectors.all();
  }

  static List<TestVectors.Vector> provable() {
    return TestVectors.all().stream().filter(v -> v.sk() != null).toList();
  }

  @Test
  void theVectorFileHasEverySuiteAndTheVerifyOnlyCase() {
    List<TestVectors.Vector> all = vectors();
    assertThat(all).hasSize(6);
    assertThat(all).filteredOn(v -> v.suite() == EcvrfSuite.P256_SHA256_TAI).hasSize(3);
    assertThat(all).filteredOn(v -> v.suite() == EcvrfSuite.SECP256K1_SHA256_TAI).hasSize(3);
    assertThat(all).filteredOn(v -> v.sk() == null).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("provable")
  void publicKeyFromSecretKey(TestVectors.Vector v) {
    Ecvrf vrf = Ecvrf.of(v.suite());
    VrfSecretKey sk = vrf.decodeSecretKey(v.sk()).value();
    assertThat(sk.publicKey().encoded()).isEqualTo(v.pk());
    assertThat(sk.toBytes()).isEqualTo(v.sk());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("provable")
  void proveReproducesPi(TestVectors.Vector v) {
    Ecvrf vrf = Ecvrf.of(v.suite());
    VrfSecretKey sk = vrf.decodeSecretKey(v.sk()).value();
    assertThat(Hex.toHexString(vrf.prove(sk, v.alpha()))).isEqualTo(Hex.toHexString(v.pi()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void verifyAcceptsAndReturnsBeta(TestVectors.Vector v) {
    Ecvrf vrf = Ecvrf.of(v.suite());
    VrfVerification result = vrf.verify(v.pk(), v.alpha(), v.pi());
    assertThat(result).isEqualTo(new VrfVerification.Valid(v.beta()));
    // The same through an already decoded key, reused: small table, then promoted, then cached.
    VrfPublicKey pk = vrf.decodePublicKey(v.pk()).value();
    for (int i = 0; i < 3; i++) {
      assertThat(vrf.verify(pk, v.alpha(), v.pi())).isEqualTo(result);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void proofToHashGivesBeta(TestVectors.Vector v) {
    assertThat(Ecvrf.of(v.suite()).proofToHash(v.pi()).value()).isEqualTo(v.beta());
  }

  @Test
  void rfc9381Example10IntermediateHAndK() {
    TestVectors.Vector ex10 = vectors().stream()
        .filter(v -> v.h() != null).findFirst().orElseThrow();
    assertThat(ex10.source()).contains("Example 10");
    Ecvrf vrf = Ecvrf.of(EcvrfSuite.P256_SHA256_TAI);
    byte[] h = vrf.encodeCompressed(vrf.encodeToCurve(ex10.pk(), ex10.alpha()).value());
    assertThat(Hex.toHexString(h)).isEqualTo(Hex.toHexString(ex10.h()));
    VrfSecretKey sk = vrf.decodeSecretKey(ex10.sk()).value();
    assertThat(vrf.nonce(sk, h)).isEqualTo(new BigInteger(1, ex10.k()));
    // The trace agrees with the fast path.
    HashToCurveTrace trace = vrf.encodeToCurveTrace(ex10.pk(), ex10.alpha());
    assertThat(vrf.encodeCompressed(trace.h())).isEqualTo(ex10.h());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodedProofReencodesToTheSameBytesAndItsPointsCheckOut(TestVectors.Vector v) {
    Ecvrf vrf = Ecvrf.of(v.suite());
    DecodedProof d = vrf.decodeProof(v.pi()).value();
    assertThat(vrf.encodeProof(d.gamma(), d.c(), d.s()).value()).isEqualTo(v.pi());
    ProofPoints pp = vrf.proofPoints(v.pk(), v.alpha(), v.pi()).value();
    assertThat(pp.challengeMatches()).isTrue();
    assertThat(pp.u()).isEqualTo(vrf.generator().multiply(d.s()).subtract(pp.y().multiply(d.c())).normalize());
    assertThat(pp.v()).isEqualTo(pp.sH().subtract(pp.cGamma()).normalize());
    assertThat(vrf.challenge(pp.y(), pp.h(), pp.gamma(), pp.u(), pp.v())).isEqualTo(d.c());
  }
}
