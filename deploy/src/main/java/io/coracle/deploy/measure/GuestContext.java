package io.coracle.deploy.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The launch digest as the AMD secure processor accumulates it in the guest context (GCTX.LD)
 * during SNP_LAUNCH_UPDATE: for every 4 KiB page, {@code LD = SHA-384(PAGE_INFO)} where PAGE_INFO
 * (SNP ABI 8.17.2, 0x70 bytes) is
 * <pre>
 *   0x00 DIGEST_CUR   48  the previous LD
 *   0x30 CONTENTS     48  SHA-384 of the page, or zeros for ZERO/UNMEASURED/SECRETS/CPUID pages
 *   0x60 LENGTH        2  0x70
 *   0x62 PAGE_TYPE     1
 *   0x63 IMI_PAGE      1  0: pages of a launch, not of an incoming migration
 *   0x64 VMPL3/2/1_PERMS 3 + 1 reserved, all 0 as QEMU and EC2 launch them
 *   0x68 GPA           8  guest-physical address, little-endian
 * </pre>
 * Not thread-safe: one instance follows one launch, page by page, in the order the VMM issues
 * the updates (the order is part of the measurement).
 */
public final class GuestContext {
  public static final int PAGE_SIZE = 4096;
  private static final int PAGE_INFO_LENGTH = 0x70;
  /**
   * VMSA pages are recorded with GPA (u64)-1; the firmware keeps it page aligned with the bits
   * above 51 cleared.
   */
  public static final long VMSA_GPA = 0xFFFF_FFFF_F000L;
  private static final byte[] ZERO_CONTENTS = new byte[LaunchDigest.LENGTH];

  private final MessageDigest sha384 = newSha384();
  private final ByteBuffer pageInfo = ByteBuffer.allocate(PAGE_INFO_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
  private byte[] digest;

  private GuestContext(byte[] seed) {
    this.digest = seed;
  }

  /** A fresh launch: the digest starts at 48 zero bytes. */
  public static GuestContext start() {
    return new GuestContext(new byte[LaunchDigest.LENGTH]);
  }

  /**
   * Resumes from a digest computed earlier, e.g. the firmware-only digest, so the firmware
   * itself is not needed again ("snp:ovmf-hash" in virtee/sev-snp-measure).
   */
  public static GuestContext resumeFrom(LaunchDigest digest) {
    return new GuestContext(digest.bytes());
  }

  public LaunchDigest digest() {
    return new LaunchDigest(digest);
  }

  /** One SNP_LAUNCH_UPDATE of one page, given the page's contents hash (or zeros). */
  public void update(PageType type, long gpa, byte[] contentsHash) {
    if (contentsHash.length != LaunchDigest.LENGTH) {
      throw new IllegalArgumentException("PAGE_INFO.CONTENTS is 48 bytes, got " + contentsHash.length);
    }
    requirePageAligned(gpa, "GPA");
    pageInfo.clear();
    pageInfo.put(digest).put(contentsHash)
        .putShort((short) PAGE_INFO_LENGTH)
        .put((byte) type.code())
        .put((byte) 0) // IMI_PAGE
        .put((byte) 0).put((byte) 0).put((byte) 0) // VMPL3, VMPL2, VMPL1 permissions
        .put((byte) 0) // reserved
        .putLong(gpa);
    digest = sha384.digest(pageInfo.array());
  }

  /** Measured pages (PAGE_TYPE_NORMAL) holding {@code data}, from {@code gpa} upwards. */
  public void updateNormalPages(long gpa, byte[] data) {
    updateNormalPages(gpa, data, 0, data.length);
  }

  public void updateNormalPages(long gpa, byte[] data, int offset, int length) {
    requirePageAligned(gpa, "GPA");
    requirePageAligned(length, "length");
    for (int done = 0; done < length; done += PAGE_SIZE) {
      sha384.update(data, offset + done, PAGE_SIZE);
      update(PageType.NORMAL, gpa + done, sha384.digest());
    }
  }

  /** Pages whose contents the processor measures as zeros: ZERO, UNMEASURED, SECRETS, CPUID. */
  public void updateContentlessPages(PageType type, long gpa, long length) {
    if (type == PageType.NORMAL || type == PageType.VMSA) {
      throw new IllegalArgumentException(type + " pages carry a contents hash");
    }
    requirePageAligned(gpa, "GPA");
    requirePageAligned(length, "length");
    for (long done = 0; done < length; done += PAGE_SIZE) {
      update(type, gpa + done, ZERO_CONTENTS);
    }
  }

  /** The initial register state of one vCPU (a 4 KiB VMSA page). */
  public void updateVmsaPage(byte[] vmsaPage) {
    if (vmsaPage.length != PAGE_SIZE) {
      throw new IllegalArgumentException("a VMSA page is 4096 bytes, got " + vmsaPage.length);
    }
    update(PageType.VMSA, VMSA_GPA, sha384.digest(vmsaPage));
  }

  private static void requirePageAligned(long value, String what) {
    if ((value & (PAGE_SIZE - 1)) != 0) {
      throw new IllegalArgumentException(what + " 0x" + Long.toHexString(value) + " is not 4 KiB aligned");
    }
  }

  static MessageDigest newSha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-384", e);
    }
  }
}
