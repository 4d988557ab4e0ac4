package io.coracle.contracts.it;

import io.coracle.contracts.it.generated.ChainlinkVRFHarness;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Test-only prover for Chainlink's non-standard VRF (VRF.sol, vrf.go), so that its on-chain
 * verification can be measured on the same node: hash-to-curve by keccak try-and-increment,
 * challenge over (H, pk, Gamma, V, address(U)), s = k - c*sk, and the witnesses VRF.sol wants.
 */
final class ChainlinkVrfProver {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();
  private static final BigInteger N = CURVE.getN();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ChainlinkVrfProver() {}

  static ChainlinkVRFHarness.Proof prove(BigInteger sk, BigInteger seed) {
    ECPoint pk = CURVE.getG().multiply(sk).normalize();
    ECPoint h = hashToCurve(pk, seed);
    ECPoint gamma = h.multiply(sk).normalize();
    BigInteger k = new BigInteger(256, RANDOM).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    ECPoint u = CURVE.getG().multiply(k).normalize();
    ECPoint v = h.multiply(k).normalize();
    String uWitness = address(u);
    byte[] packed = concat(word(BigInteger.TWO), coords(h), coords(pk), coords(gamma), coords(v),
        Numeric.hexStringToByteArray(uWitness));
    BigInteger c = new BigInteger(1, Hash.sha3(packed));
    BigInteger s = k.subtract(c.multiply(sk)).mod(N);
    ECPoint cGamma = gamma.multiply(c.mod(N)).normalize();
    ECPoint sHash = h.multiply(s).normalize();
    BigInteger zInv = projectiveZ(cGamma, sHash).modInverse(P);
    return new ChainlinkVRFHarness.Proof(xy(pk), xy(gamma), c, s, seed, uWitness, xy(cGamma), xy(sHash), zInv);
  }

  private static ECPoint hashToCurve(ECPoint pk, BigInteger seed) {
    Candidate candidate = candidate(concat(word(BigInteger.ONE), coords(pk), word(seed)));
    while (candidate.point() == null) {
      candidate = candidate(word(candidate.x()));
    }
    return candidate.point();
  }

  /** A try-and-increment candidate: its x, and the point (even y) when x^3+7 is a square. */
  private record Candidate(BigInteger x, ECPoint point) {}

  /** VRF.sol _newCandidateSecp256k1Point, with _fieldHash's rejection of x >= p. */
  private static Candidate candidate(byte[] b) {
    BigInteger x = new BigInteger(1, Hash.sha3(b));
    while (x.compareTo(P) >= 0) {
      x = new BigInteger(1, Hash.sha3(word(x)));
    }
    BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(P);
    BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
    if (!y.multiply(y).mod(P).equals(rhs)) return new Candidate(x, null);
    if (y.testBit(0)) y = P.subtract(y);
    return new Candidate(x, CURVE.getCurve().createPoint(x, y));
  }

  /** The z ordinate VRF.sol's _projectiveECAdd computes for p + q (its zInv must invert it). */
  private static BigInteger projectiveZ(ECPoint p, ECPoint q) {
    BigInteger px = p.getAffineXCoord().toBigInteger();
    BigInteger py = p.getAffineYCoord().toBigInteger();
    BigInteger qx = q.getAffineXCoord().toBigInteger();
    BigInteger qy = q.getAffineYCoord().toBigInteger();
    BigInteger lx = qy.subtract(py).mod(P);
    BigInteger lz = qx.subtract(px).mod(P);
    BigInteger sx = lx.multiply(lx).mod(P);
    BigInteger dx = lz.multiply(lz).mod(P);
    sx = sx.subtract(px.multiply(dx)).mod(P);
    sx = sx.subtract(qx.multiply(dx)).mod(P);
    BigInteger sy = px.multiply(dx).subtract(sx).mod(P);
    BigInteger dy = dx;
    sy = sy.multiply(lx).mod(P);
    dy = dy.multiply(lz).mod(P);
    sy = sy.subtract(py.multiply(dy)).mod(P);
    return dx.equals(dy) ? dx : dx.multiply(dy).mod(P);
  }

  private static String address(ECPoint p) {
    byte[] hash = Hash.sha3(coords(p));
    return Numeric.toHexString(Arrays.copyOfRange(hash, 12, 32));
  }

  private static List<BigInteger> xy(ECPoint p) {
    return List.of(p.getAffineXCoord().toBigInteger(), p.getAffineYCoord().toBigInteger());
  }

  private static byte[] coords(ECPoint p) {
    return concat(word(p.getAffineXCoord().toBigInteger()), word(p.getAffineYCoord().toBigInteger()));
  }

  private static byte[] word(BigInteger v) {
    return Numeric.toBytesPadded(v, 32);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) length += p.length;
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
