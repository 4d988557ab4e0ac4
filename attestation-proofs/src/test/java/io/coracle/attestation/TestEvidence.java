package io.coracle.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The real evidence sets from src/test/resources/sev-snp (see PROVENANCE.md there). */
public final class TestEvidence {
  /** "Today" for tests: the day this suite was written. Tests pin instants, never the wall clock. */
  public static final Instant TODAY = Instant.parse("2026-11-23T12:00:00Z");
  /** Before the AWS VLEK expired (2025-12-10). */
  public static final Instant BEFORE_VLEK_EXPIRY = Instant.parse("2025-06-01T00:00:00Z");

  public static final List<String> SETS = List.of(
      "milan-v2-virtee-sev", "milan-v2-go-sev-guest", "milan-v2-trustee", "milan-v3-vlek-aws-trustee",
      "milan-v2-azure-hcl-trustee", "genoa-v3-azure-hcl-trustee", "milan-v2-automata-sdk", "genoa-v5-oak");

  public record EvidenceSet(String name, byte[] report, byte[] vek, byte[] ask, byte[] ark) {}

  private TestEvidence() {}

  public static byte[] resource(String path) {
    try (InputStream in = TestEvidence.class.getResourceAsStream("/sev-snp/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource sev-snp/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static EvidenceSet set(String name) {
    String d = "sets/" + name + "/";
    return new EvidenceSet(name, resource(d + "report.bin"), resource(d + "vek.der"), resource(d + "ask.pem"),
        resource(d + "ark.pem"));
  }

  /** A verification instant at which the set's certificates are all valid. */
  public static Instant validInstant(String name) {
    return name.contains("vlek") ? BEFORE_VLEK_EXPIRY : TODAY;
  }
}
