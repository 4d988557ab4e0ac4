package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Everything RFC 9381 verification computes for one (public key, alpha, proof), all points
 * normalized: what an on-chain verifier using prover-supplied helper points needs.
 * {@code u = s*B - c*Y} and {@code v = s*H - c*Gamma}; {@code sH} and {@code cGamma} are the two
 * products whose difference is {@code v}. {@code computedChallenge} is the challenge over
 * (Y, H, Gamma, U, V); the proof is valid exactly when it equals {@code c}.
 */
public record ProofPoints(
    ECPoint y,
    ECPoint h,
    ECPoint gamma,
    BigInteger c,
    BigInteger s,
    ECPoint u,
    ECPoint v,
    ECPoint sH,
    ECPoint cGamma,
    BigInteger computedChallenge) {

  public boolean challengeMatches() {
    return c.equals(computedChallenge);
  }
}
