package io.coracle.oracle.keys;

import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfSecretKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * The guest's three secrets: the ECVRF key (secp256k1), the transaction signer (secp256k1 ECDSA)
 * and the encryption key for confidential inputs (secp256k1 ECIES). Generated inside the guest,
 * held only in memory and in the sealed file. Nothing here prints a secret.
 */
public final class GuestKeys {
  static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

  private final VrfSecretKey vrf;
  private final Credentials signer;
  private final BigInteger encryptionSecret;
  private final GuestPublicKeys publicKeys;

  private GuestKeys(VrfSecretKey vrf, Credentials signer, BigInteger encryptionSecret) {
    this.vrf = vrf;
    this.signer = signer;
    this.encryptionSecret = encryptionSecret;
    ECPoint encPoint = new FixedPointCombMultiplier().multiply(SECP256K1.getG(), encryptionSecret).normalize();
    this.publicKeys =
        new GuestPublicKeys(
            vrf.publicKey().encoded(),
            Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI).encodeUncompressed(vrf.publicKey().point()),
            signer.getAddress().toLowerCase(java.util.Locale.ROOT),
            encPoint.getEncoded(true));
  }

  static GuestKeys generate(SecureRandom random) {
    VrfSecretKey vrf = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI).generateKeyPair(random).secretKey();
    return new GuestKeys(vrf, Credentials.create(ECKeyPair.create(randomScalar(random))), randomScalar(random));
  }

  /** From the 96 unsealed bytes: VRF scalar, signer scalar, encryption scalar (32 bytes each). */
  static GuestKeys fromSecrets(byte[] secrets) throws SealingException {
    if (secrets.length != 96) {
      throw new SealingException("sealed key material has " + secrets.length + " bytes, expected 96");
    }
    var ecvrf = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
    var vrf = ecvrf.decodeSecretKey(java.util.Arrays.copyOfRange(secrets, 0, 32));
    if (!vrf.isOk()) {
      throw new SealingException("sealed VRF key is invalid: " + vrf.failure().orElseThrow().code());
    }
    BigInteger signer = new BigInteger(1, java.util.Arrays.copyOfRange(secrets, 32, 64));
    BigInteger enc = new BigInteger(1, java.util.Arrays.copyOfRange(secrets, 64, 96));
    if (!inRange(signer) || !inRange(enc)) {
      throw new SealingException("sealed signer or encryption key is out of range");
    }
    return new GuestKeys(vrf.value(), Credentials.create(ECKeyPair.create(signer)), enc);
  }

  /** The 96 bytes to seal. The caller wipes the array. */
  byte[] secrets() {
    byte[] out = new byte[96];
    System.arraycopy(vrf.toBytes(), 0, out, 0, 32);
    System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, signer.getEcKeyPair().getPrivateKey()), 0, out, 32, 32);
    System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, encryptionSecret), 0, out, 64, 32);
    return out;
  }

  private static BigInteger randomScalar(SecureRandom random) {
    BigInteger n = SECP256K1.getN();
    BigInteger k;
    do {
      k = new BigInteger(n.bitLength(), random);
    } while (!inRange(k));
    return k;
  }

  private static boolean inRange(BigInteger k) {
    return k.signum() > 0 && k.compareTo(SECP256K1.getN()) < 0;
  }

  public VrfSecretKey vrf() {
    return vrf;
  }

  public Credentials signer() {
    return signer;
  }

  /** The ECIES private scalar; used only by the decryptor inside this process. */
  public BigInteger encryptionSecret() {
    return encryptionSecret;
  }

  public GuestPublicKeys publicKeys() {
    return publicKeys;
  }

  @Override
  public String toString() {
    return "GuestKeys[" + publicKeys + ", secrets redacted]";
  }

  /** What may be shown and registered. */
  public record GuestPublicKeys(byte[] vrfCompressed, byte[] vrfUncompressed, String signerAddress, byte[] encryptionCompressed) {
    public String vrfHex() {
      return HexFormat.of().formatHex(vrfCompressed);
    }

    public String encryptionHex() {
      return HexFormat.of().formatHex(encryptionCompressed);
    }

    @Override
    public String toString() {
      return "vrf=" + vrfHex() + ", signer=" + signerAddress + ", enc=" + encryptionHex();
    }
  }
}
