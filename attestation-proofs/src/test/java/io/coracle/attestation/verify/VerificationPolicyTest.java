package io.coracle.attestation.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationPolicyTest {
  @Test
  void loadsEveryKeyFromAPropertiesFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("policy.properties");
    Files.writeString(f, """
        # Coracle production policy
        allow-debug=false
        allow-migration-agent=false
        allow-smt=false
        allow-masked-chip-id=true
        allowed-vmpls=0
        min-tcb.bootloader=3
        min-tcb.tee=0
        min-tcb.snp=8
        min-tcb.microcode=115
        min-tcb.fmc=1
        allowed-measurements=%s, %s
        expected-report-data=%s
        max-evidence-age=PT10M
        clock-skew=PT30S
        """.formatted("aa".repeat(48), "bb".repeat(48), "cc".repeat(64)));
    VerificationPolicy p = VerificationPolicy.load(f);
    assertThat(p.allowSmt()).isFalse();
    assertThat(p.allowMaskedChipId()).isTrue();
    assertThat(p.allowedVmpls()).containsExactly(0);
    assertThat(p.minimumTcb()).isEqualTo(new VerificationPolicy.MinimumTcb(1, 3, 0, 8, 115));
    assertThat(p.allowedMeasurements()).hasSize(2);
    assertThat(p.expectedReportData().orElseThrow().hex()).isEqualTo("cc".repeat(64));
    assertThat(p.maxEvidenceAge()).contains(Duration.ofMinutes(10));
    assertThat(p.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.toBuilder().build()).isEqualTo(p);
  }

  @Test
  void emptyFileIsTheDefaultPolicy() throws Exception {
    assertThat(VerificationPolicy.fromProperties(Map.of())).isEqualTo(VerificationPolicy.defaults());
    assertThat(VerificationPolicy.defaults().allowedVmpls()).isEqualTo(Set.of(0, 1, 2, 3));
    assertThat(VerificationPolicy.defaults().allowDebug()).isFalse();
    assertThat(VerificationPolicy.defaults().allowMigrationAgent()).isFalse();
  }

  @Test
  void badValuesAreNamedErrors() {
    assertBad(Map.of("allow-debgu", "true"), "unknown policy key 'allow-debgu'");
    assertBad(Map.of("allow-debug", "yes"), "allow-debug: expected true or false");
    assertBad(Map.of("allowed-vmpls", "4"), "allowed-vmpls: 4 is outside 0-3");
    assertBad(Map.of("min-tcb.snp", "256"), "min-tcb.snp: 256 is outside 0-255");
    assertBad(Map.of("allowed-measurements", "abcd"), "allowed-measurements: expected 48 bytes");
    assertBad(Map.of("expected-report-data", "zz"), "expected-report-data: not a hex string");
    assertBad(Map.of("max-evidence-age", "10 minutes"), "max-evidence-age: expected an ISO-8601 duration");
    assertBad(Map.of("max-evidence-age", "PT0S"), "must be positive");
  }

  private static void assertBad(Map<String, String> p, String message) {
    assertThatThrownBy(() -> VerificationPolicy.fromProperties(p)).isInstanceOf(PolicyFormatException.class)
        .hasMessageContaining(message);
  }
}
