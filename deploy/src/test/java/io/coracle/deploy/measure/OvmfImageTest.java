package io.coracle.deploy.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Parsing OVMF footers and SEV metadata: the happy path, and a failing case for every check. */
class OvmfImageTest {

  @Test
  void parsesAnAmdSevLayoutWithKernelHashes() {
    OvmfImage ovmf = OvmfImage.parse(SyntheticOvmf.amdSev().pages(2).build()).value();
    assertThat(ovmf.size()).isEqualTo(8192);
    assertThat(ovmf.gpa()).isEqualTo(0x1_0000_0000L - 8192);
    assertThat(ovmf.layout().sections()).hasSize(6);
    assertThat(ovmf.layout().has(SectionType.SNP_KERNEL_HASHES)).isTrue();
    assertThat(ovmf.layout().hashesTableGpa()).hasValue(0x80fc00L);
    assertThat(ovmf.layout().apResetEip()).hasValue(0x80b004L);
  }

  @Test
  void hashesTableAddressZeroMeansUnsupported() throws Exception {
    // Debian's OvmfPkgX64 build reserves the entry with address 0.
    OvmfImage debian = OvmfImage.parse(PublishedVectorsTest.resource("debian-ovmf-suffix.bin")).value();
    assertThat(debian.layout().hashesTableGpa()).isEmpty();
    assertThat(debian.footerEntries()).contains(EfiGuid.SEV_HASH_TABLE_RV, EfiGuid.OVMF_SEV_METADATA);
  }

  @Test
  void svsmCallingAreaSectionIsKnown() {
    OvmfImage ovmf = OvmfImage.parse(new SyntheticOvmf().section(0x80f000, 0x1000, SectionType.SVSM_CAA).build())
        .value();
    assertThat(ovmf.layout().sections()).extracting(SevMetadataSection::type).containsExactly(SectionType.SVSM_CAA);
  }

  @Test
  void firmwareSize() {
    assertProblem(new byte[0], "firmware-size");
    assertProblem(new byte[4095], "firmware-size");
    assertProblem(new byte[4097], "firmware-size");
  }

  @Test
  void footerTable() {
    assertProblem(new byte[8192], "footer-table");
    byte[] image = SyntheticOvmf.amdSev().build();
    image[image.length - 32 - 16] ^= 1; // first byte of the footer GUID
    assertProblem(image, "footer-table");
  }

  @Test
  void footerTableLength() {
    byte[] tooShort = SyntheticOvmf.amdSev().build();
    setU16(tooShort, tooShort.length - 50, 17);
    assertProblem(tooShort, "footer-table-length");
    byte[] tooLong = SyntheticOvmf.amdSev().build();
    setU16(tooLong, tooLong.length - 50, 5000);
    assertProblem(tooLong, "footer-table-length");
    byte[] stray = SyntheticOvmf.amdSev().build();
    setU16(stray, stray.length - 50, u16(stray, stray.length - 50) + 3);
    assertProblem(stray, "footer-table-length");
  }

  @Test
  void footerEntryLength() {
    byte[] image = SyntheticOvmf.amdSev().build();
    int lastEntry = image.length - 50 - 18; // header of the entry just below the footer
    setU16(image, lastEntry, 7);
    assertProblem(image, "footer-entry-length");
    setU16(image, lastEntry, 4000);
    assertProblem(image, "footer-entry-length");
  }

  @Test
  void sevMetadataMissing() {
    // A footer table with only a reset block: an OVMF built without SEV-SNP metadata.
    byte[] image = new byte[4096];
    byte[] reset = SyntheticOvmf.entry(EfiGuid.SEV_ES_RESET_BLOCK, SyntheticOvmf.le32(0x80b004));
    byte[] footer = SyntheticOvmf.entry(EfiGuid.OVMF_TABLE_FOOTER, new byte[0]);
    setU16(footer, 0, 18 + reset.length);
    System.arraycopy(reset, 0, image, 4096 - 32 - 18 - reset.length, reset.length);
    System.arraycopy(footer, 0, image, 4096 - 32 - 18, 18);
    assertProblem(image, "sev-metadata");
  }

  @Test
  void sevMetadataOffset() {
    byte[] image = SyntheticOvmf.amdSev().build();
    setU32(image, metadataEntryData(image), 8192);
    assertProblem(image, "sev-metadata-offset");
    setU32(image, metadataEntryData(image), 3);
    assertProblem(image, "sev-metadata-offset");
  }

  @Test
  void sevMetadataSignature() {
    byte[] image = SyntheticOvmf.amdSev().build();
    image[0] = 'X';
    assertProblem(image, "sev-metadata-signature");
  }

  @Test
  void sevMetadataVersion() {
    assertProblem(SyntheticOvmf.amdSev().metadataVersion(2).build(), "sev-metadata-version");
  }

  @Test
  void sevMetadataLength() {
    byte[] image = SyntheticOvmf.amdSev().build();
    setU32(image, 4, 16 + 12 * 6 - 1); // shorter than its six sections
    assertProblem(image, "sev-metadata-length");
    byte[] many = SyntheticOvmf.amdSev().build();
    setU32(many, 12, 1_000_000);
    assertProblem(many, "sev-metadata-length");
  }

  @Test
  void sevMetadataSectionType() {
    assertProblem(new SyntheticOvmf().rawSection(0x800000, 0x1000, 0x7).build(), "sev-metadata-section-type");
  }

  @Test
  void sevMetadataSectionAlignment() {
    assertProblem(new SyntheticOvmf().rawSection(0x800010, 0x1000, 1).build(), "sev-metadata-section-alignment");
    assertProblem(new SyntheticOvmf().rawSection(0x800000, 0x10, 1).build(), "sev-metadata-section-alignment");
    assertProblem(new SyntheticOvmf().rawSection(0x800000, 0, 1).build(), "sev-metadata-section-alignment");
  }

  @Test
  void sevEsResetBlockTooShort() {
    byte[] image = new SyntheticOvmf().resetEip(null).build();
    // Rebuild with a 2-byte reset block entry in place of the metadata entry's neighbour.
    byte[] shortReset = SyntheticOvmf.entry(EfiGuid.SEV_ES_RESET_BLOCK, new byte[2]);
    assertProblem(withExtraEntry(image, shortReset), "sev-es-reset-block");
  }

  @Test
  void sevHashesTableTooShort() {
    byte[] image = new SyntheticOvmf().build();
    byte[] shortTable = SyntheticOvmf.entry(EfiGuid.SEV_HASH_TABLE_RV, new byte[3]);
    assertProblem(withExtraEntry(image, shortTable), "sev-hashes-table");
  }

  @Test
  void reportsEveryBadSectionNotJustTheFirst() {
    Checked<OvmfImage> parsed = OvmfImage.parse(new SyntheticOvmf()
        .rawSection(0x800000, 0x1000, 0x9).rawSection(0x800001, 0x1000, 1).build());
    assertThat(parsed.problems()).extracting(MeasurementProblem::check)
        .containsExactly("sev-metadata-section-type", "sev-metadata-section-alignment");
  }

  @Property(tries = 300)
  void arbitraryBytesGiveAVerdictNeverAnException(@ForAll("images") byte[] image) {
    Checked<OvmfImage> parsed = OvmfImage.parse(image);
    assertThat(parsed.ok() || !parsed.problems().isEmpty()).isTrue();
  }

  @Property(tries = 500)
  void mutatedFootersGiveAVerdictNeverAnException(@ForAll @IntRange(min = 0, max = 4095) int position,
      @ForAll @IntRange(min = 1, max = 255) int xor) {
    byte[] image = SyntheticOvmf.amdSev().build();
    image[position] ^= (byte) xor;
    Checked<OvmfImage> parsed = OvmfImage.parse(image);
    if (parsed.ok()) {
      assertThat(parsed.value().layout().sections()).allSatisfy(s -> assertThat(s.gpa() % 4096).isZero());
    } else {
      assertThat(parsed.problems()).isNotEmpty();
    }
  }

  @Provide
  Arbitrary<byte[]> images() {
    return Arbitraries.integers().between(0, 3).flatMap(pages -> Arbitraries.bytes().array(byte[].class)
        .ofSize(pages * 4096 + (pages == 3 ? 1 : 0)));
  }

  static void assertProblem(byte[] image, String check) {
    Checked<OvmfImage> parsed = OvmfImage.parse(image);
    assertThat(parsed.ok()).as("expected %s", check).isFalse();
    assertThat(parsed.problems()).extracting(MeasurementProblem::check).contains(check);
  }

  /** Inserts one more entry at the bottom of the footer table and grows the table size. */
  private static byte[] withExtraEntry(byte[] image, byte[] entry) {
    int footer = image.length - 50;
    int tableSize = u16(image, footer);
    int start = footer - (tableSize - 18);
    System.arraycopy(entry, 0, image, start - entry.length, entry.length);
    setU16(image, footer, tableSize + entry.length);
    return image;
  }

  /** The metadata entry is the first one written, so the lowest in the table. */
  private static int metadataEntryData(byte[] image) {
    int footer = image.length - 50;
    return footer - (u16(image, footer) - 18);
  }

  private static int u16(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(at) & 0xFFFF;
  }

  private static void setU16(byte[] b, int at, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) v);
  }

  private static void setU32(byte[] b, int at, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) v);
  }
}
