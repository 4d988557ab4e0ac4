package io.coracle.deploy.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SnpMeasurementTest {
  private static final SevHashes EMPTY_BOOT = SevHashes.of(sha256(""), sha256(""), SevHashes.cmdlineSha256(Optional.empty()));
  private static final int EPYC_V4 = VcpuType.ofName("EPYC-v4").orElseThrow().signature();

  @Test
  void directBootMeasuresTheHashesPageInFirmwareOrder() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().build()).value();
    LaunchDigest got = measured(SnpMeasurement.measure(ovmf, Optional.of(EMPTY_BOOT), 2, EPYC_V4, 0x1, VmmType.QEMU));

    // The same launch spelled out page by page, as QEMU issues SNP_LAUNCH_UPDATE.
    GuestContext gctx = GuestContext.start();
    gctx.updateNormalPages(ovmf.gpa(), SyntheticOvmf.amdSev().build());
    gctx.updateContentlessPages(PageType.ZERO, 0x800000, 0x9000);
    gctx.updateContentlessPages(PageType.ZERO, 0x80a000, 0x3000);
    gctx.updateContentlessPages(PageType.SECRETS, 0x80d000, 0x1000);
    gctx.updateContentlessPages(PageType.CPUID, 0x80e000, 0x1000);
    byte[] hashesPage = new byte[4096];
    System.arraycopy(EMPTY_BOOT.table(), 0, hashesPage, 0xc00, SevHashes.PADDED_LENGTH);
    gctx.updateNormalPages(0x80f000, hashesPage);
    gctx.updateContentlessPages(PageType.ZERO, 0x810000, 0x10000);
    gctx.updateVmsaPage(VmsaPage.encode(VmmType.QEMU.resetState(0xfffffff0L, 0x1, EPYC_V4)));
    gctx.updateVmsaPage(VmsaPage.encode(VmmType.QEMU.resetState(0x80b004, 0x1, EPYC_V4)));
    assertThat(got).isEqualTo(gctx.digest());
  }

  @Test
  void withoutAKernelTheHashesSectionIsZeroPages() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().build()).value();
    LaunchDigest noKernel = measured(SnpMeasurement.measure(ovmf, Optional.empty(), 1, EPYC_V4, 0x1, VmmType.QEMU));
    LaunchDigest emptyKernel = measured(SnpMeasurement.measure(ovmf, Optional.of(EMPTY_BOOT), 1, EPYC_V4, 0x1,
        VmmType.QEMU));
    assertThat(noKernel).isNotEqualTo(emptyKernel);
  }

  @Test
  void qemuResetStateCarriesTheCpuSignatureAndKvmFpuDefaults() {
    byte[] page = VmsaPage.encode(VmmType.QEMU.resetState(0x80b004, 0x21, EPYC_V4));
    HexFormat hex = HexFormat.of();
    assertThat(hex.formatHex(page, 0x310, 0x318)).isEqualTo("120f800000000000"); // RDX = 0x800f12
    assertThat(hex.formatHex(page, 0x408, 0x40c)).isEqualTo("801f0000"); // MXCSR
    assertThat(hex.formatHex(page, 0x410, 0x412)).isEqualTo("7f03"); // x87 FCW
    assertThat(hex.formatHex(page, 0x268, 0x270)).isEqualTo("0604070006040700"); // PAT
    assertThat(hex.formatHex(page, 0x3b0, 0x3b8)).isEqualTo("2100000000000000"); // SEV_FEATURES
    assertThat(hex.formatHex(page, 0x018, 0x020)).isEqualTo("0000800000000000"); // CS base of an AP
    assertThat(hex.formatHex(page, 0x178, 0x180)).isEqualTo("04b0000000000000"); // RIP
    byte[] ec2Bsp = VmsaPage.encode(VmmType.EC2.resetState(VmmType.BSP_RESET_EIP, 0x1, EPYC_V4));
    assertThat(hex.formatHex(ec2Bsp, 0x010, 0x014)).isEqualTo("00f09a00");
    assertThat(hex.formatHex(ec2Bsp, 0x310, 0x318)).isEqualTo("0000000000000000");
  }

  @Test
  void vcpus() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().build()).value();
    assertChecks(SnpMeasurement.measure(ovmf, Optional.empty(), 0, EPYC_V4, 0x1, VmmType.QEMU), "vcpus");
    assertChecks(SnpMeasurement.measure(ovmf, Optional.empty(), SnpLaunch.MAX_VCPUS + 1, EPYC_V4, 0x1, VmmType.QEMU),
        "vcpus");
  }

  @Test
  void guestFeatures() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().build()).value();
    assertChecks(SnpMeasurement.measure(ovmf, Optional.empty(), 1, EPYC_V4, 0x20, VmmType.QEMU),
        "guest-features-snp-active");
    assertChecks(SnpMeasurement.measure(ovmf, Optional.empty(), 1, EPYC_V4, 0x1 | 1 << 11, VmmType.QEMU),
        "guest-features-reserved");
    assertChecks(SnpMeasurement.measure(ovmf, Optional.empty(), 1, EPYC_V4, 0x1 | 1 << 13, VmmType.QEMU),
        "guest-features-reserved");
  }

  @Test
  void sevEsResetBlockMissing() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().resetEip(null).build()).value();
    assertChecks(SnpMeasurement.measure(ovmf, Optional.empty(), 1, EPYC_V4, 0x1, VmmType.QEMU), "sev-es-reset-block");
  }

  @Test
  void kernelNeedsAKernelHashesSection() throws Exception {
    OvmfImage debian = OvmfImage.parse(PublishedVectorsTest.resource("debian-ovmf-suffix.bin")).value();
    assertChecks(SnpMeasurement.measure(debian, Optional.of(EMPTY_BOOT), 1, EPYC_V4, 0x1, VmmType.QEMU),
        "kernel-hashes-section");
    assertThat(SnpMeasurement.measure(debian, Optional.empty(), 1, EPYC_V4, 0x1, VmmType.QEMU))
        .isInstanceOf(MeasurementOutcome.Measured.class);
  }

  @Test
  void kernelNeedsToKnowWhereTheHashesTableGoes() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().hashesTableGpa(null).build()).value();
    assertChecks(SnpMeasurement.measure(ovmf, Optional.of(EMPTY_BOOT), 1, EPYC_V4, 0x1, VmmType.QEMU),
        "sev-hashes-table");
  }

  @Test
  void hashesTableMustSitInTheKernelHashesPage() {
    for (long gpa : new long[] {0x810000L, 0x80f000L + 4096 - 100}) {
      OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().hashesTableGpa(gpa).build()).value();
      assertChecks(SnpMeasurement.measure(ovmf, Optional.of(EMPTY_BOOT), 1, EPYC_V4, 0x1, VmmType.QEMU),
          "sev-hashes-table-placement");
    }
    OvmfImage twoPages = OvmfImage.parse(new SyntheticOvmf().section(0x80f000, 0x2000, SectionType.SNP_KERNEL_HASHES)
        .hashesTableGpa(0x80f000L).build()).value();
    assertChecks(SnpMeasurement.measure(twoPages, Optional.of(EMPTY_BOOT), 1, EPYC_V4, 0x1, VmmType.QEMU),
        "sev-hashes-table-placement");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    OvmfImage ovmf = OvmfImage.parse(new SyntheticOvmf().resetEip(null).build()).value();
    MeasurementOutcome outcome = SnpMeasurement.measure(ovmf, Optional.of(EMPTY_BOOT), 0, EPYC_V4, 0x0, VmmType.QEMU);
    assertThat(((MeasurementOutcome.Unmeasurable) outcome).problems()).extracting(MeasurementProblem::check)
        .containsExactly("vcpus", "guest-features-snp-active", "sev-es-reset-block", "kernel-hashes-section");
  }

  @Test
  void precomputedFirmwareDigestGivesTheSameMeasurement() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().pages(3).build()).value();
    LaunchDigest direct = measured(SnpMeasurement.measure(ovmf, Optional.of(EMPTY_BOOT), 4, EPYC_V4, 0x1,
        VmmType.QEMU));
    LaunchDigest resumed = measured(SnpMeasurement.measure(new SnpLaunch(ovmf.layout(),
        SnpMeasurement.firmwareDigest(ovmf), Optional.of(EMPTY_BOOT), 4, EPYC_V4, 0x1, VmmType.QEMU)));
    assertThat(resumed).isEqualTo(direct);
  }

  /** Any change to any input the guest could be launched with changes the measurement. */
  @Property(tries = 200)
  void everyInputIsBoundToTheMeasurement(@ForAll @IntRange(min = 0, max = 7) int which,
      @ForAll @IntRange(min = 0, max = 31) int bytePosition, @ForAll @IntRange(min = 1, max = 255) int xor) {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().build()).value();
    byte[] kernel = sha256("kernel");
    byte[] initrd = sha256("initrd");
    byte[] cmdline = sha256("console=ttyS0");
    byte[] seed = SnpMeasurement.firmwareDigest(ovmf).bytes();
    int vcpus = 4;
    int signature = EPYC_V4;
    long features = 0x1;
    VmmType vmm = VmmType.QEMU;
    LaunchDigest base = measured(SnpMeasurement.measure(new SnpLaunch(ovmf.layout(), new LaunchDigest(seed),
        Optional.of(SevHashes.of(kernel, initrd, cmdline)), vcpus, signature, features, vmm)));
    switch (which) {
      case 0 -> kernel[bytePosition] ^= (byte) xor;
      case 1 -> initrd[bytePosition] ^= (byte) xor;
      case 2 -> cmdline[bytePosition] ^= (byte) xor;
      case 3 -> seed[bytePosition] ^= (byte) xor;
      case 4 -> vcpus += 1 + xor % 8;
      case 5 -> signature ^= xor;
      case 6 -> features ^= (long) xor << 1 & ~(1L << 11 | 1L << 13);
      default -> vmm = VmmType.EC2;
    }
    LaunchDigest mutated = measured(SnpMeasurement.measure(new SnpLaunch(ovmf.layout(), new LaunchDigest(seed),
        Optional.of(SevHashes.of(kernel, initrd, cmdline)), vcpus, signature, features, vmm)));
    assertThat(mutated).isNotEqualTo(base);
  }

  @Property(tries = 100)
  void aMovedSectionChangesTheMeasurement(@ForAll @IntRange(min = 1, max = 64) int pagesAway) {
    List<SevMetadataSection> sections = new ArrayList<>(PublishedVectorsTest.sevSnpMeasureGoLayout().sections());
    LaunchDigest seed = LaunchDigest.zero();
    LaunchDigest base = measured(SnpMeasurement.measure(new SnpLaunch(new OvmfLayout(sections,
        OptionalLong.of(0x80b004), OptionalLong.empty()), seed, Optional.empty(), 1, EPYC_V4, 1, VmmType.QEMU)));
    SevMetadataSection secrets = sections.get(2);
    sections.set(2, new SevMetadataSection(secrets.gpa() + 4096L * pagesAway, secrets.size(), secrets.type()));
    LaunchDigest moved = measured(SnpMeasurement.measure(new SnpLaunch(new OvmfLayout(sections,
        OptionalLong.of(0x80b004), OptionalLong.empty()), seed, Optional.empty(), 1, EPYC_V4, 1, VmmType.QEMU)));
    assertThat(moved).isNotEqualTo(base);
  }

  static LaunchDigest measured(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Measured.class);
    return ((MeasurementOutcome.Measured) outcome).measurement();
  }

  static void assertChecks(MeasurementOutcome outcome, String check) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Unmeasurable.class);
    assertThat(((MeasurementOutcome.Unmeasurable) outcome).problems()).extracting(MeasurementProblem::check)
        .contains(check);
  }

  static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
