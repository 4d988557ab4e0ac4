package io.coracle.attestation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.SimulatedChips;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.CertificateChainCache;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.provider.SimulatedProvider;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.report.ReportBuilder;
import io.coracle.attestation.report.TcbLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every chain, report and policy check has a case that fails it, built from a simulated chip. */
class SimulatedEvidenceTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  final SimulatedHierarchy genoa = SimulatedChips.chip(ProcessorGeneration.GENOA);
  final SnpEvidenceVerifier trusting = new SnpEvidenceVerifier(SimulatedChips.trusting(genoa));

  byte[] report(UnaryOperator<ReportBuilder> guest) {
    return genoa.sign(guest.apply(genoa.reportTemplate()).buildUnsigned());
  }

  Verdict verify(byte[] report, VerificationPolicy policy) {
    return trusting.verify(report, genoa.vcekDer().toArray(), genoa.askDer().toArray(), genoa.arkDer().toArray(),
        Optional.of(NOW), policy, NOW);
  }

  static void failsOnly(Verdict v, String... checks) {
    assertThat(v.valid()).isFalse();
    assertThat(v.failures()).extracting(CheckResult::name).containsExactlyInAnyOrder(checks);
  }

  @Test
  void simulatedEvidenceVerifiesOnlyUnderItsExplicitRoot() throws Exception {
    EvidenceBundle b = new SimulatedProvider(genoa, Clock.fixed(NOW, ZoneOffset.UTC)).obtain(new byte[64]);
    assertThat(b.provider()).isEqualTo("simulated");
    Verdict ok = trusting.verify(b, VerificationPolicy.defaults(), NOW);
    assertThat(ok.valid()).as(ok.summary()).isTrue();
    assertThat(ok.check(Checks.ARK_PINNED).orElseThrow().reason()).contains("NOT an AMD production root");
    Verdict amd = new SnpEvidenceVerifier(TrustRoots.amdProduction()).verify(b, VerificationPolicy.defaults(), NOW);
    failsOnly(amd, Checks.ARK_PINNED);
  }

  @Test
  void everySimulatedProductVerifiesIncludingTurinV5() throws Exception {
    for (ProcessorGeneration p : ProcessorGeneration.values()) {
      SimulatedHierarchy h = SimulatedChips.chip(p);
      EvidenceBundle b = new SimulatedProvider(h, Clock.fixed(NOW, ZoneOffset.UTC)).obtain(new byte[64]);
      Verdict v = new SnpEvidenceVerifier(SimulatedChips.trusting(h)).verify(b, VerificationPolicy.defaults(), NOW);
      assertThat(v.valid()).as(p + ": " + v.summary()).isTrue();
      assertThat(v.product()).contains(p);
    }
    // Turin: FMC is part of the TCB and must match the VCEK's fmcSPL
    SimulatedHierarchy turin = SimulatedChips.chip(ProcessorGeneration.TURIN);
    long tcb = turin.tcb();
    long otherFmc = TcbLayout.TURIN.encode(9, 1, 0, 4, 0x4b);
    assertThat(otherFmc).isNotEqualTo(tcb);
    byte[] r = turin.sign(turin.reportTemplate().reportedTcb(otherFmc).buildUnsigned());
    Verdict v = new SnpEvidenceVerifier(SimulatedChips.trusting(turin)).verify(r, turin.vcekDer().toArray(),
        turin.askDer().toArray(), turin.arkDer().toArray(), Optional.empty(), VerificationPolicy.defaults(), NOW);
    failsOnly(v, Checks.VEK_TCB);
    assertThat(v.check(Checks.VEK_TCB).orElseThrow().reason()).contains("FMC SPL is 9");
  }

  @Test
  void policyDebug() {
    failsOnly(verify(report(b -> b.policy(0x30000L | 1L << 19)), VerificationPolicy.defaults()), Checks.POLICY_DEBUG);
    assertThat(verify(report(b -> b.policy(0x30000L | 1L << 19)),
        VerificationPolicy.builder().allowDebug(true).build()).valid()).isTrue();
  }

  @Test
  void policyMigrationAgent() {
    failsOnly(verify(report(b -> b.policy(0x30000L | 1L << 18)), VerificationPolicy.defaults()), Checks.POLICY_MIGRATION_AGENT);
    byte[] ma = new byte[32];
    Arrays.fill(ma, (byte) 7);
    failsOnly(verify(report(b -> b.reportIdMa(ma)), VerificationPolicy.defaults()), Checks.POLICY_MIGRATION_AGENT);
    assertThat(verify(report(b -> b.reportIdMa(ma)), VerificationPolicy.builder().allowMigrationAgent(true).build()).valid()).isTrue();
  }

  @Test
  void policySmt() {
    VerificationPolicy noSmt = VerificationPolicy.builder().allowSmt(false).build();
    failsOnly(verify(report(b -> b.platformInfo(0x25)), noSmt), Checks.POLICY_SMT);
    assertThat(verify(report(b -> b.platformInfo(0x24)), noSmt).valid()).isTrue();
  }

  @Test
  void policyVmpl() {
    VerificationPolicy only0 = VerificationPolicy.builder().allowedVmpls(Set.of(0)).build();
    failsOnly(verify(report(b -> b.vmpl(2)), only0), Checks.POLICY_VMPL);
    assertThat(verify(report(b -> b.vmpl(0)), only0).valid()).isTrue();
  }

  @Test
  void policyMinimumTcb() {
    var tcb = genoa.product().tcbLayout().decode(genoa.tcb());
    VerificationPolicy above = VerificationPolicy.builder()
        .minimumTcb(new VerificationPolicy.MinimumTcb(0, tcb.bootloader(), tcb.tee(), tcb.snp() + 1, tcb.microcode())).build();
    Verdict v = verify(report(b -> b), above);
    failsOnly(v, Checks.POLICY_MIN_TCB);
    assertThat(v.check(Checks.POLICY_MIN_TCB).orElseThrow().reason()).contains("SNP " + tcb.snp() + " < " + (tcb.snp() + 1));
    VerificationPolicy equal = VerificationPolicy.builder()
        .minimumTcb(new VerificationPolicy.MinimumTcb(0, tcb.bootloader(), tcb.tee(), tcb.snp(), tcb.microcode())).build();
    assertThat(verify(report(b -> b), equal).valid()).isTrue();
  }

  @Test
  void policyMeasurement() {
    byte[] m = new byte[48];
    m[0] = 1;
    VerificationPolicy allow = VerificationPolicy.builder().allowMeasurement(Bytes.of(m)).build();
    assertThat(verify(report(b -> b.measurement(m)), allow).valid()).isTrue();
    byte[] other = m.clone();
    other[47] = 9;
    failsOnly(verify(report(b -> b.measurement(other)), allow), Checks.POLICY_MEASUREMENT);
  }

  @Test
  void policyReportData() {
    byte[] rd = new byte[64];
    rd[5] = 5;
    VerificationPolicy expect = VerificationPolicy.builder().expectedReportData(Bytes.of(rd)).build();
    assertThat(verify(report(b -> b.reportData(rd)), expect).valid()).isTrue();
    failsOnly(verify(report(b -> b.reportData(new byte[64])), expect), Checks.POLICY_REPORT_DATA);
  }

  @Test
  void policyEvidenceAge() throws Exception {
    VerificationPolicy tenMinutes = VerificationPolicy.builder().maxEvidenceAge(Duration.ofMinutes(10)).build();
    SimulatedProvider provider = new SimulatedProvider(genoa, Clock.fixed(NOW, ZoneOffset.UTC));
    EvidenceBundle b = provider.obtain(new byte[64]);
    assertThat(trusting.verify(b, tenMinutes, NOW.plus(Duration.ofMinutes(9))).valid()).isTrue();
    failsOnly(trusting.verify(b, tenMinutes, NOW.plus(Duration.ofMinutes(11))), Checks.POLICY_EVIDENCE_AGE);
    failsOnly(trusting.verify(b, tenMinutes, NOW.minus(Duration.ofMinutes(6))), Checks.POLICY_EVIDENCE_AGE);
    Verdict noTime = trusting.verify(b.report().toArray(), b.vek().toArray(), b.ask().toArray(), b.ark().toArray(),
        Optional.empty(), tenMinutes, NOW);
    failsOnly(noTime, Checks.POLICY_EVIDENCE_AGE);
    assertThat(noTime.check(Checks.POLICY_EVIDENCE_AGE).orElseThrow().reason()).contains("no collection time");
  }

  @Test
  void tcbMismatchWithTheVcek() {
    long lower = genoa.product().tcbLayout().encode(0, 1, 0, 1, 1);
    failsOnly(verify(report(b -> b.reportedTcb(lower)), VerificationPolicy.defaults()), Checks.VEK_TCB);
  }

  @Test
  void chipIdMismatchAndMaskedChipId() {
    byte[] chip = genoa.chipId().toArray();
    chip[0] ^= 1;
    failsOnly(verify(report(b -> b.chipId(chip)), VerificationPolicy.defaults()), Checks.VEK_HWID);
    Verdict masked = verify(report(b -> b.signerInfo(2).chipId(new byte[64])), VerificationPolicy.defaults());
    failsOnly(masked, Checks.VEK_HWID);
    assertThat(masked.check(Checks.VEK_HWID).orElseThrow().reason()).contains("MASK_CHIP_KEY");
    assertThat(verify(report(b -> b.signerInfo(2).chipId(new byte[64])),
        VerificationPolicy.builder().allowMaskedChipId(true).build()).valid()).isTrue();
  }

  @Test
  void signingKeyNamesTheVlekOrNoKey() {
    failsOnly(verify(report(b -> b.signerInfo(1 << 2)), VerificationPolicy.defaults()), Checks.REPORT_SIGNING_KEY);
    Verdict none = verify(report(b -> b.signerInfo(7 << 2)), VerificationPolicy.defaults());
    failsOnly(none, Checks.REPORT_SIGNING_KEY);
    Verdict reserved = verify(report(b -> b.signerInfo(3 << 2)), VerificationPolicy.defaults());
    failsOnly(reserved, Checks.REPORT_SIGNING_KEY, Checks.REPORT_FORMAT);
  }

  @Test
  void cpuidOfAnotherProduct() {
    Verdict v = verify(report(b -> b.cpuid(0x19, 0x01, 0x01)), VerificationPolicy.defaults());
    failsOnly(v, Checks.REPORT_CPUID);
    assertThat(v.check(Checks.REPORT_CPUID).orElseThrow().reason()).contains("is Milan but the chain is Genoa");
    failsOnly(verify(report(b -> b.cpuid(0x17, 0x31, 0)), VerificationPolicy.defaults()), Checks.REPORT_CPUID);
  }

  @Test
  void reservedFieldsAndPolicyBits() {
    Verdict v = verify(report(b -> b.policy(0x10000L)), VerificationPolicy.defaults());
    failsOnly(v, Checks.REPORT_FORMAT);
    assertThat(v.check(Checks.REPORT_FORMAT).orElseThrow().reason()).contains("bit 17");
    failsOnly(verify(report(b -> b.policy(0x30000L | 1L << 40)), VerificationPolicy.defaults()), Checks.REPORT_FORMAT);
    byte[] r = genoa.reportTemplate().buildUnsigned();
    r[0x250] = 1; // reserved area inside the signed range
    failsOnly(verify(genoa.sign(r), VerificationPolicy.defaults()), Checks.REPORT_FORMAT);
    byte[] tail = report(b -> b);
    tail[0x400] = 1; // reserved tail of the signature area: not signed, still must be zero
    failsOnly(verify(tail, VerificationPolicy.defaults()), Checks.REPORT_FORMAT);
  }

  @Test
  void chainSignatureFailuresAcrossHierarchies() {
    SimulatedHierarchy other = SimulatedChips.otherGenoa();
    SnpEvidenceVerifier both = new SnpEvidenceVerifier(SimulatedChips.trusting(genoa, other));
    byte[] r = report(b -> b);
    Verdict foreignAsk = both.verify(r, genoa.vcekDer().toArray(), other.askDer().toArray(), genoa.arkDer().toArray(),
        Optional.empty(), VerificationPolicy.defaults(), NOW);
    assertThat(foreignAsk.check(Checks.ASK_SIGNED_BY_ARK).orElseThrow().ok()).isFalse();
    assertThat(foreignAsk.check(Checks.ASK_SIGNED_BY_ARK).orElseThrow().reason()).contains("does not verify");
    assertThat(foreignAsk.check(Checks.VEK_SIGNED_BY_ASK).orElseThrow().ok()).isFalse();
    Verdict foreignVcek = both.verify(r, other.vcekDer().toArray(), genoa.askDer().toArray(), genoa.arkDer().toArray(),
        Optional.empty(), VerificationPolicy.defaults(), NOW);
    assertThat(foreignVcek.failures()).extracting(CheckResult::name)
        .contains(Checks.VEK_SIGNED_BY_ASK, Checks.REPORT_SIGNATURE, Checks.VEK_HWID);
  }

  @Test
  void certificateValidityWindows() {
    Instant farFuture = NOW.plus(Duration.ofDays(30 * 365));
    Verdict v = trusting.verify(report(b -> b), genoa.vcekDer().toArray(), genoa.askDer().toArray(),
        genoa.arkDer().toArray(), Optional.empty(), VerificationPolicy.defaults(), farFuture);
    failsOnly(v, Checks.ARK_VALIDITY, Checks.ASK_VALIDITY, Checks.VEK_VALIDITY);
    Verdict early = trusting.verify(report(b -> b), genoa.vcekDer().toArray(), genoa.askDer().toArray(),
        genoa.arkDer().toArray(), Optional.empty(), VerificationPolicy.defaults(), Instant.parse("2020-01-01T00:00:00Z"));
    failsOnly(early, Checks.ARK_VALIDITY, Checks.ASK_VALIDITY, Checks.VEK_VALIDITY);
  }

  @Test
  void unparseableInputsAreReasonsAndDependentChecksAreNotRun() {
    Verdict v = trusting.verify(new byte[100], new byte[] {1, 2, 3}, genoa.askDer().toArray(), genoa.arkDer().toArray(),
        Optional.empty(), VerificationPolicy.defaults(), NOW);
    assertThat(v.valid()).isFalse();
    assertThat(v.check(Checks.REPORT_PARSE).orElseThrow().reason()).contains("truncated report: 100 bytes");
    assertThat(v.check(Checks.CHAIN_PARSE).orElseThrow().reason()).startsWith("vek: ");
    assertThat(v.check(Checks.REPORT_SIGNATURE).orElseThrow().status()).isEqualTo(CheckResult.Status.NOT_RUN);
    assertThat(v.check(Checks.ASK_SIGNED_BY_ARK).orElseThrow().ok()).isTrue();
    assertThat(v.checks()).extracting(CheckResult::name).containsExactlyElementsOf(Checks.EVIDENCE_CHECKS);
    Verdict badBundle = trusting.verifyEncoded("not a bundle".getBytes(), VerificationPolicy.defaults(), NOW);
    assertThat(badBundle.checks()).hasSize(Checks.EVIDENCE_CHECKS.size() + 1);
    assertThat(badBundle.checks().get(0).reason()).contains("magic");
    assertThat(badBundle.checks().subList(1, badBundle.checks().size()))
        .allMatch(c -> c.status() == CheckResult.Status.NOT_RUN);
  }

  @Test
  void warmCacheGivesTheSameVerdicts() {
    CertificateChainCache cache = new CertificateChainCache(64);
    SnpEvidenceVerifier cached = new SnpEvidenceVerifier(SimulatedChips.trusting(genoa), cache);
    byte[] r = report(b -> b);
    for (int i = 0; i < 3; i++) {
      Verdict v = cached.verify(r, genoa.vcekDer().toArray(), genoa.askDer().toArray(), genoa.arkDer().toArray(),
          Optional.empty(), VerificationPolicy.defaults(), NOW);
      Verdict uncached = trusting.verify(r, genoa.vcekDer().toArray(), genoa.askDer().toArray(),
          genoa.arkDer().toArray(), Optional.empty(), VerificationPolicy.defaults(), NOW);
      assertThat(v).isEqualTo(uncached);
      assertThat(v.valid()).isTrue();
    }
    assertThat(cache.hits()).isGreaterThanOrEqualTo(12);
    // a cached chain still fails validity at another instant: validity is never cached
    Verdict late = cached.verify(r, genoa.vcekDer().toArray(), genoa.askDer().toArray(), genoa.arkDer().toArray(),
        Optional.empty(), VerificationPolicy.defaults(), NOW.plus(Duration.ofDays(30 * 365)));
    assertThat(late.check(Checks.VEK_VALIDITY).orElseThrow().ok()).isFalse();
  }

  @Test
  void hierarchyPersistsAndReloads(@TempDir Path dir) throws Exception {
    genoa.save(dir);
    SimulatedHierarchy loaded = SimulatedHierarchy.loadOrCreate(dir, ProcessorGeneration.GENOA, NOW, new java.security.SecureRandom());
    assertThat(loaded.arkDer()).isEqualTo(genoa.arkDer());
    assertThat(loaded.chipId()).isEqualTo(genoa.chipId());
    assertThat(loaded.toString()).contains("SIMULATED").doesNotContain("key=");
    EvidenceBundle b = new SimulatedProvider(loaded, Clock.fixed(NOW, ZoneOffset.UTC)).obtain(new byte[64]);
    assertThat(trusting.verify(b, VerificationPolicy.defaults(), NOW).valid()).isTrue();
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("vcek.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
    Files.delete(dir.resolve("ask.key"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedHierarchy.load(dir))
        .hasMessageContaining("ask.key is missing");
    genoa.save(dir);
    Files.write(dir.resolve("vcek.der"), SimulatedChips.otherGenoa().vcekDer().toArray());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedHierarchy.load(dir))
        .hasMessageContaining("does not match its certificate");
  }
}
