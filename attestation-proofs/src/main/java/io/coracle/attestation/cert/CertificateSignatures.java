package io.coracle.attestation.cert;

import java.util.Optional;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/** RSASSA-PSS/SHA-384 (MGF1-SHA-384, salt 48) verification of one certificate by its issuer. */
public final class CertificateSignatures {
  public static final int AMD_RSA_BITS = 4096;

  private CertificateSignatures() {}

  /**
   * Why {@code issuer} did not sign {@code subject}, or empty when it did. Checks the algorithm
   * parameters, the issuer's key type and size, CA flags, name chaining, then the signature.
   */
  public static Optional<String> problem(AmdCertificate issuer, AmdCertificate subject) {
    if (subject.signatureAlgorithmProblem().isPresent()) {
      return subject.signatureAlgorithmProblem();
    }
    if (!subject.issuerName().equals(issuer.subjectName())) {
      return Optional.of("issuer name \"" + subject.issuerCommonName() + "\" does not name the signer \""
          + issuer.subjectCommonName() + "\"");
    }
    if (!(issuer.publicKey() instanceof CertifiedKey.Rsa rsa)) {
      return Optional.of("signer key is " + issuer.publicKey().describe() + ", AMD signing keys are RSA-" + AMD_RSA_BITS);
    }
    if (rsa.bits() != AMD_RSA_BITS) {
      return Optional.of("signer key is RSA-" + rsa.bits() + ", AMD signing keys are RSA-" + AMD_RSA_BITS);
    }
    if (!issuer.certificateAuthority() || !issuer.keyCertSign()) {
      return Optional.of("signer \"" + issuer.subjectCommonName() + "\" is not a CA (basicConstraints cA and keyUsage keyCertSign required)");
    }
    RSAKeyParameters key;
    try {
      key = new RSAKeyParameters(false, rsa.modulus(), rsa.publicExponent());
    } catch (IllegalArgumentException e) {
      return Optional.of("signer \"" + issuer.subjectCommonName() + "\" has an invalid RSA key (" + e.getMessage() + ")");
    }
    return verifyPss(key, subject.tbsCertificate().toArray(), subject.signatureValue().toArray())
        ? Optional.empty()
        : Optional.of("RSASSA-PSS signature by \"" + issuer.subjectCommonName() + "\" does not verify");
  }

  static boolean verifyPss(RSAKeyParameters key, byte[] message, byte[] signature) {
    try {
      PSSSigner pss = new PSSSigner(new RSABlindedEngine(), new SHA384Digest(), new SHA384Digest(), 48,
          PSSSigner.TRAILER_IMPLICIT);
      pss.init(false, key);
      pss.update(message, 0, message.length);
      return pss.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Signs with PSS (used by the simulated hierarchy). */
  public static byte[] signPss(org.bouncycastle.crypto.params.RSAKeyParameters privateKey, byte[] message) {
    PSSSigner pss = new PSSSigner(new RSABlindedEngine(), new SHA384Digest(), new SHA384Digest(), 48,
        PSSSigner.TRAILER_IMPLICIT);
    pss.init(true, privateKey);
    pss.update(message, 0, message.length);
    try {
      return pss.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("RSASSA-PSS signing failed", e);
    }
  }
}
