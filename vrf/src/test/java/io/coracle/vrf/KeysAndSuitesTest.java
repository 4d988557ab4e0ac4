package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysAndSuitesTest {

  @Test
  void suitesAreFoundByShortFullAndCurveNamesIgnoringCase() {
    assertThat(EcvrfSuite.find("secp256k1")).contains(EcvrfSuite.SECP256K1_SHA256_TAI);
    assertThat(EcvrfSuite.find("SECP256K1")).contains(EcvrfSuite.SECP256K1_SHA256_TAI);
    assertThat(EcvrfSuite.find("ecvrf-secp256k1-sha256-tai")).contains(EcvrfSuite.SECP256K1_SHA256_TAI);
    assertThat(EcvrfSuite.find("p256")).contains(EcvrfSuite.P256_SHA256_TAI);
    assertThat(EcvrfSuite.find("P-256")).contains(EcvrfSuite.P256_SHA256_TAI);
    assertThat(EcvrfSuite.find("secp256r1")).contains(EcvrfSuite.P256_SHA256_TAI);
    assertThat(EcvrfSuite.find("ECVRF-P256-SHA256-TAI")).contains(EcvrfSuite.P256_SHA256_TAI);
    assertThat(EcvrfSuite.find("ed25519")).isEmpty();
    assertThat(EcvrfSuite.find(null)).isEmpty();
    assertThatThrownBy(() -> EcvrfSuite.byName("p384"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secp256k1").hasMessageContaining("p256");
    assertThat(EcvrfSuite.SECP256K1_SHA256_TAI.suiteByte()).isEqualTo((byte) 0xFE);
    assertThat(EcvrfSuite.P256_SHA256_TAI.suiteByte()).isEqualTo((byte) 0x01);
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void secretKeyNeverPrintsTheScalar(EcvrfSuite suite) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfKeyPair kp = vrf.generateKeyPair(new SecureRandom());
    String hex = Hex.toHexString(kp.secretKey().toBytes());
    String dec = new BigInteger(1, kp.secretKey().toBytes()).toString();
    for (String printed : new String[] {kp.secretKey().toString(), kp.toString(),
        VrfResult.ok(kp.secretKey()).toString()}) {
      assertThat(printed).doesNotContain(hex).doesNotContain(hex.toUpperCase())
          .doesNotContain(dec).doesNotContain(hex.substring(0, 16)).contains("redacted");
    }
    assertThat(kp.secretKey().toString()).contains(kp.publicKey().toHex());
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void keysRoundTripAndCompareByValue(EcvrfSuite suite) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfKeyPair kp = vrf.generateKeyPair(new SecureRandom());
    VrfSecretKey again = vrf.decodeSecretKey(kp.secretKey().toBytes()).value();
    assertThat(again).isEqualTo(kp.secretKey()).hasSameHashCodeAs(kp.secretKey());
    assertThat(again.publicKey()).isEqualTo(kp.publicKey());
    assertThat(vrf.decodePublicKey(kp.publicKey().encoded()).value()).isEqualTo(kp.publicKey());
    assertThat(vrf.publicKey(kp.publicKey().point()).value()).isEqualTo(kp.publicKey());
    assertThat(kp.publicKey().encoded()).hasSize(33);
    assertThat(vrf.encodeUncompressed(kp.publicKey().point())).hasSize(64);
    assertThat(vrf.generateKeyPair(new SecureRandom()).secretKey()).isNotEqualTo(kp.secretKey());
  }

  @Test
  void verdictValuesCompareByContent() {
    assertThat(new VrfVerification.Valid(new byte[] {1, 2})).isEqualTo(new VrfVerification.Valid(new byte[] {1, 2}));
    assertThat(new VrfVerification.Valid(new byte[] {1, 2}).toString()).contains("0102");
    byte[] beta = {9};
    VrfVerification.Valid v = new VrfVerification.Valid(beta);
    beta[0] = 0;
    assertThat(v.beta()).containsExactly(9);
    assertThat(VrfFailure.CHALLENGE_MISMATCH.code()).isEqualTo("challenge_mismatch");
    assertThatThrownBy(() -> VrfResult.failed(VrfFailure.S_OUT_OF_RANGE).value())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("s_out_of_range");
  }
}
