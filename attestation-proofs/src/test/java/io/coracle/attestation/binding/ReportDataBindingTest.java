package io.coracle.attestation.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coracle.attestation.Bytes;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReportDataBindingTest {
  // secp256k1 G and 2G, SEC1-compressed
  static final byte[] G = Bytes.fromHex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798").toArray();
  static final byte[] G2 = Bytes.fromHex("02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5").toArray();
  static final byte[] REGISTRY = Bytes.fromHex("5fbdb2315678afecb367f032d93f642f64180aa3").toArray();
  static final byte[] SIGNER = Bytes.fromHex("f39fd6e51aad88f6f4ce6ab8827279cfffb92266").toArray();
  static final byte[] NONCE = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      NONCE[i] = (byte) i;
    }
  }

  @Test
  void knownAnswer() throws Exception {
    // Independently computed: python3 hashlib.sha512(b"coracle-attest-v1" + (31337).to_bytes(32,'big') + ...)
    ReportDataBinding b = ReportDataBinding.of(BigInteger.valueOf(31337), REGISTRY, G, SIGNER, G2, NONCE);
    assertThat(b.preimage()).hasSize(187);
    assertThat(b.reportData().hex()).isEqualTo(
        "bf91061e500002ac3b27543f7aab475f74fd719711456efa3883c10a17d2a491"
            + "a5ae0c3a698ab8774e0e35ceacf0adf4537f113fa4cebb7c73c180db8dff4d89");
    assertThat(b.matches(b.reportData())).isTrue();
  }

  @Test
  void everyInputIsValidatedWithATypedError() {
    assertField(() -> ReportDataBinding.of(BigInteger.valueOf(-1), REGISTRY, G, SIGNER, G2, NONCE), BindingException.Field.CHAIN_ID);
    assertField(() -> ReportDataBinding.of(BigInteger.ONE.shiftLeft(256), REGISTRY, G, SIGNER, G2, NONCE), BindingException.Field.CHAIN_ID);
    assertField(() -> ReportDataBinding.of(BigInteger.ONE, new byte[19], G, SIGNER, G2, NONCE), BindingException.Field.REGISTRY);
    assertField(() -> ReportDataBinding.of(BigInteger.ONE, REGISTRY, new byte[33], SIGNER, G2, NONCE), BindingException.Field.VRF_PUBLIC_KEY);
    byte[] notOnCurve = G.clone();
    notOnCurve[32] ^= 1;
    notOnCurve[1] = 0;
    assertField(() -> ReportDataBinding.of(BigInteger.ONE, REGISTRY, G, SIGNER, java.util.Arrays.copyOf(G2, 65), NONCE),
        BindingException.Field.ENCRYPTION_PUBLIC_KEY);
    assertField(() -> ReportDataBinding.of(BigInteger.ONE, REGISTRY, G, null, G2, NONCE), BindingException.Field.SIGNER);
    assertField(() -> ReportDataBinding.of(BigInteger.ONE, REGISTRY, G, SIGNER, G2, new byte[31]), BindingException.Field.NONCE);
  }

  @Test
  void pointsOffTheCurveAreRejected() {
    byte[] x = new byte[33];
    x[0] = 2;
    x[32] = 5; // x = 5: 125 + 7 = 132 is not a square mod p
    assertField(() -> ReportDataBinding.of(BigInteger.ONE, REGISTRY, x, SIGNER, G2, NONCE), BindingException.Field.VRF_PUBLIC_KEY);
  }

  private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, BindingException.Field f) {
    assertThatThrownBy(c).isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.field()).isEqualTo(f));
  }

  @Property(tries = 200)
  void anyChangeOfAnyInputChangesReportData(@ForAll @Size(32) byte[] nonce, @ForAll @IntRange(min = 0, max = 186) int position)
      throws Exception {
    ReportDataBinding b = ReportDataBinding.of(BigInteger.valueOf(1), REGISTRY, G, SIGNER, G2, nonce);
    byte[] pre = b.preimage();
    byte[] changed = pre.clone();
    changed[position] ^= 1;
    assertThat(java.security.MessageDigest.getInstance("SHA-512").digest(changed)).isNotEqualTo(b.reportData().toArray());
    assertThat(b.reportData().length()).isEqualTo(64);
    ReportDataBinding other = ReportDataBinding.of(BigInteger.valueOf(2), REGISTRY, G, SIGNER, G2, nonce);
    assertThat(other.matches(b.reportData())).isFalse();
  }
}
