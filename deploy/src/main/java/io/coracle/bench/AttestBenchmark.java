package io.coracle.bench;

import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.CertificateChainCache;
import io.coracle.attestation.cert.CertificateFormatException;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.provider.ProviderException;
import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.provider.SimulatedProvider;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.Verdict;
import io.coracle.attestation.verify.VerificationPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full verification of one encoded evidence bundle (decode, parse three certificates, three
 * RSA-4096 PSS signatures, one ECDSA P-384 signature, every policy check): with no certificate
 * cache ("cold": what a verifier pays for a chain it has never seen), and with a warm
 * {@link CertificateChainCache} (a fleet re-attesting on the same chips). The evidence comes from a
 * simulated Genoa chip made in setup: its certificates and report have AMD's exact formats and
 * sizes, so the work is the same as for real evidence.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AttestBenchmark {
  private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
  private byte[] encoded;
  private VerificationPolicy policy;
  private TrustRoots roots;
  private SnpEvidenceVerifier warm;

  @Setup
  public void setup() throws ProviderException, CertificateFormatException {
    SimulatedHierarchy chip = SimulatedHierarchy.generate(ProcessorGeneration.GENOA,
        SimulatedHierarchy.typicalTcb(ProcessorGeneration.GENOA), AT.minusSeconds(86_400), new SecureRandom());
    EvidenceBundle bundle = new SimulatedProvider(chip, Clock.fixed(AT, ZoneOffset.UTC)).obtain(new byte[64]);
    encoded = bundle.encode();
    roots = new TrustRoots(Map.of()).with(chip.arkDer().toArray(), "benchmark simulated root");
    policy = VerificationPolicy.builder().expectedReportData(bundle.report().slice(0x50, 0x90)).build();
    warm = new SnpEvidenceVerifier(roots, new CertificateChainCache(64));
    check(warm.verifyEncoded(encoded, policy, AT));
    check(new SnpEvidenceVerifier(roots).verifyEncoded(encoded, policy, AT));
  }

  private static void check(Verdict v) {
    if (!v.valid()) {
      throw new IllegalStateException("benchmark evidence does not verify: " + v.summary());
    }
  }

  @Benchmark
  public Verdict verifyColdCache() {
    return new SnpEvidenceVerifier(roots).verifyEncoded(encoded, policy, AT);
  }

  @Benchmark
  public Verdict verifyWarmCache() {
    return warm.verifyEncoded(encoded, policy, AT);
  }
}
