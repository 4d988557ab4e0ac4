package io.coracle.vrf;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;

/**
 * Every step of RFC 9381 try-and-increment encode_to_curve (section 5.4.1.1) for one (PK_string,
 * alpha): each counter's hash, the candidate x it gives, why a candidate was rejected, and the point
 * H finally accepted. An on-chain verifier re-runs TAI with this as a witness: for each rejected
 * candidate it checks {@code nonResidueWitness^2 == -(x^3 + a*x + b) mod p}, which proves
 * {@code x^3 + a*x + b} is a non-residue because -1 is a non-residue when p = 3 (mod 4) (true of
 * both suites' fields).
 *
 * @param attempts every counter tried, in order; the last one is the accepted one when {@code h} exists
 * @param h the accepted point (normalized, even y), or {@code null} if all 256 counters failed
 * @param ctr the counter that produced {@code h}, or -1 if none did
 */
public record HashToCurveTrace(List<Attempt> attempts, ECPoint h, int ctr) {
  public HashToCurveTrace {
    attempts = List.copyOf(attempts);
  }

  /** What happened to one candidate. */
  public enum Outcome {
    /** x^3 + a*x + b is a square: the candidate is the point (x, even y). */
    ACCEPTED,
    /** The hash, read as an integer, is not less than p, so it is no field element. */
    X_NOT_IN_FIELD,
    /** x^3 + a*x + b is a quadratic non-residue: no point has this x. */
    NON_RESIDUE
  }

  /**
   * One counter value.
   *
   * @param ctr the counter byte, 0..255
   * @param hash the 32-byte hash_string = Hash(suite || 0x01 || PK_string || alpha || ctr || 0x00)
   * @param x the hash as a big-endian integer (the candidate x-coordinate)
   * @param outcome accepted or why not
   * @param rhs x^3 + a*x + b mod p, or {@code null} when x is not in the field
   * @param y the even square root of rhs when accepted, otherwise {@code null}
   * @param nonResidueWitness for {@link Outcome#NON_RESIDUE}: w with w^2 = -rhs mod p, otherwise {@code null}
   */
  public record Attempt(int ctr, byte[] hash, BigInteger x, Outcome outcome, BigInteger rhs,
      BigInteger y, BigInteger nonResidueWitness) {
    public Attempt {
      hash = hash.clone();
      Objects.requireNonNull(x, "x");
      Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public byte[] hash() {
      return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Attempt a && a.ctr == ctr && Arrays.equals(a.hash, hash)
          && a.outcome == outcome;
    }

    @Override
    public int hashCode() {
      return 31 * ctr + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
      return "Attempt[ctr=" + ctr + ", hash=" + Hex.toHexString(hash) + ", " + outcome + "]";
    }
  }

  /** Whether a point was found (always, except with probability about 2^-256). */
  public boolean found() {
    return h != null;
  }
}
