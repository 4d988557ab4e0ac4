package io.coracle.deploy.measure;

/** One OVMF SEV metadata descriptor: {@code size} bytes of guest memory at {@code gpa}. */
public record SevMetadataSection(long gpa, long size, SectionType type) {
  public SevMetadataSection {
    if (type == null || gpa < 0 || size <= 0
        || (gpa & (GuestContext.PAGE_SIZE - 1)) != 0 || (size & (GuestContext.PAGE_SIZE - 1)) != 0) {
      throw new IllegalArgumentException("a metadata section is a non-empty, 4 KiB aligned range, got gpa 0x"
          + Long.toHexString(gpa) + " size 0x" + Long.toHexString(size));
    }
  }

  @Override
  public String toString() {
    return type + "@0x" + Long.toHexString(gpa) + "+0x" + Long.toHexString(size);
  }
}
