package io.coracle.attestation.report;

import io.coracle.attestation.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An SEV-SNP ATTESTATION_REPORT (AMD SEV-SNP ABI specification, "ATTESTATION_REPORT Structure"),
 * versions 2 to 5: 1184 bytes, little-endian, signed over bytes [0x000, 0x2A0).
 *
 * <p>Every field is decoded; fields a version does not have are empty. {@link #raw()} keeps the
 * exact bytes, and the signature is always checked over those bytes, never a re-encoding.
 */
public record AttestationReport(
    Bytes raw,
    int version,
    long guestSvn,
    GuestPolicy policy,
    Bytes familyId,
    Bytes imageId,
    int vmpl,
    int signatureAlgorithm,
    long currentTcb,
    PlatformInfo platformInfo,
    SignerInfo signerInfo,
    Bytes reportData,
    Bytes measurement,
    Bytes hostData,
    Bytes idKeyDigest,
    Bytes authorKeyDigest,
    Bytes reportId,
    Bytes reportIdMa,
    long reportedTcb,
    Optional<CpuidSignature> cpuid,
    Bytes chipId,
    long committedTcb,
    FirmwareVersion currentVersion,
    FirmwareVersion committedVersion,
    long launchTcb,
    OptionalLong launchMitigationVector,
    OptionalLong currentMitigationVector,
    Bytes signatureR,
    Bytes signatureS) {

  public static final int SIZE = 0x4A0;
  public static final int SIGNED_LENGTH = 0x2A0;
  public static final int SIGNATURE_OFFSET = 0x2A0;
  public static final int ECDSA_COMPONENT_SIZE = 72;
  public static final int MIN_VERSION = 2;
  public static final int MAX_VERSION = 5;
  /** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384, the only one defined. */
  public static final int SIG_ALGO_ECDSA_P384_SHA384 = 1;

  /** CPUID family/model/stepping of the chip (reports of version 3 and later). */
  public record CpuidSignature(int family, int model, int stepping) {
    public Optional<ProcessorGeneration> generation() {
      return ProcessorGeneration.fromCpuid(family, model);
    }

    @Override
    public String toString() {
      return String.format("family=0x%02x model=0x%02x stepping=0x%02x", family, model, stepping);
    }
  }

  /** A firmware version major.minor.build. */
  public record FirmwareVersion(int major, int minor, int build) {
    @Override
    public String toString() {
      return major + "." + minor + "." + build;
    }
  }

  /**
   * Decodes a report. Fails only when the bytes cannot be a report at all (wrong size, unknown
   * version); reserved-field violations are reported by {@link #formatProblems()} so a verdict can
   * name them.
   */
  public static AttestationReport parse(byte[] bytes) throws ReportFormatException {
    if (bytes == null) {
      throw new ReportFormatException("no report bytes");
    }
    if (bytes.length != SIZE) {
      throw new ReportFormatException(
          (bytes.length < SIZE ? "truncated" : "oversized") + " report: " + bytes.length
              + " bytes, an ATTESTATION_REPORT is exactly " + SIZE + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int version = b.getInt(0x00);
    if (version < MIN_VERSION || version > MAX_VERSION) {
      throw new ReportFormatException("unsupported report version " + Integer.toUnsignedString(version)
          + " (this verifier reads versions " + MIN_VERSION + " to " + MAX_VERSION + ")");
    }
    Optional<CpuidSignature> cpuid = version >= 3
        ? Optional.of(new CpuidSignature(bytes[0x188] & 0xff, bytes[0x189] & 0xff, bytes[0x18A] & 0xff))
        : Optional.empty();
    OptionalLong launchMit = version >= 5 ? OptionalLong.of(b.getLong(0x1F8)) : OptionalLong.empty();
    OptionalLong currentMit = version >= 5 ? OptionalLong.of(b.getLong(0x200)) : OptionalLong.empty();
    return new AttestationReport(
        Bytes.of(bytes),
        version,
        Integer.toUnsignedLong(b.getInt(0x04)),
        new GuestPolicy(b.getLong(0x08)),
        Bytes.slice(bytes, 0x10, 0x20),
        Bytes.slice(bytes, 0x20, 0x30),
        b.getInt(0x30),
        b.getInt(0x34),
        b.getLong(0x38),
        new PlatformInfo(b.getLong(0x40)),
        new SignerInfo(b.getInt(0x48)),
        Bytes.slice(bytes, 0x50, 0x90),
        Bytes.slice(bytes, 0x90, 0xC0),
        Bytes.slice(bytes, 0xC0, 0xE0),
        Bytes.slice(bytes, 0xE0, 0x110),
        Bytes.slice(bytes, 0x110, 0x140),
        Bytes.slice(bytes, 0x140, 0x160),
        Bytes.slice(bytes, 0x160, 0x180),
        b.getLong(0x180),
        cpuid,
        Bytes.slice(bytes, 0x1A0, 0x1E0),
        b.getLong(0x1E0),
        new FirmwareVersion(bytes[0x1EA] & 0xff, bytes[0x1E9] & 0xff, bytes[0x1E8] & 0xff),
        new FirmwareVersion(bytes[0x1EE] & 0xff, bytes[0x1ED] & 0xff, bytes[0x1EC] & 0xff),
        b.getLong(0x1F0),
        launchMit,
        currentMit,
        Bytes.slice(bytes, SIGNATURE_OFFSET, SIGNATURE_OFFSET + ECDSA_COMPONENT_SIZE),
        Bytes.slice(bytes, SIGNATURE_OFFSET + ECDSA_COMPONENT_SIZE, SIGNATURE_OFFSET + 2 * ECDSA_COMPONENT_SIZE));
  }

  /** The bytes the firmware signed: [0x000, 0x2A0). */
  public byte[] signedBytes() {
    return raw.slice(0, SIGNED_LENGTH).toArray();
  }

  /** The layout the report's own CPUID implies (Turin for family 1Ah); Milan/Genoa otherwise. */
  public TcbLayout impliedTcbLayout() {
    return cpuid.flatMap(CpuidSignature::generation).map(ProcessorGeneration::tcbLayout)
        .orElse(TcbLayout.MILAN_GENOA);
  }

  /** A migration agent is bound to this guest unless REPORT_ID_MA is all ones (or all zeros). */
  public boolean hasMigrationAgent() {
    return !(reportIdMa.isAll(0xff) || reportIdMa.isAllZero());
  }

  /**
   * Violations of the ABI's fixed fields: signature algorithm, reserved policy and signer bits, and
   * every must-be-zero range for this version. Empty when the report is well-formed.
   */
  public List<String> formatProblems() {
    List<String> problems = new ArrayList<>();
    if (signatureAlgorithm != SIG_ALGO_ECDSA_P384_SHA384) {
      problems.add("SIGNATURE_ALGO is " + Integer.toUnsignedString(signatureAlgorithm)
          + ", only 1 (ECDSA P-384 with SHA-384) is defined");
    }
    problems.addAll(policy.formatProblems());
    if (!signerInfo.reservedBitsZero()) {
      problems.add(String.format("SIGNER_INFO bits 31:5 are reserved and must be 0 (signer_info=0x%x)",
          signerInfo.raw()));
    }
    if (signerInfo.signingKey() == SigningKey.RESERVED) {
      problems.add("SIGNER_INFO.SIGNING_KEY is " + signerInfo.signingKeyField()
          + ", a reserved value (0 = VCEK, 1 = VLEK, 7 = none)");
    }
    if (vmpl < 0 || vmpl > 3) {
      problems.add("VMPL is " + Integer.toUnsignedString(vmpl) + ", outside 0-3");
    }
    byte[] r = raw.toArray();
    mbz(r, 0x4C, 0x50, problems);
    mbz(r, version >= 3 ? 0x18B : 0x188, 0x1A0, problems);
    mbz(r, 0x1EB, 0x1EC, problems);
    mbz(r, 0x1EF, 0x1F0, problems);
    mbz(r, version >= 5 ? 0x208 : 0x1F8, SIGNATURE_OFFSET, problems);
    mbz(r, SIGNATURE_OFFSET + 2 * ECDSA_COMPONENT_SIZE, SIZE, problems);
    return problems;
  }

  private static void mbz(byte[] r, int from, int to, List<String> problems) {
    for (int i = from; i < to; i++) {
      if (r[i] != 0) {
        problems.add(String.format("reserved bytes [0x%03X, 0x%03X) must be zero, byte 0x%03X is 0x%02x",
            from, to, i, r[i] & 0xff));
        return;
      }
    }
  }

  /** All fields, for JSON output and logs (reports hold no secrets). */
  public Map<String, Object> describe(TcbLayout layout) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("guestSvn", guestSvn);
    m.put("policy", policy.describe());
    m.put("familyId", familyId.hex());
    m.put("imageId", imageId.hex());
    m.put("vmpl", Integer.toUnsignedLong(vmpl));
    m.put("signatureAlgorithm", Integer.toUnsignedLong(signatureAlgorithm));
    m.put("currentTcb", layout.decode(currentTcb).describe());
    m.put("platformInfo", platformInfo.describe());
    m.put("signerInfo", signerInfo.describe());
    m.put("reportData", reportData.hex());
    m.put("measurement", measurement.hex());
    m.put("hostData", hostData.hex());
    m.put("idKeyDigest", idKeyDigest.hex());
    m.put("authorKeyDigest", authorKeyDigest.hex());
    m.put("reportId", reportId.hex());
    m.put("reportIdMa", reportIdMa.hex());
    m.put("reportedTcb", layout.decode(reportedTcb).describe());
    cpuid.ifPresent(c -> {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("family", c.family());
      cm.put("model", c.model());
      cm.put("stepping", c.stepping());
      c.generation().ifPresent(g -> cm.put("product", g.productName()));
      m.put("cpuid", cm);
    });
    m.put("chipId", chipId.hex());
    m.put("committedTcb", layout.decode(committedTcb).describe());
    m.put("currentVersion", currentVersion.toString());
    m.put("committedVersion", committedVersion.toString());
    m.put("launchTcb", layout.decode(launchTcb).describe());
    launchMitigationVector.ifPresent(v -> m.put("launchMitVector", String.format("0x%x", v)));
    currentMitigationVector.ifPresent(v -> m.put("currentMitVector", String.format("0x%x", v)));
    m.put("signatureR", signatureR.hex());
    m.put("signatureS", signatureS.hex());
    return m;
  }
}
