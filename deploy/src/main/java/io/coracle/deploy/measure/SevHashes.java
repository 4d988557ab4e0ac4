package io.coracle.deploy.measure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The SEV hashes table QEMU writes for measured direct boot ({@code kernel-hashes=on}): SHA-256
 * of the kernel, the initrd and the command line, so OVMF can check what it loads from fw_cfg
 * against measured memory. Layout (QEMU target/i386/sev.c, {@code PaddedSevHashTable}):
 * <pre>
 *   GUID 9438d606-...  u16 168            table header
 *   GUID 97d02dd8-...  u16 50  [32] hash  command line (with its terminating NUL)
 *   GUID 44baf731-...  u16 50  [32] hash  initrd (empty when none)
 *   GUID 4de79437-...  u16 50  [32] hash  kernel
 *   8 zero bytes                          padding to a multiple of 16
 * </pre>
 */
public final class SevHashes {
  static final UUID TABLE_HEADER = UUID.fromString("9438d606-4f22-4cc9-b479-a793d411fd21");
  static final UUID CMDLINE_ENTRY = UUID.fromString("97d02dd8-bd20-4c94-aa78-e7714d36ab2a");
  static final UUID INITRD_ENTRY = UUID.fromString("44baf731-3a2f-4bd7-9af1-41e29169781d");
  static final UUID KERNEL_ENTRY = UUID.fromString("4de79437-abd2-427f-b835-d5b172d2045b");
  private static final int ENTRY_LENGTH = 16 + 2 + 32;
  /** The table without padding; the length field QEMU writes. */
  public static final int TABLE_LENGTH = 16 + 2 + 3 * ENTRY_LENGTH;
  /** What QEMU copies into guest memory. */
  public static final int PADDED_LENGTH = (TABLE_LENGTH + 15) & ~15;

  private final byte[] kernelSha256;
  private final byte[] initrdSha256;
  private final byte[] cmdlineSha256;

  private SevHashes(byte[] kernelSha256, byte[] initrdSha256, byte[] cmdlineSha256) {
    this.kernelSha256 = requireSha256(kernelSha256, "kernel");
    this.initrdSha256 = requireSha256(initrdSha256, "initrd");
    this.cmdlineSha256 = requireSha256(cmdlineSha256, "command line");
  }

  public static SevHashes of(byte[] kernelSha256, byte[] initrdSha256, byte[] cmdlineSha256) {
    return new SevHashes(kernelSha256, initrdSha256, cmdlineSha256);
  }

  /**
   * Hashes the files QEMU would load: {@code -kernel}, {@code -initrd} (no initrd hashes as empty)
   * and {@code -append} (the string's UTF-8 bytes plus NUL, exactly as given: QEMU does not trim).
   */
  public static SevHashes ofFiles(Path kernel, Optional<Path> initrd, Optional<String> append) throws IOException {
    return new SevHashes(sha256(kernel), initrd.isPresent() ? sha256(initrd.get()) : sha256(new byte[0]),
        cmdlineSha256(append));
  }

  public static byte[] cmdlineSha256(Optional<String> append) {
    byte[] text = append.orElse("").getBytes(StandardCharsets.UTF_8);
    byte[] withNul = new byte[text.length + 1];
    System.arraycopy(text, 0, withNul, 0, text.length);
    return sha256(withNul);
  }

  public String kernelSha256Hex() {
    return HexFormat.of().formatHex(kernelSha256);
  }

  public String initrdSha256Hex() {
    return HexFormat.of().formatHex(initrdSha256);
  }

  public String cmdlineSha256Hex() {
    return HexFormat.of().formatHex(cmdlineSha256);
  }

  /** The padded table, {@value #PADDED_LENGTH} bytes. */
  public byte[] table() {
    ByteBuffer b = ByteBuffer.allocate(PADDED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    b.put(EfiGuid.toBytes(TABLE_HEADER)).putShort((short) TABLE_LENGTH);
    entry(b, CMDLINE_ENTRY, cmdlineSha256);
    entry(b, INITRD_ENTRY, initrdSha256);
    entry(b, KERNEL_ENTRY, kernelSha256);
    return b.array();
  }

  /** The 4 KiB page that holds the table at {@code offsetInPage}, zeros elsewhere. */
  public byte[] page(int offsetInPage) {
    if (offsetInPage < 0 || offsetInPage + PADDED_LENGTH > GuestContext.PAGE_SIZE) {
      throw new IllegalArgumentException("the hashes table does not fit its page at offset " + offsetInPage);
    }
    byte[] page = new byte[GuestContext.PAGE_SIZE];
    System.arraycopy(table(), 0, page, offsetInPage, PADDED_LENGTH);
    return page;
  }

  private static void entry(ByteBuffer b, UUID guid, byte[] hash) {
    b.put(EfiGuid.toBytes(guid)).putShort((short) ENTRY_LENGTH).put(hash);
  }

  private static byte[] requireSha256(byte[] hash, String what) {
    if (hash == null || hash.length != 32) {
      throw new IllegalArgumentException("the " + what + " hash is a 32-byte SHA-256");
    }
    return hash.clone();
  }

  private static byte[] sha256(Path file) throws IOException {
    MessageDigest md = newSha256();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return md.digest();
  }

  private static byte[] sha256(byte[] data) {
    return newSha256().digest(data);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
