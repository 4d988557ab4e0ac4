package io.coracle.vrf;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An ECVRF proof pi = Gamma || c || s, decoded and range-checked: Gamma a curve point (normalized),
 * c &lt; 2^128, s in [0, n-1]. This is what an on-chain verifier's calldata is built from.
 */
public record DecodedProof(ECPoint gamma, BigInteger c, BigInteger s) {
  public DecodedProof {
    Objects.requireNonNull(gamma, "gamma");
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(s, "s");
  }
}
