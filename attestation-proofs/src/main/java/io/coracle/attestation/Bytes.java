package io.coracle.attestation;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: report fields, digests and certificates are values, so the records
 * that hold them stay immutable and compare by content.
 */
public final class Bytes {
  private static final HexFormat HEX = HexFormat.of();
  private final byte[] value;

  private Bytes(byte[] value) {
    this.value = value;
  }

  public static Bytes of(byte[] value) {
    return new Bytes(value.clone());
  }

  /** The slice [from, to) of {@code source}, copied. */
  public static Bytes slice(byte[] source, int from, int to) {
    return new Bytes(Arrays.copyOfRange(source, from, to));
  }

  public static Bytes zeros(int length) {
    return new Bytes(new byte[length]);
  }

  /** Parses hex (optional 0x prefix, either case); throws IllegalArgumentException on bad input. */
  public static Bytes fromHex(String hex) {
    String h = hex.strip();
    if (h.startsWith("0x") || h.startsWith("0X")) {
      h = h.substring(2);
    }
    if (h.length() % 2 != 0) {
      throw new IllegalArgumentException("hex string has an odd number of digits");
    }
    try {
      return new Bytes(HEX.parseHex(h));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string");
    }
  }

  public byte[] toArray() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  public int get(int index) {
    return value[index] & 0xff;
  }

  public boolean isAllZero() {
    for (byte b : value) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  public boolean isAll(int octet) {
    for (byte b : value) {
      if ((b & 0xff) != octet) {
        return false;
      }
    }
    return true;
  }

  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(value, from, to));
  }

  public String hex() {
    return HEX.formatHex(value);
  }

  /** Constant-time comparison: used where a value is compared against an expected secret-ish value. */
  public boolean contentEquals(byte[] other) {
    return java.security.MessageDigest.isEqual(value, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(value, b.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
