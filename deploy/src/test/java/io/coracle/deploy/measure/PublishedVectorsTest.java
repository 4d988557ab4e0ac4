package io.coracle.deploy.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Known answers published by other implementations, reproduced from inputs that are spelled out
 * in their sources (see src/test/resources/measure/PROVENANCE.md):
 * <ul>
 *   <li>google/gce-tcb-verifier sev/sev_test.go: PAGE_INFO chaining over given page contents,
 *       ZERO pages, the VMSA byte layout, and a whole launch digest of a synthetic firmware with
 *       an edk2 footer table and SEV metadata;</li>
 *   <li>virtee/sev-snp-measure-go guest/guest_test.go: EC2 launch digests from an OVMF metadata
 *       layout and firmware digest (what {@code sev-snp-measure.py --mode snp --vmm-type ec2
 *       --snp-ovmf-hash} printed).</li>
 * </ul>
 */
class PublishedVectorsTest {
  private static final byte[] LGTM = "LGTMLGTMLGTMLGTM".getBytes(StandardCharsets.US_ASCII);

  /** gce-tcb-verifier TestUpdateData: three NORMAL pages at GPA 0. */
  @Test
  void normalPagesChainPageInfoDigests() {
    byte[] data = new byte[3 * 4096];
    System.arraycopy(LGTM, 0, data, 0, 16);
    System.arraycopy(LGTM, 0, data, data.length - 16, 16);
    GuestContext gctx = GuestContext.start();
    gctx.updateNormalPages(0, data);
    assertThat(gctx.digest().hex()).isEqualTo("cba1cd767c33b30f96271837dbbae408"
        + "1a945464a5af397b9b0336b5d8759ee8" + "8cc6b62c05d915c4424a9ac5747437d4");
  }

  /** gce-tcb-verifier TestZeroContentUpdateData: three ZERO pages at 0x9000. */
  @Test
  void zeroPagesCarryNoContentsHash() {
    GuestContext gctx = GuestContext.start();
    gctx.updateContentlessPages(PageType.ZERO, 0x9000, 3 * 4096);
    assertThat(gctx.digest().hex()).isEqualTo("4bfe18477ba370a50329da74b9621e72"
        + "1c4f29663176e08fbcf088a17c1bc45f" + "133898b86d5082acbe202a6e9419808a");
  }

  /** gce-tcb-verifier TestPutVmsa: the BSP VMSA of its VMM, every non-zero byte of the page. */
  @Test
  void vmsaFieldsLandAtTheirApmOffsets() {
    byte[] expected = new byte[4096];
    put(expected, 0x000, "00009300ffff0000");
    put(expected, 0x010, "00f09b00ffff00000000ffff00000000");
    put(expected, 0x020, "00009300ffff0000");
    put(expected, 0x030, "00009300ffff0000");
    put(expected, 0x040, "00009300ffff0000");
    put(expected, 0x050, "00009300ffff0000");
    put(expected, 0x060, "00000000ffff0000");
    put(expected, 0x070, "00008200ffff0000");
    put(expected, 0x080, "00000000ffff0000");
    put(expected, 0x090, "00008b00ffff0000");
    put(expected, 0x0d0, "0010");
    put(expected, 0x148, "40");
    put(expected, 0x158, "10");
    put(expected, 0x160, "0004000000000000f00fffff");
    put(expected, 0x170, "0200000000000000f0ff");
    put(expected, 0x268, "060107");
    put(expected, 0x310, "0006");
    put(expected, 0x3b0, "01");
    put(expected, 0x3e8, "01");
    assertThat(VmsaPage.encode(gceBsp())).isEqualTo(expected);
  }

  /**
   * gce-tcb-verifier TestLaunchDigest: a 4 KiB firmware built byte by byte from the published
   * recipe, parsed by {@link OvmfImage}, measured with GCE's page types (its VMM measures
   * SNP_SEC_MEM as UNMEASURED) and its BSP VMSA.
   */
  @Test
  void syntheticFirmwareLaunchDigest() {
    byte[] firmware = new byte[0x1000];
    System.arraycopy(LGTM, 0, firmware, 0x800, 16);
    System.arraycopy(LGTM, 0, firmware, 0xa00, 16);
    byte[] metadata = hex("4153455634000000" + "0100000003000000"
        + "001000ff" + "00100000" + "01000000"
        + "003000ff" + "00100000" + "03000000"
        + "004000ff" + "00100000" + "02000000");
    System.arraycopy(metadata, 0, firmware, 0, metadata.length);
    byte[] endTable = hex("00100000" + "1600" + "666588dc4a989847a75e5585a7bf67cc"
        + "ff0000ff" + "1600" + "de71f7007e1acb4f890e68c77e2fb44e"
        + "3e00" + "de82b596b21ff745baeaa366c55a082d");
    System.arraycopy(endTable, 0, firmware, firmware.length - 0x20 - endTable.length, endTable.length);

    Checked<OvmfImage> parsed = OvmfImage.parse(firmware);
    assertThat(parsed.problems()).isEmpty();
    OvmfImage ovmf = parsed.value();
    assertThat(ovmf.gpa()).isEqualTo(0xfffff000L);
    assertThat(ovmf.layout().sections()).containsExactly(
        new SevMetadataSection(0xff001000L, 0x1000, SectionType.SNP_SEC_MEM),
        new SevMetadataSection(0xff003000L, 0x1000, SectionType.CPUID),
        new SevMetadataSection(0xff004000L, 0x1000, SectionType.SNP_SECRETS));
    assertThat(ovmf.layout().apResetEip()).hasValue(0xff0000ffL);
    assertThat(ovmf.layout().hashesTableGpa()).isEmpty();

    GuestContext gctx = GuestContext.resumeFrom(SnpMeasurement.firmwareDigest(ovmf));
    for (SevMetadataSection s : ovmf.layout().sections()) {
      PageType gceType = switch (s.type()) {
        case SNP_SEC_MEM -> PageType.UNMEASURED;
        case CPUID -> PageType.CPUID;
        case SNP_SECRETS -> PageType.SECRETS;
        default -> throw new AssertionError(s);
      };
      gctx.updateContentlessPages(gceType, s.gpa(), s.size());
    }
    gctx.updateVmsaPage(VmsaPage.encode(gceBsp()));
    assertThat(gctx.digest().hex()).isEqualTo("06843de00c62bb9a12fd870bd340e1af"
        + "8b0ebf516e3fe04f5c9add43b7981a1d" + "f2e825b4c712fbd87c97b129eba2e6de");
  }

  /** sev-snp-measure-go TestLaunchDigestFromMetadataWrapper, "success bin 1" and "bin 2". */
  @Test
  void ec2LaunchDigestsFromPublishedMetadata() {
    OvmfLayout layout = sevSnpMeasureGoLayout();
    assertThat(measureEc2(layout, "a58211791a556a630a4319dc9e2ea96cc0e9784dd9f20a4fadf81b26c98d163f"
        + "cdcb6703884bbbb80d7b1de45b3d84d0")).isEqualTo("4c6e33087d08fa770259484dddbef367086a15c3e2cf1003"
        + "8dc97229d39c942671c2e22b300178f8de594a3f2fa59303");
    assertThat(measureEc2(layout, "2027a27bb9f7acfd280e4c7bd68a73973b94bf0756e5b282e004b9395f597b8d"
        + "0eb4defa7d8f6549375aa4d2b146f0f3")).isEqualTo("c2c84b9364fc9f0f54b04534768c860c6e0e386ad98b96e8"
        + "b98eca46ac8971d05c531ba48373f054c880cfd1f4a0a84e");
  }

  /**
   * A real edk2 footer: the last 4 KiB of Debian bookworm's OVMF.fd (ovmf 2022.11-6+deb12u2)
   * carries exactly the SEV metadata and AP reset vector of the published layout above, so the
   * same EC2 known answers come out when the layout is parsed from firmware bytes.
   */
  @Test
  void debianOvmfFooterParsesToThePublishedLayout() throws IOException {
    OvmfImage debian = OvmfImage.parse(resource("debian-ovmf-suffix.bin")).value();
    assertThat(debian.layout()).isEqualTo(sevSnpMeasureGoLayout());
    assertThat(debian.footerEntries()).hasSize(5);
    assertThat(measureEc2(debian.layout(), "a58211791a556a630a4319dc9e2ea96cc0e9784dd9f20a4fadf81b26c98d163f"
        + "cdcb6703884bbbb80d7b1de45b3d84d0")).startsWith("4c6e33087d08fa77");
  }

  static OvmfLayout sevSnpMeasureGoLayout() {
    return new OvmfLayout(List.of(
        new SevMetadataSection(0x800000, 0x9000, SectionType.SNP_SEC_MEM),
        new SevMetadataSection(0x80a000, 0x3000, SectionType.SNP_SEC_MEM),
        new SevMetadataSection(0x80d000, 0x1000, SectionType.SNP_SECRETS),
        new SevMetadataSection(0x80e000, 0x1000, SectionType.CPUID),
        new SevMetadataSection(0x80f000, 0x11000, SectionType.SNP_SEC_MEM)),
        OptionalLong.of(0x80b004), OptionalLong.empty());
  }

  private static String measureEc2(OvmfLayout layout, String firmwareDigest) {
    MeasurementOutcome outcome = SnpMeasurement.measure(new SnpLaunch(layout, LaunchDigest.fromHex(firmwareDigest),
        Optional.empty(), 2, 0, GuestFeatures.SNP_ACTIVE, VmmType.EC2));
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Measured.class);
    return ((MeasurementOutcome.Measured) outcome).measurement().hex();
  }

  /** The reset state gce-tcb-verifier's VMM gives the BSP (its own PAT and EDX). */
  static VmsaRegisters gceBsp() {
    VmcbSegment data = new VmcbSegment(0, 0x93, 0xffff, 0);
    return new VmsaRegisters(data, new VmcbSegment(0xf000, 0x9b, 0xffff, 0xffff0000L), data, data, data, data,
        new VmcbSegment(0, 0, 0xffff, 0), new VmcbSegment(0, 0x82, 0xffff, 0), new VmcbSegment(0, 0, 0xffff, 0),
        new VmcbSegment(0, 0x8b, 0xffff, 0),
        0x1000, 0x40, 0x10, 0x400, 0xffff0ff0L, 0x2, 0xfff0, 0x70106, 0x600, 0x1, 0x1, 0, 0);
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = PublishedVectorsTest.class.getResourceAsStream("/measure/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource measure/" + name);
      }
      return in.readAllBytes();
    }
  }

  private static void put(byte[] page, int offset, String hex) {
    byte[] b = hex(hex);
    System.arraycopy(b, 0, page, offset, b.length);
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
