package io.coracle.deploy.measure;

import java.util.Optional;

/**
 * Everything that determines an SNP guest's launch measurement under QEMU/EC2 direct boot.
 *
 * @param layout the firmware's SEV metadata, AP reset vector and hashes-table address
 * @param firmwareDigest the digest after the firmware pages ({@link SnpMeasurement#firmwareDigest})
 * @param kernelHashes the SEV hashes of -kernel/-initrd/-append; empty when booting without them
 * @param vcpus the number of vCPUs: one VMSA page each
 * @param vcpuSignature CPUID signature of the vCPU model ({@link VcpuType#signature()}); QEMU only
 * @param guestFeatures SEV_FEATURES of every VMSA ({@link GuestFeatures})
 * @param vmm which hypervisor's reset state and page order to reproduce
 */
public record SnpLaunch(OvmfLayout layout, LaunchDigest firmwareDigest, Optional<SevHashes> kernelHashes,
    int vcpus, int vcpuSignature, long guestFeatures, VmmType vmm) {
  /** KVM's KVM_MAX_VCPUS on x86; more is a typo, not a guest. */
  public static final int MAX_VCPUS = 4096;

  public SnpLaunch {
    if (layout == null || firmwareDigest == null || kernelHashes == null || vmm == null) {
      throw new IllegalArgumentException("layout, firmware digest, kernel hashes (maybe empty) and VMM are required");
    }
  }
}
