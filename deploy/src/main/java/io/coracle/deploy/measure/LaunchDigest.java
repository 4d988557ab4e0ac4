package io.coracle.deploy.measure;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 48-byte SNP launch digest (SHA-384 chain value): the MEASUREMENT field of an attestation
 * report once the guest is launched, or an intermediate value such as the digest after the
 * firmware pages only ("OVMF hash").
 */
public record LaunchDigest(byte[] bytes) {
  public static final int LENGTH = 48;

  public LaunchDigest {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a launch digest is " + LENGTH + " bytes, got "
          + (bytes == null ? "none" : bytes.length));
    }
    bytes = bytes.clone();
  }

  /** The digest every launch starts from: 48 zero bytes. */
  public static LaunchDigest zero() {
    return new LaunchDigest(new byte[LENGTH]);
  }

  /** Parses 96 hex digits, with or without a 0x prefix. */
  public static LaunchDigest fromHex(String hex) {
    String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (h.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a launch digest is " + 2 * LENGTH + " hex digits, got " + h.length());
    }
    return new LaunchDigest(HexFormat.of().parseHex(h));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LaunchDigest other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
