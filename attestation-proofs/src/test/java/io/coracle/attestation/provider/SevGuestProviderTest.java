package io.coracle.attestation.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.SimulatedChips;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.VerificationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a stand-in for snpguest: a shell script that behaves like it (writes report.bin and
 * the certificate files), backed by files prepared from the simulated chip. The stand-in copies
 * a pre-signed report only when the request holds the expected bytes, so REPORT_DATA round-trips.
 */
class SevGuestProviderTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  final SimulatedHierarchy chip = SimulatedChips.chip(ProcessorGeneration.MILAN);
  @TempDir Path dir;
  Path fixtures;
  byte[] reportData = new byte[64];

  @BeforeEach
  void fixtures() throws Exception {
    for (int i = 0; i < 64; i++) {
      reportData[i] = (byte) (0xA0 + i);
    }
    fixtures = Files.createDirectories(dir.resolve("fixtures"));
    Files.write(fixtures.resolve("request.bin"), reportData);
    Files.write(fixtures.resolve("report.bin"), chip.sign(chip.reportTemplate().reportData(reportData).buildUnsigned()));
    Files.write(fixtures.resolve("ark.der"), chip.arkDer().toArray());
    Files.write(fixtures.resolve("ask.der"), chip.askDer().toArray());
    Files.write(fixtures.resolve("vcek.der"), chip.vcekDer().toArray());
  }

  Path script(String certificatesBehaviour, String fetchBehaviour) throws Exception {
    String s = "#!/bin/sh\n"
        + "F='" + fixtures + "'\n"
        + "echo \"$@\" >> \"$F/calls.log\"\n"
        + "case \"$1\" in\n"
        + "  report)\n"
        + "    [ \"$4\" = \"--vmpl\" ] && [ \"$5\" = \"0\" ] || { echo 'bad vmpl' >&2; exit 2; }\n"
        + "    cmp -s \"$3\" \"$F/request.bin\" || { echo 'unexpected request data' >&2; exit 3; }\n"
        + "    cp \"$F/report.bin\" \"$2\" ;;\n"
        + "  certificates)\n" + certificatesBehaviour + " ;;\n"
        + "  fetch)\n" + fetchBehaviour + " ;;\n"
        + "  *) echo \"unknown command $1\" >&2; exit 64 ;;\n"
        + "esac\n";
    Path p = dir.resolve("snpguest");
    Files.writeString(p, s);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  static final String HOST_CERTS = "    mkdir -p \"$3\" && cp \"$F/ark.der\" \"$F/ask.der\" \"$F/vcek.der\" \"$3/\"";
  static final String NO_HOST_CERTS = "    echo 'Error: no certificates were loaded by the host' >&2; exit 1";
  static final String KDS = "    if [ \"$2\" = ca ]; then cp \"$F/ark.der\" \"$F/ask.der\" \"$5/\"; else cp \"$F/vcek.der\" \"$5/\"; fi";

  SevGuestProvider provider(Path exe, Optional<ProcessorGeneration> kds) {
    return new SevGuestProvider(exe, 0, kds, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  void assertVerifies(EvidenceBundle b) {
    var v = new SnpEvidenceVerifier(SimulatedChips.trusting(chip)).verify(b,
        VerificationPolicy.builder().expectedReportData(Bytes.of(reportData)).build(), NOW);
    assertThat(v.valid()).as(v.summary()).isTrue();
  }

  @Test
  void reportAndHostCertificates() throws Exception {
    EvidenceBundle b = provider(script(HOST_CERTS, "    exit 9"), Optional.empty()).obtain(reportData);
    assertThat(b.provider()).isEqualTo("sev-guest");
    assertVerifies(b);
    assertThat(Files.readString(fixtures.resolve("calls.log"))).contains("certificates der").doesNotContain("fetch");
  }

  @Test
  void fallsBackToKdsWhenTheHostHasNoCertificates() throws Exception {
    EvidenceBundle b = provider(script(NO_HOST_CERTS, KDS), Optional.of(ProcessorGeneration.MILAN)).obtain(reportData);
    assertVerifies(b);
    assertThat(Files.readString(fixtures.resolve("calls.log"))).contains("fetch ca der milan").contains("fetch vcek der milan");
  }

  @Test
  void clearErrors() throws Exception {
    assertThatThrownBy(() -> provider(script(NO_HOST_CERTS, KDS), Optional.empty()).obtain(reportData))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("no complete certificate chain")
        .hasMessageContaining("no certificates were loaded by the host");
    assertThatThrownBy(() -> provider(dir.resolve("missing"), Optional.empty()).obtain(reportData))
        .hasMessageContaining("snpguest not found");
    byte[] other = reportData.clone();
    other[0] ^= 1;
    assertThatThrownBy(() -> provider(script(HOST_CERTS, ""), Optional.empty()).obtain(other))
        .hasMessageContaining("failed with exit code 3").hasMessageContaining("unexpected request data");
    Path hangs = dir.resolve("hangs");
    Files.writeString(hangs, "#!/bin/sh\nexec sleep 30\n");
    Files.setPosixFilePermissions(hangs, PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(() -> new SevGuestProvider(hangs, 0, Optional.empty(), Duration.ofMillis(300),
        Clock.fixed(NOW, ZoneOffset.UTC)).obtain(reportData)).hasMessageContaining("did not finish within PT0.3S");
    Path notExecutable = dir.resolve("plain");
    Files.writeString(notExecutable, "#!/bin/sh\n");
    assertThatThrownBy(() -> provider(notExecutable, Optional.empty()).obtain(reportData))
        .hasMessageContaining("not executable");
  }
}
