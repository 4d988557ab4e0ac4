package io.coracle.trading.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a strategy ciphertext is bound to, as AES-GCM associated data: the intent id (32 bytes) and
 * the trader's address (20 bytes). A ciphertext copied into another intent, or submitted by
 * another trader, fails authentication.
 */
public record IntentBinding(byte[] intentId, byte[] trader) {
  public IntentBinding {
    if (intentId == null || intentId.length != 32) throw new IllegalArgumentException("intent id must be 32 bytes");
    if (trader == null || trader.length != 20) throw new IllegalArgumentException("trader address must be 20 bytes");
    intentId = intentId.clone();
    trader = trader.clone();
  }

  /** From 0x-hex strings as chain events carry them. */
  public static IntentBinding of(String intentIdHex, String traderHex) {
    return new IntentBinding(hex(intentIdHex, 32, "intent id"), hex(traderHex, 20, "trader address"));
  }

  /** intentId || trader: the associated data. */
  public byte[] associatedData() {
    byte[] aad = Arrays.copyOf(intentId, 52);
    System.arraycopy(trader, 0, aad, 32, 20);
    return aad;
  }

  @Override
  public byte[] intentId() {
    return intentId.clone();
  }

  @Override
  public byte[] trader() {
    return trader.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntentBinding b && Arrays.equals(intentId, b.intentId) && Arrays.equals(trader, b.trader);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(intentId) * 31 + Arrays.hashCode(trader);
  }

  @Override
  public String toString() {
    return "IntentBinding[0x" + HexFormat.of().formatHex(intentId) + ", 0x" + HexFormat.of().formatHex(trader) + "]";
  }

  private static byte[] hex(String s, int length, String what) {
    if (s == null) throw new IllegalArgumentException(what + " is missing");
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    if (h.length() != length * 2 || !h.toLowerCase(Locale.ROOT).matches("[0-9a-f]*")) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes of hex");
    }
    return HexFormat.of().parseHex(h);
  }
}
