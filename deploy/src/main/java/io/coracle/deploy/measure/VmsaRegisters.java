package io.coracle.deploy.measure;

/**
 * The initial vCPU state that a VMM places in a VMSA page before SNP_LAUNCH_UPDATE. Only the
 * fields QEMU/KVM and EC2 set at reset are modelled; every other byte of the page is zero.
 */
public record VmsaRegisters(
    VmcbSegment es, VmcbSegment cs, VmcbSegment ss, VmcbSegment ds, VmcbSegment fs, VmcbSegment gs,
    VmcbSegment gdtr, VmcbSegment ldtr, VmcbSegment idtr, VmcbSegment tr,
    long efer, long cr4, long cr0, long dr7, long dr6, long rflags, long rip,
    long gPat, long rdx, long sevFeatures, long xcr0, int mxcsr, int x87Fcw) {

  public VmsaRegisters {
    for (VmcbSegment s : new VmcbSegment[] {es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr}) {
      if (s == null) {
        throw new IllegalArgumentException("every segment register needs a value (VmcbSegment.NULL for none)");
      }
    }
    if ((x87Fcw & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("the x87 control word is 16 bits");
    }
  }
}
