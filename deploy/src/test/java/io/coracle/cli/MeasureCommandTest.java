package io.coracle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MeasureCommandTest {
  // sev-snp-measure-go's published EC2 vector for this layout (see PublishedVectorsTest).
  static final String FIRMWARE_DIGEST = "a58211791a556a630a4319dc9e2ea96cc0e9784dd9f20a4fadf81b26c98d163f"
      + "cdcb6703884bbbb80d7b1de45b3d84d0";
  static final String EC2_MEASUREMENT = "4c6e33087d08fa770259484dddbef367086a15c3e2cf1003"
      + "8dc97229d39c942671c2e22b300178f8de594a3f2fa59303";

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not JSON: " + out, e);
      }
    }
  }

  @TempDir Path dir;
  Path debianOvmf;
  Path kernel;

  @BeforeEach
  void files() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/measure/debian-ovmf-suffix.bin")) {
      debianOvmf = dir.resolve("OVMF.fd");
      Files.write(debianOvmf, in.readAllBytes());
    }
    kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {1, 2, 3});
  }

  static Run run(String... args) {
    CommandLine cl = Coracle.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void measuresWithAPrecomputedFirmwareDigest() {
    Run r = run("measure", "--ovmf", debianOvmf.toString(), "--vmm-type", "ec2", "--vcpus", "2",
        "--ovmf-hash", FIRMWARE_DIGEST);
    assertThat(r.err()).isEmpty();
    assertThat(r.exit()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("measurement").asText()).isEqualTo(EC2_MEASUREMENT);
    assertThat(j.get("mode").asText()).isEqualTo("snp:ovmf-hash");
    assertThat(j.get("vcpus").asInt()).isEqualTo(2);
    assertThat(j.at("/ovmf/sevMetadata")).hasSize(5);
    assertThat(j.at("/ovmf/apResetEip").asText()).isEqualTo("0x80b004");
    assertThat(j.at("/ovmf/firmwareDigest").asText()).isEqualTo(FIRMWARE_DIGEST);
  }

  @Test
  void measuresTheFirmwareItselfByDefault() {
    Run r = run("measure", "--ovmf", debianOvmf.toString());
    assertThat(r.exit()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("measurement").asText()).hasSize(96);
    assertThat(j.get("mode").asText()).isEqualTo("snp");
    assertThat(j.get("vmmType").asText()).isEqualTo("qemu");
    assertThat(j.get("vcpus").asInt()).isEqualTo(MeasureCommand.DEFAULT_VCPUS);
    assertThat(j.get("vcpuSignature").asText()).isEqualTo("0x800f12");
    assertThat(j.get("guestFeatures").asText()).isEqualTo("0x1");
    assertThat(j.at("/ovmf/gpa").asText()).isEqualTo("0xfffff000");
    // Same inputs, same answer; another vCPU count, another answer.
    assertThat(run("measure", "--ovmf", debianOvmf.toString()).json().get("measurement"))
        .isEqualTo(j.get("measurement"));
    assertThat(run("measure", "--ovmf", debianOvmf.toString(), "--vcpus", "8").json().get("measurement"))
        .isNotEqualTo(j.get("measurement"));
  }

  @Test
  void kernelWithoutKernelHashesSupportCannotBeMeasured() {
    Run r = run("measure", "--ovmf", debianOvmf.toString(), "--kernel", kernel.toString(), "--append", "quiet");
    assertThat(r.exit()).isEqualTo(CliErrors.NEGATIVE);
    assertThat(r.json().get("measurement").isNull()).isTrue();
    assertThat(r.json().at("/problems/0/check").asText()).isEqualTo("kernel-hashes-section");
    assertThat(r.err()).contains("cannot measure: kernel-hashes-section").contains("AmdSev");
  }

  @Test
  void aFileThatIsNotAnOvmfCannotBeMeasured() throws Exception {
    Path notOvmf = Files.write(dir.resolve("random.fd"), new byte[8192]);
    Run r = run("measure", "--ovmf", notOvmf.toString());
    assertThat(r.exit()).isEqualTo(CliErrors.NEGATIVE);
    assertThat(r.json().at("/problems/0/check").asText()).isEqualTo("footer-table");
    Path odd = Files.write(dir.resolve("odd.fd"), new byte[100]);
    assertThat(run("measure", "--ovmf", odd.toString()).json().at("/problems/0/check").asText())
        .isEqualTo("firmware-size");
  }

  @Test
  void invalidGuestFeaturesCannotBeMeasured() {
    Run r = run("measure", "--ovmf", debianOvmf.toString(), "--guest-features", "0x20");
    assertThat(r.exit()).isEqualTo(CliErrors.NEGATIVE);
    assertThat(r.json().at("/problems/0/check").asText()).isEqualTo("guest-features-snp-active");
  }

  @Test
  void usageErrors() {
    String ovmf = debianOvmf.toString();
    assertUsage(run("measure"), "--ovmf");
    assertUsage(run("measure", "--ovmf", dir.resolve("missing.fd").toString()), "file not found");
    assertUsage(run("measure", "--ovmf", ovmf, "--initrd", kernel.toString()), "need --kernel");
    assertUsage(run("measure", "--ovmf", ovmf, "--append", "x"), "need --kernel");
    assertUsage(run("measure", "--ovmf", ovmf, "--vcpus", "0"), "--vcpus");
    assertUsage(run("measure", "--ovmf", ovmf, "--vcpus", "many"), "--vcpus");
    assertUsage(run("measure", "--ovmf", ovmf, "--vcpu-type", "Skylake"), "EPYC-v4");
    assertUsage(run("measure", "--ovmf", ovmf, "--vmm-type", "xen"), "qemu or ec2");
    assertUsage(run("measure", "--ovmf", ovmf, "--guest-features", "0xZZ"), "hex");
    assertUsage(run("measure", "--ovmf", ovmf, "--ovmf-hash", "abcd"), "96 hex digits");
    assertUsage(run("measure", "--ovmf", ovmf, "--kernel", dir.resolve("nope").toString()), "--kernel");
  }

  private static void assertUsage(Run r, String message) {
    assertThat(r.exit()).isEqualTo(CliErrors.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(message).doesNotContain("Exception");
  }
}
