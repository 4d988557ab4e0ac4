package io.coracle.deploy.measure;

import java.util.Optional;

/**
 * Kinds of guest memory that OVMF's SEV metadata (OvmfPkg/ResetVector/X64/OvmfSevMetadata.asm)
 * asks the VMM to pre-validate, and how QEMU measures each with SNP_LAUNCH_UPDATE.
 */
public enum SectionType {
  /** Early firmware memory (page tables, GHCB, temporary RAM): measured as ZERO pages. */
  SNP_SEC_MEM(0x01),
  /** The secrets page the processor fills in (VMPCKs): a SECRETS page. */
  SNP_SECRETS(0x02),
  /** The CPUID table the processor validates: a CPUID page. */
  CPUID(0x03),
  /** The SVSM calling area of newer OVMF builds: ZERO pages. */
  SVSM_CAA(0x04),
  /** The page holding the SEV hashes table of -kernel/-initrd/-append (AmdSev builds only). */
  SNP_KERNEL_HASHES(0x10);

  private final int code;

  SectionType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<SectionType> ofCode(long code) {
    for (SectionType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
