package io.coracle.cli;

import io.coracle.deploy.measure.Checked;
import io.coracle.deploy.measure.GuestFeatures;
import io.coracle.deploy.measure.LaunchDigest;
import io.coracle.deploy.measure.MeasurementOutcome;
import io.coracle.deploy.measure.MeasurementProblem;
import io.coracle.deploy.measure.OvmfImage;
import io.coracle.deploy.measure.SevHashes;
import io.coracle.deploy.measure.SevMetadataSection;
import io.coracle.deploy.measure.SnpLaunch;
import io.coracle.deploy.measure.SnpMeasurement;
import io.coracle.deploy.measure.VcpuType;
import io.coracle.deploy.measure.VmmType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./coracle measure}: the expected SEV-SNP launch measurement of a guest, computed from
 * its firmware, kernel, initrd and command line before it ever runs, for the registry's
 * allow-list.
 */
@Command(
    name = "measure",
    mixinStandardHelpOptions = true,
    description = {
        "Compute the SEV-SNP launch measurement (48 bytes, hex) of a QEMU direct-boot guest and print it as JSON "
            + "with the inputs it was computed from.",
        "Exit 0 on success, 1 when the inputs cannot be measured (not an OVMF, no SEV metadata, no kernel-hashes "
            + "support, unreadable file), 2 on usage errors."})
public final class MeasureCommand implements Callable<Integer> {
  /** Matches deploy/guest/launch-qemu.sh and the libvirt domain. */
  static final int DEFAULT_VCPUS = 4;
  static final String DEFAULT_VCPU_TYPE = "EPYC-v4";

  @Spec CommandSpec spec;

  @Option(names = "--ovmf", required = true, paramLabel = "FILE",
      description = "OVMF firmware with SEV-SNP metadata; an AmdSev build (OvmfPkg/AmdSev) for --kernel.")
  Path ovmf;

  @Option(names = "--kernel", paramLabel = "FILE", description = "Kernel given to QEMU -kernel (kernel-hashes=on).")
  Path kernel;

  @Option(names = "--initrd", paramLabel = "FILE", description = "Initrd given to QEMU -initrd (needs --kernel).")
  Path initrd;

  @Option(names = "--append", paramLabel = "CMDLINE",
      description = "Kernel command line given to QEMU -append, exactly (needs --kernel).")
  String append;

  @Option(names = "--vcpus", paramLabel = "N", defaultValue = "" + DEFAULT_VCPUS,
      description = "Number of vCPUs (default: ${DEFAULT-VALUE}).")
  int vcpus;

  @Option(names = "--vcpu-type", paramLabel = "MODEL", defaultValue = DEFAULT_VCPU_TYPE,
      description = "QEMU -cpu model, e.g. EPYC-v4, EPYC-Milan, EPYC-Genoa (default: ${DEFAULT-VALUE}).")
  String vcpuType;

  @Option(names = "--guest-features", paramLabel = "HEX", defaultValue = "0x1",
      description = "SEV_FEATURES of the VMSAs (default: ${DEFAULT-VALUE}, SNPActive; 0x21 adds DebugSwap).")
  String guestFeatures;

  @Option(names = "--vmm-type", paramLabel = "VMM", defaultValue = "qemu",
      description = "qemu (upstream KVM 6.11+ / QEMU 9.1+) or ec2 (default: ${DEFAULT-VALUE}).")
  String vmmType;

  @Option(names = "--ovmf-hash", paramLabel = "HEX",
      description = "Precomputed firmware digest (the ovmf.firmwareDigest of an earlier run); the --ovmf file then "
          + "only supplies its metadata.")
  String ovmfHash;

  @Option(names = "--pretty", description = "Indent the JSON.")
  boolean pretty;

  @Override
  public Integer call() {
    if (kernel == null && (initrd != null || append != null)) {
      throw new CliErrors.UsageException("--initrd and --append need --kernel");
    }
    if (vcpus < 1 || vcpus > SnpLaunch.MAX_VCPUS) {
      throw new CliErrors.UsageException("--vcpus: expected 1 to " + SnpLaunch.MAX_VCPUS + ", got " + vcpus);
    }
    VcpuType cpu = VcpuType.ofName(vcpuType).orElseThrow(() -> new CliErrors.UsageException(
        "--vcpu-type: unknown model '" + vcpuType + "'; known: " + String.join(", ", VcpuType.known().keySet())));
    VmmType vmm = VmmType.ofName(vmmType).orElseThrow(() -> new CliErrors.UsageException(
        "--vmm-type: expected qemu or ec2, got '" + vmmType + "'"));
    long features = parseHexLong("--guest-features", guestFeatures);
    Optional<LaunchDigest> precomputed = Optional.ofNullable(ovmfHash).map(MeasureCommand::parseDigest);
    requireFile(ovmf, "--ovmf");
    if (kernel != null) {
      requireFile(kernel, "--kernel");
    }
    if (initrd != null) {
      requireFile(initrd, "--initrd");
    }

    byte[] image;
    SevHashes hashes = null;
    try {
      if (Files.size(ovmf) > OvmfImage.MAX_SIZE) {
        return unmeasurable(List.of(new MeasurementProblem("firmware-size", "--ovmf " + ovmf + " is "
            + Files.size(ovmf) + " bytes, more than any OVMF image (" + OvmfImage.MAX_SIZE + ")")));
      }
      image = Files.readAllBytes(ovmf);
      if (kernel != null) {
        hashes = SevHashes.ofFiles(kernel, Optional.ofNullable(initrd), Optional.ofNullable(append));
      }
    } catch (IOException e) {
      return unmeasurable(List.of(new MeasurementProblem("read-input", "cannot read an input file: " + e)));
    }
    Checked<OvmfImage> parsed = OvmfImage.parse(image);
    if (!parsed.ok()) {
      return unmeasurable(parsed.problems());
    }
    OvmfImage firmware = parsed.value();
    LaunchDigest firmwareDigest = precomputed.orElseGet(() -> SnpMeasurement.firmwareDigest(firmware));
    SnpLaunch launch = new SnpLaunch(firmware.layout(), firmwareDigest, Optional.ofNullable(hashes), vcpus,
        cpu.signature(), features, vmm);
    MeasurementOutcome outcome = SnpMeasurement.measure(launch);
    if (outcome instanceof MeasurementOutcome.Unmeasurable u) {
      return unmeasurable(u.problems());
    }
    LaunchDigest measurement = ((MeasurementOutcome.Measured) outcome).measurement();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("measurement", measurement.hex());
    out.put("mode", precomputed.isPresent() ? "snp:ovmf-hash" : "snp");
    out.put("vmmType", vmm.cliName());
    out.put("vcpus", vcpus);
    out.put("vcpuType", cpu.name());
    out.put("vcpuSignature", "0x" + Integer.toHexString(cpu.signature()));
    out.put("guestFeatures", "0x" + Long.toHexString(features));
    Map<String, Object> fw = new LinkedHashMap<>();
    fw.put("file", ovmf.toString());
    fw.put("size", image.length);
    fw.put("sha256", sha256Hex(image));
    fw.put("gpa", "0x" + Long.toHexString(firmware.gpa()));
    fw.put("firmwareDigest", firmwareDigest.hex());
    List<Map<String, Object>> sections = new ArrayList<>();
    for (SevMetadataSection s : firmware.layout().sections()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", s.type().name());
      m.put("gpa", "0x" + Long.toHexString(s.gpa()));
      m.put("size", "0x" + Long.toHexString(s.size()));
      sections.add(m);
    }
    fw.put("sevMetadata", sections);
    fw.put("apResetEip", "0x" + Long.toHexString(firmware.layout().apResetEip().getAsLong()));
    firmware.layout().hashesTableGpa().ifPresent(g -> fw.put("hashesTableGpa", "0x" + Long.toHexString(g)));
    out.put("ovmf", fw);
    if (hashes != null) {
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("file", kernel.toString());
      k.put("sha256", hashes.kernelSha256Hex());
      out.put("kernel", k);
      Map<String, Object> rd = new LinkedHashMap<>();
      rd.put("file", initrd == null ? null : initrd.toString());
      rd.put("sha256", hashes.initrdSha256Hex());
      out.put("initrd", rd);
      Map<String, Object> cmd = new LinkedHashMap<>();
      cmd.put("append", append);
      cmd.put("sha256", hashes.cmdlineSha256Hex());
      out.put("cmdline", cmd);
    }
    print(out);
    return CliErrors.OK;
  }

  private int unmeasurable(List<MeasurementProblem> problems) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("measurement", null);
    List<Map<String, String>> list = new ArrayList<>();
    for (MeasurementProblem p : problems) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("check", p.check());
      m.put("detail", p.detail());
      list.add(m);
      spec.commandLine().getErr().println("coracle: cannot measure: " + p);
    }
    spec.commandLine().getErr().flush();
    out.put("problems", list);
    print(out);
    return CliErrors.NEGATIVE;
  }

  private void print(Map<String, Object> out) {
    if (pretty) {
      Json.printPretty(spec.commandLine().getOut(), out);
    } else {
      Json.print(spec.commandLine().getOut(), out);
    }
  }

  private static void requireFile(Path file, String option) {
    if (!Files.isRegularFile(file)) {
      throw new CliErrors.UsageException(option + ": file not found: " + file);
    }
  }

  private static long parseHexLong(String option, String value) {
    String h = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
    if (h.isEmpty() || h.length() > 16 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new CliErrors.UsageException(option + ": expected up to 16 hex digits, got '" + value + "'");
    }
    return Long.parseUnsignedLong(h, 16);
  }

  private static LaunchDigest parseDigest(String value) {
    String h = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
    if (h.length() != 2 * LaunchDigest.LENGTH || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new CliErrors.UsageException("--ovmf-hash: expected 96 hex digits (48 bytes), got '" + value + "'");
    }
    return LaunchDigest.fromHex(h);
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
