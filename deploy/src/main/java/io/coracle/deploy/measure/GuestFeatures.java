package io.coracle.deploy.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * SEV_FEATURES of the VMSA (AMD APM vol. 2, table 15-36): bit 0 SNPActive, 1 vTOM, 2 ReflectVC,
 * 3 RestrictedInjection, 4 AlternateInjection, 5 DebugSwap, 6 PreventHostIBS, 7 BTBIsolation,
 * 8 VmplSSS, 9 SecureTSC, 10 VmgexitParameter, 12 IbsVirtualization, 14 VmsaRegProt,
 * 15 SmtProtection; bits 11 and 13 are reserved, must be zero.
 */
public final class GuestFeatures {
  public static final long SNP_ACTIVE = 1L;
  public static final long DEBUG_SWAP = 1L << 5;
  private static final long RESERVED = 1L << 11 | 1L << 13;
  /**
   * What upstream QEMU and KVM give an SNP guest unless told otherwise: SNPActive only. (AMD's
   * pre-upstream kernels enabled DebugSwap too: 0x21, sev-snp-measure's default.)
   */
  public static final long DEFAULT = SNP_ACTIVE;

  private GuestFeatures() {}

  public static List<MeasurementProblem> check(long features) {
    List<MeasurementProblem> problems = new ArrayList<>();
    if ((features & SNP_ACTIVE) == 0) {
      problems.add(new MeasurementProblem("guest-features-snp-active",
          "SEV features 0x" + Long.toHexString(features) + " lack bit 0 (SNPActive), which every SNP guest has"));
    }
    if ((features & RESERVED) != 0) {
      problems.add(new MeasurementProblem("guest-features-reserved",
          "SEV features 0x" + Long.toHexString(features) + " set reserved bit 11 or 13"));
    }
    return problems;
  }
}
