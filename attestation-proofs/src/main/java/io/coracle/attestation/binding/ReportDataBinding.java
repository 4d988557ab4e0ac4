package io.coracle.attestation.binding;

import io.coracle.attestation.Bytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;

/**
 * What a Coracle guest puts in REPORT_DATA: 64 bytes binding the evidence to one chain, one
 * AttestationRegistry, the guest's public keys and a verifier's nonce, so evidence cannot be
 * replayed for other keys, another registry or chain, or an old challenge.
 *
 * <pre>
 * report_data = SHA-512( "coracle-attest-v1"            17 ASCII bytes
 *                      || chainId                       32 bytes, big-endian unsigned
 *                      || registry                      20 bytes (EVM address)
 *                      || vrfPk                         33 bytes, SEC1-compressed secp256k1
 *                      || signer                        20 bytes (EVM address)
 *                      || encPk                         33 bytes, SEC1-compressed secp256k1
 *                      || nonce )                       32 bytes
 * </pre>
 */
public record ReportDataBinding(
    BigInteger chainId, Bytes registry, Bytes vrfPublicKey, Bytes signer, Bytes encryptionPublicKey, Bytes nonce) {

  public static final byte[] DOMAIN = "coracle-attest-v1".getBytes(StandardCharsets.US_ASCII);
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

  /** Validates every input; the canonical constructor of a well-formed binding. */
  public static ReportDataBinding of(BigInteger chainId, byte[] registry, byte[] vrfPublicKey, byte[] signer,
      byte[] encryptionPublicKey, byte[] nonce) throws BindingException {
    if (chainId == null || chainId.signum() < 0 || chainId.compareTo(TWO_256) >= 0) {
      throw new BindingException(BindingException.Field.CHAIN_ID, "must be an unsigned 256-bit integer");
    }
    length(registry, 20, BindingException.Field.REGISTRY, "an EVM address is 20 bytes");
    compressedPoint(vrfPublicKey, BindingException.Field.VRF_PUBLIC_KEY);
    length(signer, 20, BindingException.Field.SIGNER, "an EVM address is 20 bytes");
    compressedPoint(encryptionPublicKey, BindingException.Field.ENCRYPTION_PUBLIC_KEY);
    length(nonce, 32, BindingException.Field.NONCE, "the nonce is 32 bytes");
    return new ReportDataBinding(chainId, Bytes.of(registry), Bytes.of(vrfPublicKey), Bytes.of(signer),
        Bytes.of(encryptionPublicKey), Bytes.of(nonce));
  }

  private static void length(byte[] v, int n, BindingException.Field f, String what) throws BindingException {
    if (v == null || v.length != n) {
      throw new BindingException(f, what + ", got " + (v == null ? "none" : v.length + " bytes"));
    }
  }

  private static void compressedPoint(byte[] v, BindingException.Field f) throws BindingException {
    length(v, 33, f, "a SEC1-compressed secp256k1 public key is 33 bytes");
    if (v[0] != 0x02 && v[0] != 0x03) {
      throw new BindingException(f, "a SEC1-compressed key starts with 0x02 or 0x03, got 0x"
          + String.format("%02x", v[0] & 0xff));
    }
    try {
      if (!SECP256K1.getCurve().decodePoint(v).isValid()) {
        throw new BindingException(f, "not a point on secp256k1");
      }
    } catch (IllegalArgumentException e) {
      throw new BindingException(f, "not a point on secp256k1");
    }
  }

  /** The exact bytes that are hashed. */
  public byte[] preimage() {
    byte[] out = new byte[DOMAIN.length + 32 + 20 + 33 + 20 + 33 + 32];
    int at = 0;
    System.arraycopy(DOMAIN, 0, out, at, DOMAIN.length);
    at += DOMAIN.length;
    byte[] c = chainId.toByteArray();
    int sig = c.length > 32 ? c.length - 32 : 0; // drop BigInteger's sign byte
    System.arraycopy(c, sig, out, at + 32 - (c.length - sig), c.length - sig);
    at += 32;
    for (Bytes b : new Bytes[] {registry, vrfPublicKey, signer, encryptionPublicKey, nonce}) {
      byte[] a = b.toArray();
      System.arraycopy(a, 0, out, at, a.length);
      at += a.length;
    }
    return out;
  }

  /** The 64 REPORT_DATA bytes. */
  public Bytes reportData() {
    try {
      return Bytes.of(MessageDigest.getInstance("SHA-512").digest(preimage()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 missing from the JDK", e);
    }
  }

  /** True when {@code reportData} is this binding's value (constant-time). */
  public boolean matches(Bytes reportData) {
    return reportData.contentEquals(reportData().toArray());
  }
}
