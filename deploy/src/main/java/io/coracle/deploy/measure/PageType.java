package io.coracle.deploy.measure;

/**
 * The PAGE_TYPE of an SNP_LAUNCH_UPDATE (AMD SEV-SNP ABI, section 8.17, table "PAGE_TYPE field").
 * The firmware folds the value into every PAGE_INFO it hashes, so the same bytes at the same
 * address measure differently as a zero page than as a normal page.
 */
public enum PageType {
  NORMAL(0x01),
  VMSA(0x02),
  ZERO(0x03),
  UNMEASURED(0x04),
  SECRETS(0x05),
  CPUID(0x06);

  private final int code;

  PageType(int code) {
    this.code = code;
  }

  /** The byte written into PAGE_INFO.PAGE_TYPE. */
  public int code() {
    return code;
  }
}
