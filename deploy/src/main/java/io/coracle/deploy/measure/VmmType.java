package io.coracle.deploy.measure;

import java.util.Locale;
import java.util.Optional;

/**
 * The hypervisor that launches the guest: VMMs differ in the reset state they put in the VMSA
 * and in the order they measure the CPUID page.
 */
public enum VmmType {
  /**
   * QEMU with upstream KVM SNP support (Linux 6.11+, QEMU 9.1+; KVM_SEV_INIT2 VMs). KVM copies
   * the reset FPU state into the VMSA (x87 FCW 0x37f, MXCSR 0x1f80) and EDX holds the CPUID
   * signature of the vCPU model at reset.
   */
  QEMU("qemu"),
  /** AWS EC2's Nitro-based SNP VMM: its own segment attributes, no CPU signature, CPUID page last. */
  EC2("ec2");

  /** Where every x86 CPU starts: CS base 0xffff0000, IP 0xfff0. */
  public static final long BSP_RESET_EIP = 0xFFFF_FFF0L;
  private static final long PAT_DEFAULT = 0x0007_0406_0007_0406L;

  private final String cliName;

  VmmType(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static Optional<VmmType> ofName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (VmmType t : values()) {
      if (t.cliName.equals(n)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether the CPUID page is measured after every other metadata section, not in firmware order. */
  public boolean measuresCpuidPageLast() {
    return this == EC2;
  }

  /** The reset state of a vCPU starting at {@code eip} (the BSP, or an AP at OVMF's reset vector). */
  public VmsaRegisters resetState(long eip, long sevFeatures, int vcpuSignature) {
    boolean qemu = this == QEMU;
    int csAttributes = qemu || eip != BSP_RESET_EIP ? 0x9b : 0x9a;
    VmcbSegment data = new VmcbSegment(0, 0x93, 0xffff, 0);
    return new VmsaRegisters(
        data,
        new VmcbSegment(0xf000, csAttributes, 0xffff, eip & 0xffff_0000L),
        new VmcbSegment(0, qemu ? 0x93 : 0x92, 0xffff, 0),
        data, data, data,
        new VmcbSegment(0, 0, 0xffff, 0),
        new VmcbSegment(0, 0x82, 0xffff, 0),
        new VmcbSegment(0, 0, 0xffff, 0),
        new VmcbSegment(0, qemu ? 0x8b : 0x83, 0xffff, 0),
        0x1000, // EFER.SVME, set by KVM
        0x40, // CR4.MCE, set by KVM
        0x10, // CR0.ET
        0x400,
        0xffff0ff0L,
        0x2,
        eip & 0xffff,
        PAT_DEFAULT,
        qemu ? vcpuSignature & 0xFFFF_FFFFL : 0,
        sevFeatures,
        0x1, // XCR0: x87 only
        qemu ? 0x1f80 : 0,
        qemu ? 0x37f : 0);
  }
}
