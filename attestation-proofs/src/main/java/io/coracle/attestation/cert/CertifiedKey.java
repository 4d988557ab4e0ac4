package io.coracle.attestation.cert;

import io.coracle.attestation.Bytes;
import java.math.BigInteger;

/** The public key a certificate certifies: RSA for ARK/ASK/ASVK, ECDSA P-384 for VCEK/VLEK. */
public sealed interface CertifiedKey {
  String describe();

  record Rsa(BigInteger modulus, BigInteger publicExponent) implements CertifiedKey {
    public int bits() {
      return modulus.bitLength();
    }

    @Override
    public String describe() {
      return "RSA-" + bits();
    }
  }

  /** An EC key; {@code curveOid} 1.3.132.0.34 is P-384. */
  record Ec(String curveOid, Bytes encodedPoint) implements CertifiedKey {
    public static final String P384 = "1.3.132.0.34";

    public boolean isP384() {
      return P384.equals(curveOid);
    }

    @Override
    public String describe() {
      return isP384() ? "EC P-384" : "EC curve " + curveOid;
    }
  }

  record Unsupported(String algorithmOid) implements CertifiedKey {
    @Override
    public String describe() {
      return "unsupported key algorithm " + algorithmOid;
    }
  }
}
