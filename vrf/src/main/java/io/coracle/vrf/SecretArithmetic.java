package io.coracle.vrf;

import java.math.BigInteger;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The part of prove that handles the secrets x and k, per curve: the variable-base products x*H
 * and k*H, the encodings of the proof's points, and s = k + c*x mod n. Implementations are
 * stateless and thread-safe, and must not branch on, or index memory by, a secret in their own
 * code. secp256k1 has its own ({@link Secp256k1SecretMultiplier}); other curves use the generic
 * {@link SecretMultiplier} on Bouncy Castle's arithmetic.
 */
interface SecretArithmetic {

  /**
   * {@code scalars[i] * base} for secret scalars in [1, n-1] and a normalized point base other
   * than the identity (callers validate both). One precomputation for base serves all scalars.
   * Results are not necessarily normalized.
   */
  ECPoint[] multiply(ECPoint base, BigInteger... scalars);

  /**
   * The SEC1-compressed encodings of Gamma = x*H, U = k*B and V = k*H, where kTimesB = k*B comes
   * from the fixed-base comb (any coordinates) and H is normalized.
   */
  byte[][] proofPoints(ECPoint h, BigInteger x, BigInteger k, ECPoint kTimesB);

  /** s = k + c*x mod n as {@code length} big-endian bytes, for k, x in [0, n) and c &lt; 2^128. */
  byte[] response(BigInteger k, BigInteger c, BigInteger x, int length);
}
