package io.coracle.attestation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.TestEvidence;
import io.coracle.attestation.TestEvidence.EvidenceSet;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.AmdCertificate;
import io.coracle.attestation.cert.CertificateDecoding;
import io.coracle.attestation.cert.CertificateSignatures;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.report.ProcessorGeneration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Known-answer tests: real evidence from Milan and Genoa machines against AMD's pinned roots. */
class RealEvidenceTest {
  private final SnpEvidenceVerifier verifier = new SnpEvidenceVerifier(TrustRoots.amdProduction());

  static List<String> sets() {
    return TestEvidence.SETS;
  }

  /** A policy as strict as each set allows: its own measurement, report_data and TCB as floors. */
  static VerificationPolicy strictPolicyFor(EvidenceSet e) throws Exception {
    AttestationReport r = AttestationReport.parse(e.report());
    var tcb = (r.cpuid().flatMap(AttestationReport.CpuidSignature::generation).orElse(ProcessorGeneration.MILAN))
        .tcbLayout().decode(r.reportedTcb());
    return VerificationPolicy.builder()
        .allowDebug(r.policy().debugAllowed()) // go-sev-guest's test report was made with DEBUG=1
        .allowedVmpls(java.util.Set.of(r.vmpl()))
        .allowMeasurement(r.measurement())
        .expectedReportData(r.reportData())
        .minimumTcb(new VerificationPolicy.MinimumTcb(0, tcb.bootloader(), tcb.tee(), tcb.snp(), tcb.microcode()))
        .build();
  }

  @ParameterizedTest
  @MethodSource("sets")
  void everyRealSetVerifiesUnderItsStrictestPolicy(String name) throws Exception {
    EvidenceSet e = TestEvidence.set(name);
    Verdict v = verifier.verify(e.report(), e.vek(), e.ask(), e.ark(), Optional.empty(), strictPolicyFor(e),
        TestEvidence.validInstant(name));
    assertThat(v.valid()).as(v.summary()).isTrue();
    assertThat(v.checks()).extracting(CheckResult::name).containsExactlyElementsOf(Checks.EVIDENCE_CHECKS);
    assertThat(v.report()).isPresent();
  }

  @ParameterizedTest
  @MethodSource("sets")
  void everyRealSetVerifiesAsABundleAndRoundTrips(String name) throws Exception {
    EvidenceSet e = TestEvidence.set(name);
    EvidenceBundle b = new EvidenceBundle(Bytes.of(e.report()), Bytes.of(e.vek()),
        Bytes.of(CertificateDecoding.toDer(e.ask())), Bytes.of(CertificateDecoding.toDer(e.ark())), "test-vector",
        Instant.parse("2025-01-01T00:00:00Z"));
    byte[] encoded = b.encode();
    assertThat(EvidenceBundle.decode(encoded)).isEqualTo(b);
    Verdict v = verifier.verifyEncoded(encoded, strictPolicyFor(e), TestEvidence.validInstant(name));
    assertThat(v.valid()).as(v.summary()).isTrue();
    assertThat(v.checks().get(0).name()).isEqualTo(Checks.BUNDLE_DECODE);
  }

  @Test
  void decodedFieldsOfKnownReports() throws Exception {
    AttestationReport milan = AttestationReport.parse(TestEvidence.set("milan-v2-virtee-sev").report());
    assertThat(milan.version()).isEqualTo(2);
    assertThat(milan.cpuid()).isEmpty();
    assertThat(milan.reportedTcb()).isEqualTo(0x7308000000000003L);
    assertThat(ProcessorGeneration.MILAN.tcbLayout().decode(milan.reportedTcb()).toString())
        .isEqualTo("bl=3 tee=0 snp=8 ucode=115 (0300000000000873)");
    assertThat(milan.chipId().hex()).startsWith("d49554ec717f4e5b");
    assertThat(milan.measurement().hex()).startsWith("7a1e5c266c0108db");
    assertThat(milan.currentVersion().toString()).isEqualTo("1.52.4");

    AttestationReport vlek = AttestationReport.parse(TestEvidence.set("milan-v3-vlek-aws-trustee").report());
    assertThat(vlek.version()).isEqualTo(3);
    assertThat(vlek.vmpl()).isEqualTo(1);
    assertThat(vlek.signerInfo().signingKey().name()).isEqualTo("VLEK");
    assertThat(vlek.cpuid()).contains(new AttestationReport.CpuidSignature(0x19, 0x01, 0x01));
    assertThat(vlek.chipId().isAllZero()).isTrue();
    assertThat(vlek.platformInfo().aliasCheckComplete()).isTrue();

    AttestationReport genoa5 = AttestationReport.parse(TestEvidence.set("genoa-v5-oak").report());
    assertThat(genoa5.version()).isEqualTo(5);
    assertThat(genoa5.cpuid().flatMap(AttestationReport.CpuidSignature::generation)).contains(ProcessorGeneration.GENOA);
    assertThat(genoa5.launchMitigationVector()).hasValue(1L);
    assertThat(genoa5.currentMitigationVector()).hasValue(1L);
    assertThat(genoa5.describe(ProcessorGeneration.GENOA.tcbLayout())).containsKeys("launchMitVector", "cpuid", "reportedTcb");

    AttestationReport genoa3 = AttestationReport.parse(TestEvidence.set("genoa-v3-azure-hcl-trustee").report());
    assertThat(genoa3.launchMitigationVector()).isEmpty();
    assertThat(genoa3.guestSvn()).isEqualTo(65547);
  }

  @Test
  void debugReportIsRejectedByTheDefaultPolicyForThatReasonOnly() {
    EvidenceSet e = TestEvidence.set("milan-v2-go-sev-guest");
    Verdict v = verifier.verify(e.report(), e.vek(), e.ask(), e.ark(), Optional.empty(), VerificationPolicy.defaults(),
        TestEvidence.TODAY);
    assertThat(v.valid()).isFalse();
    assertThat(v.failures()).extracting(CheckResult::name).containsExactly(Checks.POLICY_DEBUG);
  }

  @Test
  void expiredVlekIsRejectedTodayAndAcceptedBeforeItsExpiry() {
    EvidenceSet e = TestEvidence.set("milan-v3-vlek-aws-trustee");
    Verdict today = verifier.verify(e.report(), e.vek(), e.ask(), e.ark(), Optional.empty(),
        VerificationPolicy.defaults(), TestEvidence.TODAY);
    assertThat(today.failures()).extracting(CheckResult::name).containsExactly(Checks.VEK_VALIDITY);
    assertThat(today.check(Checks.VEK_VALIDITY).orElseThrow().reason()).contains("expired at 2025-12-10T22:14:21Z");
    Verdict before = verifier.verify(e.report(), e.vek(), e.ask(), e.ark(), Optional.empty(),
        VerificationPolicy.defaults(), TestEvidence.BEFORE_VLEK_EXPIRY);
    assertThat(before.valid()).as(before.summary()).isTrue();
    Verdict beforeIssue = verifier.verify(e.report(), e.vek(), e.ask(), e.ark(), Optional.empty(),
        VerificationPolicy.defaults(), Instant.parse("2024-01-01T00:00:00Z"));
    assertThat(beforeIssue.check(Checks.VEK_VALIDITY).orElseThrow().reason()).contains("not yet valid");
  }

  @Test
  void turinChainOnlyVerifies() throws Exception {
    List<byte[]> chain = CertificateDecoding.toDerList(TestEvidence.resource("turin-chain-only/cert_chain.pem"));
    AmdCertificate ask = AmdCertificate.parse(chain.get(0));
    AmdCertificate ark = AmdCertificate.parse(chain.get(1));
    AmdCertificate vcek = AmdCertificate.parse(TestEvidence.resource("turin-chain-only/vcek.der"));
    assertThat(TrustRoots.amdProduction().lookup(ark.sha256()).orElseThrow().product()).contains(ProcessorGeneration.TURIN);
    assertThat(CertificateSignatures.problem(ark, ark)).isEmpty();
    assertThat(CertificateSignatures.problem(ark, ask)).isEmpty();
    assertThat(CertificateSignatures.problem(ask, vcek)).isEmpty();
    assertThat(ark.validAt(TestEvidence.TODAY) && ask.validAt(TestEvidence.TODAY)).isTrue();
    assertThat(vcek.vekExtensions().structVersion()).hasValue(1);
    assertThat(vcek.vekExtensions().productName()).contains("Turin");
    assertThat(vcek.vekExtensions().hwId().orElseThrow().length()).isEqualTo(8);
    assertThat(vcek.vekExtensions().fmcSpl()).isPresent();
    assertThat(vcek.vekExtensions().problems()).isEmpty();
    // and a chain check fails when the ASK is swapped for Genoa's
    AmdCertificate genoaAsk = AmdCertificate.parse(CertificateDecoding.toDer(TestEvidence.resource("amd-roots/genoa/ask.pem")));
    assertThat(CertificateSignatures.problem(ark, genoaAsk)).isPresent();
  }

  @Test
  void amdRootsArePinnedExactly() throws Exception {
    for (String p : List.of("milan", "genoa", "turin")) {
      AmdCertificate ark = AmdCertificate.parse(CertificateDecoding.toDer(TestEvidence.resource("amd-roots/" + p + "/ark.pem")));
      assertThat(TrustRoots.amdProduction().lookup(ark.sha256())).as(p).isPresent();
      AmdCertificate ask = AmdCertificate.parse(CertificateDecoding.toDer(TestEvidence.resource("amd-roots/" + p + "/ask.pem")));
      assertThat(CertificateSignatures.problem(ark, ask)).as(p).isEmpty();
    }
  }

  @Test
  void withoutAmdRootsRealEvidenceIsNotTrusted() {
    EvidenceSet e = TestEvidence.set("milan-v2-trustee");
    Verdict v = new SnpEvidenceVerifier(new TrustRoots(java.util.Map.of()))
        .verify(e.report(), e.vek(), e.ask(), e.ark(), Optional.empty(), VerificationPolicy.defaults(), TestEvidence.TODAY);
    assertThat(v.failures()).extracting(CheckResult::name).containsExactly(Checks.ARK_PINNED);
    assertThat(v.check(Checks.ARK_PINNED).orElseThrow().reason()).contains("neither a pinned AMD root");
  }

  @Test
  void reportFromOneChipWithAnotherChipsVcekFails() {
    EvidenceSet a = TestEvidence.set("milan-v2-trustee");
    EvidenceSet b = TestEvidence.set("milan-v2-go-sev-guest");
    Verdict v = verifier.verify(a.report(), b.vek(), b.ask(), b.ark(), Optional.empty(), VerificationPolicy.defaults(),
        TestEvidence.TODAY);
    assertThat(v.failures()).extracting(CheckResult::name)
        .containsExactly(Checks.REPORT_SIGNATURE, Checks.VEK_TCB, Checks.VEK_HWID);
    assertThat(v.check(Checks.VEK_HWID).orElseThrow().reason()).contains("another chip");
  }

  @Test
  void genoaVcekUnderMilanChainFailsProductAndSignature() {
    EvidenceSet milan = TestEvidence.set("milan-v2-trustee");
    EvidenceSet genoa = TestEvidence.set("genoa-v3-azure-hcl-trustee");
    Verdict v = verifier.verify(genoa.report(), genoa.vek(), milan.ask(), milan.ark(), Optional.empty(),
        VerificationPolicy.defaults(), TestEvidence.TODAY);
    assertThat(v.failures()).extracting(CheckResult::name).contains(Checks.VEK_SIGNED_BY_ASK, Checks.VEK_PRODUCT);
    assertThat(v.check(Checks.VEK_SIGNED_BY_ASK).orElseThrow().reason()).contains("does not name the signer");
    assertThat(v.check(Checks.VEK_TCB).orElseThrow().status()).isEqualTo(CheckResult.Status.NOT_RUN);
  }

  @Test
  void vlekReportWithAVcekChainFailsSigningKey() {
    EvidenceSet vlek = TestEvidence.set("milan-v3-vlek-aws-trustee");
    EvidenceSet vcek = TestEvidence.set("milan-v2-trustee");
    Verdict v = verifier.verify(vlek.report(), vcek.vek(), vcek.ask(), vcek.ark(), Optional.empty(),
        VerificationPolicy.defaults(), TestEvidence.BEFORE_VLEK_EXPIRY);
    assertThat(v.check(Checks.REPORT_SIGNING_KEY).orElseThrow().ok()).isFalse();
    assertThat(v.check(Checks.REPORT_SIGNING_KEY).orElseThrow().reason()).contains("names the VLEK");
  }

  @Test
  void askPassedAsArkFailsSelfSignatureAndPin() {
    EvidenceSet e = TestEvidence.set("milan-v2-trustee");
    Verdict v = verifier.verify(e.report(), e.vek(), e.ask(), e.ask(), Optional.empty(), VerificationPolicy.defaults(),
        TestEvidence.TODAY);
    assertThat(v.check(Checks.ARK_SELF_SIGNED).orElseThrow().ok()).isFalse();
    assertThat(v.check(Checks.ARK_PINNED).orElseThrow().ok()).isFalse();
    assertThat(v.check(Checks.ASK_SIGNED_BY_ARK).orElseThrow().ok()).isFalse();
  }
}
