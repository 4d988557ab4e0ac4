package io.coracle.trading.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The trader's side: encrypts a strategy to a guest's attested encryption key (see
 * {@link StrategyEnvelope} for the format). Check the key against the AttestationRegistry before
 * encrypting to it: this class only checks that it is a valid curve point.
 */
public final class StrategyEncryptor {
  private final ECPoint recipient;
  private final byte[] recipientCompressed;
  private final SecureRandom random;

  /**
   * @param guestEncryptionKey 33-byte SEC1 compressed secp256k1 point
   * @throws IllegalArgumentException when it is not a valid point
   */
  public StrategyEncryptor(byte[] guestEncryptionKey, SecureRandom random) {
    this.recipient = StrategyEnvelope.decodePoint(guestEncryptionKey);
    if (recipient == null) {
      throw new IllegalArgumentException("the guest encryption key is not a compressed secp256k1 point");
    }
    this.recipientCompressed = guestEncryptionKey.clone();
    this.random = random;
  }

  /** Encrypts {@code plaintext} for the intent {@code binding}; a fresh ephemeral key and nonce each time. */
  public byte[] encrypt(byte[] plaintext, IntentBinding binding) {
    BigInteger n = StrategyEnvelope.SECP256K1.getN();
    BigInteger ephemeral;
    do {
      ephemeral = new BigInteger(n.bitLength(), random);
    } while (ephemeral.signum() == 0 || ephemeral.compareTo(n) >= 0);
    byte[] nonce = new byte[StrategyEnvelope.NONCE_LENGTH];
    random.nextBytes(nonce);
    return encrypt(plaintext, binding, ephemeral, nonce);
  }

  /** Deterministic form for known-answer tests: the caller supplies the ephemeral scalar and the nonce. */
  byte[] encrypt(byte[] plaintext, IntentBinding binding, BigInteger ephemeral, byte[] nonce) {
    if (plaintext.length > StrategyEnvelope.MAX_PLAINTEXT_LENGTH) {
      throw new IllegalArgumentException("strategy of " + plaintext.length + " bytes exceeds "
          + StrategyEnvelope.MAX_PLAINTEXT_LENGTH + " (the vault's limit on the envelope)");
    }
    byte[] ephemeralCompressed = StrategyEnvelope.publicKeyOf(ephemeral);
    byte[] key = StrategyEnvelope.deriveKey(StrategyEnvelope.sharedX(ephemeral, recipient), ephemeralCompressed, recipientCompressed);
    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(true, new AEADParameters(new KeyParameter(key), StrategyEnvelope.TAG_LENGTH * 8, nonce, binding.associatedData()));
    byte[] out = new byte[StrategyEnvelope.HEADER_LENGTH + gcm.getOutputSize(plaintext.length)];
    out[0] = StrategyEnvelope.VERSION;
    System.arraycopy(ephemeralCompressed, 0, out, 1, StrategyEnvelope.POINT_LENGTH);
    System.arraycopy(nonce, 0, out, 1 + StrategyEnvelope.POINT_LENGTH, StrategyEnvelope.NONCE_LENGTH);
    int written = gcm.processBytes(plaintext, 0, plaintext.length, out, StrategyEnvelope.HEADER_LENGTH);
    try {
      gcm.doFinal(out, StrategyEnvelope.HEADER_LENGTH + written);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
    return out;
  }
}
