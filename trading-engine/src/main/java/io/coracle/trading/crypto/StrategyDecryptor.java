package io.coracle.trading.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The guest's side: decrypts strategy envelopes with the guest's encryption secret. Never throws on
 * bad input: every failure is a {@link DecryptionResult.Failed} naming what failed. Holds the
 * secret; {@link #toString()} does not show it.
 */
public final class StrategyDecryptor {
  private final BigInteger secret;
  private final byte[] publicKey;

  public StrategyDecryptor(BigInteger encryptionSecret) {
    this.publicKey = StrategyEnvelope.publicKeyOf(encryptionSecret);
    this.secret = encryptionSecret;
  }

  /** The compressed public key the envelopes must be encrypted to. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public DecryptionResult decrypt(byte[] envelope, IntentBinding binding) {
    if (envelope == null || envelope.length < StrategyEnvelope.HEADER_LENGTH + StrategyEnvelope.TAG_LENGTH) {
      return new DecryptionResult.Failed(DecryptionResult.Failure.MALFORMED_ENVELOPE,
          "envelope of " + (envelope == null ? 0 : envelope.length) + " bytes is shorter than header and tag");
    }
    if (envelope.length > StrategyEnvelope.MAX_ENVELOPE_LENGTH) {
      return new DecryptionResult.Failed(DecryptionResult.Failure.MALFORMED_ENVELOPE,
          "envelope of " + envelope.length + " bytes exceeds " + StrategyEnvelope.MAX_ENVELOPE_LENGTH);
    }
    if (envelope[0] != StrategyEnvelope.VERSION) {
      return new DecryptionResult.Failed(DecryptionResult.Failure.MALFORMED_ENVELOPE,
          "unknown envelope version " + (envelope[0] & 0xff));
    }
    byte[] ephemeralCompressed = Arrays.copyOfRange(envelope, 1, 1 + StrategyEnvelope.POINT_LENGTH);
    ECPoint ephemeral = StrategyEnvelope.decodePoint(ephemeralCompressed);
    if (ephemeral == null) {
      return new DecryptionResult.Failed(DecryptionResult.Failure.INVALID_EPHEMERAL_KEY, "ephemeral key is not a secp256k1 point");
    }
    byte[] nonce = Arrays.copyOfRange(envelope, 1 + StrategyEnvelope.POINT_LENGTH, StrategyEnvelope.HEADER_LENGTH);
    byte[] key = StrategyEnvelope.deriveKey(StrategyEnvelope.sharedX(secret, ephemeral), ephemeralCompressed, publicKey);
    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    try {
      gcm.init(false, new AEADParameters(new KeyParameter(key), StrategyEnvelope.TAG_LENGTH * 8, nonce, binding.associatedData()));
      int bodyLength = envelope.length - StrategyEnvelope.HEADER_LENGTH;
      byte[] plain = new byte[gcm.getOutputSize(bodyLength)];
      int written = gcm.processBytes(envelope, StrategyEnvelope.HEADER_LENGTH, bodyLength, plain, 0);
      written += gcm.doFinal(plain, written);
      DecryptionResult.Decrypted result = new DecryptionResult.Decrypted(written == plain.length ? plain : Arrays.copyOf(plain, written));
      Arrays.fill(plain, (byte) 0);
      return result;
    } catch (InvalidCipherTextException e) {
      return new DecryptionResult.Failed(DecryptionResult.Failure.AUTHENTICATION_FAILED,
          "authentication tag does not verify (another key, intent or trader, or altered bytes)");
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "StrategyDecryptor[publicKey=" + java.util.HexFormat.of().formatHex(publicKey) + ", secret redacted]";
  }
}
