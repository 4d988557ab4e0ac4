package io.coracle.deploy.measure;

/**
 * A segment register as the VMSA stores it (AMD APM vol. 2, table B-4; Linux
 * {@code struct vmcb_seg}): selector, attributes, limit, base; 16 bytes.
 */
public record VmcbSegment(int selector, int attributes, long limit, long base) {
  public VmcbSegment {
    if ((selector & ~0xFFFF) != 0 || (attributes & ~0xFFFF) != 0 || (limit & ~0xFFFF_FFFFL) != 0) {
      throw new IllegalArgumentException("selector and attributes are 16 bits, limit is 32 bits");
    }
  }

  /** The null segment: all fields zero. */
  public static final VmcbSegment NULL = new VmcbSegment(0, 0, 0, 0);
}
