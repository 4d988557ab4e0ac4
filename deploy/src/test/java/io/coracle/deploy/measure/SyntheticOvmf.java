package io.coracle.deploy.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds small firmware images with an edk2-style GUIDed footer table and SEV metadata, so tests
 * can exercise every layout (kernel hashes, missing blocks, corrupt fields) without shipping
 * firmware binaries. The metadata block sits at the start of the image, like
 * google/gce-tcb-verifier's test firmware.
 */
final class SyntheticOvmf {
  record Section(long gpa, long size, long type) {}

  private int pages = 1;
  private final List<Section> sections = new ArrayList<>();
  private Long resetEip = 0x80b004L;
  private Long hashesTableGpa;
  private int metadataVersion = 1;

  SyntheticOvmf pages(int pages) {
    this.pages = pages;
    return this;
  }

  SyntheticOvmf section(long gpa, long size, SectionType type) {
    sections.add(new Section(gpa, size, type.code()));
    return this;
  }

  SyntheticOvmf rawSection(long gpa, long size, long type) {
    sections.add(new Section(gpa, size, type));
    return this;
  }

  SyntheticOvmf resetEip(Long eip) {
    this.resetEip = eip;
    return this;
  }

  SyntheticOvmf hashesTableGpa(Long gpa) {
    this.hashesTableGpa = gpa;
    return this;
  }

  SyntheticOvmf metadataVersion(int version) {
    this.metadataVersion = version;
    return this;
  }

  /** The layout of an AmdSev build with measured direct boot (the addresses of edk2's AmdSevX64). */
  static SyntheticOvmf amdSev() {
    return new SyntheticOvmf()
        .section(0x800000, 0x9000, SectionType.SNP_SEC_MEM)
        .section(0x80a000, 0x3000, SectionType.SNP_SEC_MEM)
        .section(0x80d000, 0x1000, SectionType.SNP_SECRETS)
        .section(0x80e000, 0x1000, SectionType.CPUID)
        .section(0x80f000, 0x1000, SectionType.SNP_KERNEL_HASHES)
        .section(0x810000, 0x10000, SectionType.SNP_SEC_MEM)
        .hashesTableGpa(0x80f000L + 0xc00);
  }

  byte[] build() {
    byte[] image = new byte[pages * 4096];
    for (int i = 0; i < image.length; i += 97) {
      image[i] = (byte) (i * 31); // firmware "code", so pages differ
    }
    ByteBuffer meta = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    meta.put((byte) 'A').put((byte) 'S').put((byte) 'E').put((byte) 'V')
        .putInt(16 + 12 * sections.size()).putInt(metadataVersion).putInt(sections.size());
    for (Section s : sections) {
      meta.putInt((int) s.gpa()).putInt((int) s.size()).putInt((int) s.type());
    }
    List<byte[]> entries = new ArrayList<>();
    entries.add(entry(EfiGuid.OVMF_SEV_METADATA, le32(image.length)));
    if (resetEip != null) {
      entries.add(entry(EfiGuid.SEV_ES_RESET_BLOCK, le32(resetEip)));
    }
    if (hashesTableGpa != null) {
      entries.add(entry(EfiGuid.SEV_HASH_TABLE_RV, concat(le32(hashesTableGpa), le32(0x400))));
    }
    int tableLength = 18 + entries.stream().mapToInt(e -> e.length).sum();
    byte[] footer = entry(EfiGuid.OVMF_TABLE_FOOTER, new byte[0]);
    ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) tableLength);
    int at = image.length - 32 - tableLength;
    for (byte[] e : entries) {
      System.arraycopy(e, 0, image, at, e.length);
      at += e.length;
    }
    System.arraycopy(footer, 0, image, at, footer.length);
    return image;
  }

  static byte[] entry(UUID guid, byte[] data) {
    byte[] e = new byte[data.length + 18];
    System.arraycopy(data, 0, e, 0, data.length);
    e[data.length] = (byte) e.length;
    e[data.length + 1] = (byte) (e.length >> 8);
    System.arraycopy(EfiGuid.toBytes(guid), 0, e, data.length + 2, 16);
    return e;
  }

  static byte[] le32(long v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
