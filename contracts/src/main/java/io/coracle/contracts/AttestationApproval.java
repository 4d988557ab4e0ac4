package io.coracle.contracts;

import io.coracle.contracts.generated.AttestationRegistry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A verifier's approval of an enclave's keys: the EIP-712 {@code KeyApproval} the
 * AttestationRegistry checks, hashed exactly as the contract hashes it, and signed with a
 * verifier's key (65 bytes r || s || v, low s, v = 27/28).
 *
 * @param vrfPublicKey 33-byte SEC1 compressed VRF key
 * @param signer the enclave's transaction signer address
 * @param encryptionPublicKey 33-byte SEC1 compressed encryption key
 * @param evidenceHash keccak256 of the registered evidence bytes
 * @param measurement 48-byte SEV-SNP launch measurement
 * @param tcb reported TCB version, 8 one-byte components, as an unsigned 64-bit value
 * @param expiresAt unix seconds after which the key is inactive
 */
public record AttestationApproval(
    byte[] vrfPublicKey, String signer, byte[] encryptionPublicKey, byte[] evidenceHash, byte[] measurement, long tcb,
    long expiresAt) {

  public static final String TYPE =
      "KeyApproval(bytes vrfPublicKey,address signer,bytes encryptionPublicKey,bytes32 evidenceHash,bytes measurement,uint64 tcb,uint64 expiresAt)";
  private static final byte[] TYPEHASH = Hash.sha3(TYPE.getBytes(StandardCharsets.UTF_8));

  public AttestationApproval {
    vrfPublicKey = Objects.requireNonNull(vrfPublicKey, "vrfPublicKey").clone();
    Objects.requireNonNull(signer, "signer");
    encryptionPublicKey = Objects.requireNonNull(encryptionPublicKey, "encryptionPublicKey").clone();
    evidenceHash = Objects.requireNonNull(evidenceHash, "evidenceHash").clone();
    measurement = Objects.requireNonNull(measurement, "measurement").clone();
    if (evidenceHash.length != 32) throw new IllegalArgumentException("evidenceHash must be 32 bytes");
  }

  /** evidenceHash as the registry computes it: keccak256 of the evidence bytes. */
  public static byte[] evidenceHashOf(byte[] evidence) {
    return Hash.sha3(evidence);
  }

  /** hashStruct(KeyApproval): bytes members hashed with keccak256, as EIP-712 requires. */
  public byte[] structHash() {
    return Hash.sha3(Abi.words(
        TYPEHASH,
        Hash.sha3(vrfPublicKey),
        Abi.address(signer),
        Hash.sha3(encryptionPublicKey),
        evidenceHash,
        Hash.sha3(measurement),
        Abi.uint(new BigInteger(Long.toUnsignedString(tcb))),
        Abi.uint(new BigInteger(Long.toUnsignedString(expiresAt)))));
  }

  /** The digest a verifier signs for the registry in {@code domain}. */
  public byte[] digest(Eip712Domain domain) {
    return domain.digest(structHash());
  }

  /** One verifier's 65-byte signature (r || s || v). */
  public byte[] sign(Credentials verifier, Eip712Domain domain) {
    Sign.SignatureData sig = Sign.signMessage(digest(domain), verifier.getEcKeyPair(), false);
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  /**
   * Signatures of several verifiers, ordered by verifier address as the registry requires (a
   * repeated verifier is then rejected on-chain).
   */
  public List<byte[]> signAll(List<Credentials> verifiers, Eip712Domain domain) {
    return verifiers.stream()
        .sorted(Comparator.comparing(c -> new BigInteger(1, Numeric.hexStringToByteArray(c.getAddress()))))
        .map(v -> sign(v, domain))
        .toList();
  }

  /** The argument of AttestationRegistry.activateKeys / checkApproval. */
  public AttestationRegistry.KeyApproval toContractStruct() {
    return new AttestationRegistry.KeyApproval(vrfPublicKey, signer, encryptionPublicKey, evidenceHash, measurement,
        new BigInteger(Long.toUnsignedString(tcb)), new BigInteger(Long.toUnsignedString(expiresAt)));
  }

  public AttestationApproval withExpiresAt(long newExpiresAt) {
    return new AttestationApproval(vrfPublicKey, signer, encryptionPublicKey, evidenceHash, measurement, tcb, newExpiresAt);
  }

  public AttestationApproval withTcb(long newTcb) {
    return new AttestationApproval(vrfPublicKey, signer, encryptionPublicKey, evidenceHash, measurement, newTcb, expiresAt);
  }

  public AttestationApproval withMeasurement(byte[] newMeasurement) {
    return new AttestationApproval(vrfPublicKey, signer, encryptionPublicKey, evidenceHash, newMeasurement, tcb, expiresAt);
  }

  public AttestationApproval withEvidenceHash(byte[] newEvidenceHash) {
    return new AttestationApproval(vrfPublicKey, signer, encryptionPublicKey, newEvidenceHash, measurement, tcb, expiresAt);
  }

  @Override
  public byte[] vrfPublicKey() {
    return vrfPublicKey.clone();
  }

  @Override
  public byte[] encryptionPublicKey() {
    return encryptionPublicKey.clone();
  }

  @Override
  public byte[] evidenceHash() {
    return evidenceHash.clone();
  }

  @Override
  public byte[] measurement() {
    return measurement.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttestationApproval a && Arrays.equals(structHash(), a.structHash());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(structHash());
  }

  @Override
  public String toString() {
    return "AttestationApproval[keyHash=" + Numeric.toHexString(Hash.sha3(vrfPublicKey)) + ", signer=" + signer
        + ", evidenceHash=" + Numeric.toHexString(evidenceHash) + ", tcb=" + Long.toUnsignedString(tcb, 16)
        + ", expiresAt=" + expiresAt + "]";
  }
}
