package io.coracle.contracts;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.web3j.utils.Numeric;

/** The few abi.encode building blocks the EIP-712 hashing needs: 32-byte words. */
final class Abi {
  private Abi() {}

  static byte[] uint(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) throw new IllegalArgumentException("not a uint256: " + value);
    return Numeric.toBytesPadded(value, 32);
  }

  static byte[] uint(long value) {
    return uint(BigInteger.valueOf(value));
  }

  static byte[] address(String address) {
    byte[] raw = Numeric.hexStringToByteArray(address);
    if (raw.length != 20) throw new IllegalArgumentException("an address is 20 bytes");
    byte[] word = new byte[32];
    System.arraycopy(raw, 0, word, 12, 20);
    return word;
  }

  static byte[] words(byte[]... words) {
    for (byte[] w : words) {
      if (w.length != 32) throw new IllegalArgumentException("ABI words are 32 bytes");
    }
    return concat(words);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
