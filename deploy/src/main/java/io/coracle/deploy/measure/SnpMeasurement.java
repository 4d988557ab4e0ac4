package io.coracle.deploy.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes the launch measurement of an SEV-SNP guest the way QEMU (or EC2) issues
 * SNP_LAUNCH_UPDATE: every firmware page, then the OVMF SEV metadata sections in firmware order
 * (the kernel-hashes page with the SEV hashes table when direct-booting), then one VMSA per vCPU
 * (the BSP at the reset vector, APs at OVMF's SEV-ES reset block). Equivalent to
 * virtee/sev-snp-measure {@code --mode snp} and {@code snp:ovmf-hash}.
 */
public final class SnpMeasurement {
  private static final int PAGE_OFFSET_MASK = GuestContext.PAGE_SIZE - 1;

  private SnpMeasurement() {}

  /** The digest after the firmware pages alone; reusable across kernels and vCPU counts. */
  public static LaunchDigest firmwareDigest(OvmfImage ovmf) {
    GuestContext gctx = GuestContext.start();
    gctx.updateNormalPages(ovmf.gpa(), ovmf.data());
    return gctx.digest();
  }

  /** Convenience: measures {@code ovmf} with the firmware pages hashed here. */
  public static MeasurementOutcome measure(OvmfImage ovmf, Optional<SevHashes> kernelHashes, int vcpus,
      int vcpuSignature, long guestFeatures, VmmType vmm) {
    return measure(new SnpLaunch(ovmf.layout(), firmwareDigest(ovmf), kernelHashes, vcpus, vcpuSignature,
        guestFeatures, vmm));
  }

  public static MeasurementOutcome measure(SnpLaunch launch) {
    List<MeasurementProblem> problems = check(launch);
    if (!problems.isEmpty()) {
      return new MeasurementOutcome.Unmeasurable(problems);
    }
    OvmfLayout layout = launch.layout();
    GuestContext gctx = GuestContext.resumeFrom(launch.firmwareDigest());
    for (SevMetadataSection s : layout.sections()) {
      switch (s.type()) {
        case SNP_SEC_MEM, SVSM_CAA -> gctx.updateContentlessPages(PageType.ZERO, s.gpa(), s.size());
        case SNP_SECRETS -> gctx.updateContentlessPages(PageType.SECRETS, s.gpa(), s.size());
        case CPUID -> {
          if (!launch.vmm().measuresCpuidPageLast()) {
            gctx.updateContentlessPages(PageType.CPUID, s.gpa(), s.size());
          }
        }
        case SNP_KERNEL_HASHES -> {
          if (launch.kernelHashes().isPresent()) {
            int offset = (int) (layout.hashesTableGpa().getAsLong() & PAGE_OFFSET_MASK);
            gctx.updateNormalPages(s.gpa(), launch.kernelHashes().get().page(offset));
          } else {
            gctx.updateContentlessPages(PageType.ZERO, s.gpa(), s.size());
          }
        }
        default -> throw new IllegalStateException("unhandled section type " + s.type());
      }
    }
    if (launch.vmm().measuresCpuidPageLast()) {
      for (SevMetadataSection s : layout.sections()) {
        if (s.type() == SectionType.CPUID) {
          gctx.updateContentlessPages(PageType.CPUID, s.gpa(), s.size());
        }
      }
    }
    VmmType vmm = launch.vmm();
    byte[] bsp = VmsaPage.encode(vmm.resetState(VmmType.BSP_RESET_EIP, launch.guestFeatures(), launch.vcpuSignature()));
    byte[] ap = VmsaPage.encode(vmm.resetState(layout.apResetEip().getAsLong(), launch.guestFeatures(),
        launch.vcpuSignature()));
    for (int i = 0; i < launch.vcpus(); i++) {
      gctx.updateVmsaPage(i == 0 ? bsp : ap);
    }
    return new MeasurementOutcome.Measured(gctx.digest());
  }

  private static List<MeasurementProblem> check(SnpLaunch launch) {
    List<MeasurementProblem> problems = new ArrayList<>();
    if (launch.vcpus() < 1 || launch.vcpus() > SnpLaunch.MAX_VCPUS) {
      problems.add(new MeasurementProblem("vcpus", "a guest has 1 to " + SnpLaunch.MAX_VCPUS + " vCPUs, not "
          + launch.vcpus()));
    }
    problems.addAll(GuestFeatures.check(launch.guestFeatures()));
    OvmfLayout layout = launch.layout();
    if (layout.apResetEip().isEmpty()) {
      problems.add(new MeasurementProblem("sev-es-reset-block",
          "the firmware has no SEV-ES reset block, so the APs' start address is unknown"));
    }
    if (launch.kernelHashes().isPresent()) {
      List<SevMetadataSection> hashesSections = layout.sections().stream()
          .filter(s -> s.type() == SectionType.SNP_KERNEL_HASHES).toList();
      if (hashesSections.isEmpty()) {
        problems.add(new MeasurementProblem("kernel-hashes-section", "a kernel was given, but the OVMF metadata has"
            + " no SNP_KERNEL_HASHES section: measured direct boot needs an AmdSev (OvmfPkg/AmdSev) build"));
      } else if (layout.hashesTableGpa().isEmpty()) {
        problems.add(new MeasurementProblem("sev-hashes-table", "a kernel was given, but the firmware does not say"
            + " where the SEV hashes table goes (no " + EfiGuid.SEV_HASH_TABLE_RV + " entry)"));
      } else {
        long tableGpa = layout.hashesTableGpa().getAsLong();
        for (SevMetadataSection s : hashesSections) {
          boolean samePage = (tableGpa & ~(long) PAGE_OFFSET_MASK) == s.gpa();
          if (s.size() != GuestContext.PAGE_SIZE || !samePage
              || (tableGpa & PAGE_OFFSET_MASK) + SevHashes.PADDED_LENGTH > GuestContext.PAGE_SIZE) {
            problems.add(new MeasurementProblem("sev-hashes-table-placement", "the SEV hashes table at 0x"
                + Long.toHexString(tableGpa) + " must lie within the one-page kernel hashes section " + s));
          }
        }
      }
    }
    return problems;
  }
}
