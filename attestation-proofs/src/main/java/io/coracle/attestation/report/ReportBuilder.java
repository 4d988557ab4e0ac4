package io.coracle.attestation.report;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes ATTESTATION_REPORT bytes (unsigned: the signature area is zero) in the exact ABI layout.
 * Used by the simulated provider and by tests that need reports with chosen fields.
 */
public final class ReportBuilder {
  private int version = 3;
  private long guestSvn;
  private long policy = 0x30000L; // ABI 0.0, SMT allowed, reserved bit 17 set, no debug, no MA
  private byte[] familyId = new byte[16];
  private byte[] imageId = new byte[16];
  private int vmpl;
  private long currentTcb;
  private long platformInfo = 0x25L; // SMT_EN, ECC_EN, ALIAS_CHECK_COMPLETE
  private int signerInfo; // VCEK, chip id not masked
  private byte[] reportData = new byte[64];
  private byte[] measurement = new byte[48];
  private byte[] hostData = new byte[32];
  private byte[] idKeyDigest = new byte[48];
  private byte[] authorKeyDigest = new byte[48];
  private byte[] reportId = new byte[32];
  private byte[] reportIdMa = filled(32, 0xff);
  private long reportedTcb;
  private int cpuidFamily;
  private int cpuidModel;
  private int cpuidStepping;
  private byte[] chipId = new byte[64];
  private long committedTcb;
  private long launchTcb;
  private int[] currentVersion = {1, 55, 0};
  private int[] committedVersion = {1, 55, 0};
  private long launchMitVector;
  private long currentMitVector;

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static byte[] exact(byte[] value, int length, String field) {
    if (value.length != length) {
      throw new IllegalArgumentException(field + " must be " + length + " bytes, got " + value.length);
    }
    return value.clone();
  }

  public ReportBuilder version(int v) { this.version = v; return this; }
  public ReportBuilder guestSvn(long v) { this.guestSvn = v; return this; }
  public ReportBuilder policy(long v) { this.policy = v; return this; }
  public ReportBuilder familyId(byte[] v) { this.familyId = exact(v, 16, "family_id"); return this; }
  public ReportBuilder imageId(byte[] v) { this.imageId = exact(v, 16, "image_id"); return this; }
  public ReportBuilder vmpl(int v) { this.vmpl = v; return this; }
  public ReportBuilder platformInfo(long v) { this.platformInfo = v; return this; }
  public ReportBuilder signerInfo(int v) { this.signerInfo = v; return this; }
  public ReportBuilder reportData(byte[] v) { this.reportData = exact(v, 64, "report_data"); return this; }
  public ReportBuilder measurement(byte[] v) { this.measurement = exact(v, 48, "measurement"); return this; }
  public ReportBuilder hostData(byte[] v) { this.hostData = exact(v, 32, "host_data"); return this; }
  public ReportBuilder idKeyDigest(byte[] v) { this.idKeyDigest = exact(v, 48, "id_key_digest"); return this; }
  public ReportBuilder authorKeyDigest(byte[] v) { this.authorKeyDigest = exact(v, 48, "author_key_digest"); return this; }
  public ReportBuilder reportId(byte[] v) { this.reportId = exact(v, 32, "report_id"); return this; }
  public ReportBuilder reportIdMa(byte[] v) { this.reportIdMa = exact(v, 32, "report_id_ma"); return this; }
  public ReportBuilder chipId(byte[] v) { this.chipId = exact(v, 64, "chip_id"); return this; }
  public ReportBuilder launchMitVector(long v) { this.launchMitVector = v; return this; }
  public ReportBuilder currentMitVector(long v) { this.currentMitVector = v; return this; }

  /** Sets reported, current, committed and launch TCB to the same value (a freshly booted host). */
  public ReportBuilder tcb(long v) {
    this.reportedTcb = v;
    this.currentTcb = v;
    this.committedTcb = v;
    this.launchTcb = v;
    return this;
  }

  public ReportBuilder reportedTcb(long v) { this.reportedTcb = v; return this; }

  public ReportBuilder cpuid(int family, int model, int stepping) {
    this.cpuidFamily = family;
    this.cpuidModel = model;
    this.cpuidStepping = stepping;
    return this;
  }

  public ReportBuilder firmwareVersion(int major, int minor, int build) {
    this.currentVersion = new int[] {major, minor, build};
    this.committedVersion = new int[] {major, minor, build};
    return this;
  }

  /** The 1184 report bytes with an all-zero signature. */
  public byte[] buildUnsigned() {
    byte[] r = new byte[AttestationReport.SIZE];
    ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0x00, version);
    b.putInt(0x04, (int) guestSvn);
    b.putLong(0x08, policy);
    System.arraycopy(familyId, 0, r, 0x10, 16);
    System.arraycopy(imageId, 0, r, 0x20, 16);
    b.putInt(0x30, vmpl);
    b.putInt(0x34, AttestationReport.SIG_ALGO_ECDSA_P384_SHA384);
    b.putLong(0x38, currentTcb);
    b.putLong(0x40, platformInfo);
    b.putInt(0x48, signerInfo);
    System.arraycopy(reportData, 0, r, 0x50, 64);
    System.arraycopy(measurement, 0, r, 0x90, 48);
    System.arraycopy(hostData, 0, r, 0xC0, 32);
    System.arraycopy(idKeyDigest, 0, r, 0xE0, 48);
    System.arraycopy(authorKeyDigest, 0, r, 0x110, 48);
    System.arraycopy(reportId, 0, r, 0x140, 32);
    System.arraycopy(reportIdMa, 0, r, 0x160, 32);
    b.putLong(0x180, reportedTcb);
    if (version >= 3) {
      r[0x188] = (byte) cpuidFamily;
      r[0x189] = (byte) cpuidModel;
      r[0x18A] = (byte) cpuidStepping;
    }
    System.arraycopy(chipId, 0, r, 0x1A0, 64);
    b.putLong(0x1E0, committedTcb);
    r[0x1E8] = (byte) currentVersion[2];
    r[0x1E9] = (byte) currentVersion[1];
    r[0x1EA] = (byte) currentVersion[0];
    r[0x1EC] = (byte) committedVersion[2];
    r[0x1ED] = (byte) committedVersion[1];
    r[0x1EE] = (byte) committedVersion[0];
    b.putLong(0x1F0, launchTcb);
    if (version >= 5) {
      b.putLong(0x1F8, launchMitVector);
      b.putLong(0x200, currentMitVector);
    }
    return r;
  }
}
