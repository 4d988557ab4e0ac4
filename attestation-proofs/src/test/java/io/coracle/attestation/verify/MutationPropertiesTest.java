package io.coracle.attestation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.attestation.TestEvidence;
import io.coracle.attestation.TestEvidence.EvidenceSet;
import io.coracle.attestation.cert.CertificateDecoding;
import io.coracle.attestation.cert.TrustRoots;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Mutated, truncated, oversized and random evidence is always rejected, and never throws. */
class MutationPropertiesTest {
  private static final SnpEvidenceVerifier VERIFIER = new SnpEvidenceVerifier(TrustRoots.amdProduction());
  private static final VerificationPolicy LENIENT = VerificationPolicy.builder().allowDebug(true).build();

  private static Verdict verify(EvidenceSet e, byte[] report, byte[] vek, byte[] ask, byte[] ark) {
    return VERIFIER.verify(report, vek, ask, ark, Optional.empty(), LENIENT, TestEvidence.validInstant(e.name()));
  }

  @Test
  void flippingAnyBitOfEverySignedByteIsRejected() {
    EvidenceSet e = TestEvidence.set("genoa-v5-oak");
    for (int i = 0; i < 0x2A0; i++) {
      byte[] r = e.report().clone();
      r[i] ^= (byte) (1 << (i % 8));
      Verdict v = verify(e, r, e.vek(), e.ask(), e.ark());
      assertThat(v.valid()).as("byte 0x%x", i).isFalse();
      assertThat(v.check(Checks.REPORT_SIGNATURE).map(CheckResult::ok)).as("byte 0x%x", i).isNotEqualTo(Optional.of(true));
    }
  }

  @Provide
  Arbitrary<String> setNames() {
    return Arbitraries.of(TestEvidence.SETS);
  }

  @Property(tries = 300)
  void anyBitFlipInTheReportIsRejected(@ForAll("setNames") String set, @ForAll @IntRange(min = 0, max = 0x49F) int offset,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    EvidenceSet e = TestEvidence.set(set);
    byte[] r = e.report().clone();
    r[offset] ^= (byte) (1 << bit);
    assertThat(verify(e, r, e.vek(), e.ask(), e.ark()).valid()).isFalse();
  }

  @Property(tries = 300)
  void anyBitFlipInACertificateIsRejected(@ForAll("setNames") String set, @ForAll @IntRange(min = 0, max = 2) int which,
      @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll @IntRange(min = 0, max = 7) int bit) throws Exception {
    EvidenceSet e = TestEvidence.set(set);
    byte[][] certs = {e.vek(), CertificateDecoding.toDer(e.ask()), CertificateDecoding.toDer(e.ark())};
    byte[] c = certs[which];
    c[position % c.length] ^= (byte) (1 << bit);
    Verdict v = verify(e, e.report(), certs[0], certs[1], certs[2]);
    assertThat(v.valid()).as("cert %d byte %d bit %d", which, position % c.length, bit).isFalse();
  }

  @Property(tries = 200)
  void randomBytesNeverThrowAndNeverVerify(@ForAll @Size(max = 3000) byte[] report, @ForAll @Size(max = 2000) byte[] cert) {
    EvidenceSet e = TestEvidence.set("milan-v2-trustee");
    assertThat(verify(e, report, cert, e.ask(), e.ark()).valid()).isFalse();
    assertThat(verify(e, report, e.vek(), cert, e.ark()).valid()).isFalse();
    assertThat(VERIFIER.verifyEncoded(report, LENIENT, TestEvidence.TODAY).valid()).isFalse();
  }

  @Property(tries = 200)
  void truncatedOrExtendedEvidenceIsRejected(@ForAll("setNames") String set, @ForAll @IntRange(min = 0, max = 2000) int length) {
    EvidenceSet e = TestEvidence.set(set);
    byte[] r = java.util.Arrays.copyOf(e.report(), length == 1184 ? 1185 : length);
    Verdict v = verify(e, r, e.vek(), e.ask(), e.ark());
    assertThat(v.valid()).isFalse();
    assertThat(v.check(Checks.REPORT_PARSE).orElseThrow().reason()).containsAnyOf("truncated", "oversized");
    byte[] vek = java.util.Arrays.copyOf(e.vek(), Math.min(length, e.vek().length - 1));
    assertThat(verify(e, e.report(), vek, e.ask(), e.ark()).check(Checks.CHAIN_PARSE).orElseThrow().ok()).isFalse();
  }
}
