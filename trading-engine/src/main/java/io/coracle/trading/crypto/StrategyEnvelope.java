package io.coracle.trading.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The ECIES format of an encrypted strategy (version 1), shared by {@link StrategyEncryptor} (the
 * trader) and {@link StrategyDecryptor} (the guest):
 *
 * <pre>
 * envelope = 0x01 || R (33, SEC1 compressed ephemeral secp256k1 key) || nonce (12) || AES-256-GCM ciphertext || tag (16)
 * shared   = x coordinate of r*Q = d*R (32 bytes, big-endian)          (ECDH, secp256k1)
 * key      = HKDF-SHA256(IKM = shared, salt = R || Q, info = "coracle/strategy/v1/aes-256-gcm", L = 32)
 * AAD      = intentId (32) || trader address (20)
 * </pre>
 *
 * Q is the guest's attested encryption key (33 bytes compressed, from the AttestationRegistry).
 * A fresh ephemeral key per message makes every key single-use; the nonce is random all the same.
 */
public final class StrategyEnvelope {
  public static final byte VERSION = 0x01;
  public static final int POINT_LENGTH = 33;
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
  public static final int HEADER_LENGTH = 1 + POINT_LENGTH + NONCE_LENGTH;
  /** The vault's limit on the encrypted strategy (StrategyVault.MAX_ENCRYPTED_STRATEGY_BYTES). */
  public static final int MAX_ENVELOPE_LENGTH = 4_096;
  public static final int MAX_PLAINTEXT_LENGTH = MAX_ENVELOPE_LENGTH - HEADER_LENGTH - TAG_LENGTH;
  static final byte[] HKDF_INFO = "coracle/strategy/v1/aes-256-gcm".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

  private StrategyEnvelope() {}

  /** The AES-256 key for ephemeral point R and recipient point Q with shared x coordinate. */
  static byte[] deriveKey(byte[] sharedX, byte[] ephemeralCompressed, byte[] recipientCompressed) {
    byte[] salt = Arrays.copyOf(ephemeralCompressed, POINT_LENGTH * 2);
    System.arraycopy(recipientCompressed, 0, salt, POINT_LENGTH, POINT_LENGTH);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(sharedX, salt, HKDF_INFO));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, 32);
    return key;
  }

  /** ECDH on secp256k1: the x coordinate of scalar*point, 32 bytes. */
  static byte[] sharedX(BigInteger scalar, ECPoint point) {
    ECPoint shared = point.multiply(scalar).normalize();
    if (shared.isInfinity()) throw new IllegalArgumentException("ECDH result is the point at infinity");
    return org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, shared.getAffineXCoord().toBigInteger());
  }

  /** Decodes a 33-byte compressed point, or null when it is not a valid point of the curve other than infinity. */
  static ECPoint decodePoint(byte[] compressed) {
    if (compressed == null || compressed.length != POINT_LENGTH || (compressed[0] != 0x02 && compressed[0] != 0x03)) {
      return null;
    }
    try {
      ECPoint p = SECP256K1.getCurve().decodePoint(compressed);
      return p.isInfinity() || !p.isValid() ? null : p.normalize();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The compressed public key of a secret scalar. */
  public static byte[] publicKeyOf(BigInteger secret) {
    if (secret.signum() <= 0 || secret.compareTo(SECP256K1.getN()) >= 0) {
      throw new IllegalArgumentException("secret scalar out of range");
    }
    return SECP256K1.getG().multiply(secret).normalize().getEncoded(true);
  }
}
