package io.coracle.contracts;

import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.HashToCurveTrace;
import io.coracle.vrf.ProofPoints;
import io.coracle.vrf.VrfResult;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * What the on-chain ECVRF verifier needs besides (pk, alpha, pi): the helper points of
 * ECVRF.sol, computed from public data only (no secret is involved, so anyone can build them for
 * any proof):
 *
 * <pre>
 * helpers = Ux || Uy || sHx || sHy || cGx || cGy || vInv || w_1 .. w_k     (32-byte big-endian words)
 *   U = s*B - c*Y, sH = s*H, cG = c*Gamma, vInv = (cGx - sHx)^-1 mod p,
 *   w_i: for each try-and-increment candidate rejected as a non-residue, w^2 = -(x^3 + 7) mod p
 * </pre>
 *
 * <p>Encodings: {@link #proof()} = publicKey (33) || pi (81) || helpers is the {@code proof}
 * argument of both {@code ECVRFVerifier.verify(bytes alpha, bytes proof)} and
 * {@code VRFCoordinator.fulfillRandomWords(bytes proof, RequestCommitment rc)};
 * {@link #verifierCallData()} is the complete ABI-encoded verify call, for a plain eth_call.
 */
public record VrfProofCalldata(byte[] publicKey, byte[] alpha, byte[] pi, byte[] helpers) {
  private static final Ecvrf SECP256K1 = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  private static final BigInteger P = SECP256K1.fieldPrime();
  private static final BigInteger N = SECP256K1.order();
  /** Helper words before the non-residue witnesses. */
  public static final int FIXED_HELPER_WORDS = 7;

  public VrfProofCalldata {
    publicKey = publicKey.clone();
    alpha = alpha.clone();
    pi = pi.clone();
    helpers = helpers.clone();
  }

  /**
   * Builds the calldata for any proof that decodes, valid or not (an invalid one is then rejected
   * on-chain). Rejected only when the key or proof does not decode, or in the cases the on-chain
   * verifier cannot express (ECVRF.sol's known divergence, probability about 2^-128 for honest
   * proofs: an abscissa in [n, p), c = 0, s = 0, U or V at infinity).
   */
  public static ProofCalldataResult from(byte[] publicKey, byte[] alpha, byte[] pi) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(alpha, "alpha");
    Objects.requireNonNull(pi, "pi");
    VrfResult<ProofPoints> result = SECP256K1.proofPoints(publicKey, alpha, pi);
    if (result instanceof VrfResult.Failed<ProofPoints> failed) {
      return ProofCalldataResult.Rejected.of(failed.reason());
    }
    return build(publicKey, alpha, pi, result.value());
  }

  /** A proof made with this key, and its calldata. */
  public record Proven(byte[] pi, ProofCalldataResult calldata) {}

  /**
   * Proves alpha with a secp256k1 VRF key and builds the calldata from the prover's own
   * intermediate points ({@link Ecvrf#proveWithPoints}): for a guest answering its own requests,
   * about a third of the elliptic-curve work of proving and then calling {@link #from}, with the
   * same bytes (tested).
   */
  public static Proven prove(io.coracle.vrf.VrfSecretKey secretKey, byte[] alpha) {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(alpha, "alpha");
    Ecvrf.ProofWithPoints proven = SECP256K1.proveWithPoints(secretKey, alpha);
    return new Proven(proven.pi(), build(secretKey.publicKey().encoded(), alpha, proven.pi(), proven.points()));
  }

  private static ProofCalldataResult build(byte[] publicKey, byte[] alpha, byte[] pi, ProofPoints points) {
    String inexpressible = inexpressible(points);
    if (inexpressible != null) {
      return new ProofCalldataResult.Rejected(ProofCalldataResult.Rejected.NOT_EXPRESSIBLE_ON_CHAIN,
          "the on-chain verifier cannot check this proof: " + inexpressible);
    }
    HashToCurveTrace trace = SECP256K1.encodeToCurveTrace(publicKey, alpha);
    if (!trace.found() || !trace.h().equals(points.h())) {
      throw new IllegalStateException("encode_to_curve trace disagrees with the proof points");
    }
    List<BigInteger> words = new ArrayList<>(List.of(
        x(points.u()), y(points.u()), x(points.sH()), y(points.sH()), x(points.cGamma()), y(points.cGamma()),
        x(points.cGamma()).subtract(x(points.sH())).mod(P).modInverse(P)));
    for (HashToCurveTrace.Attempt attempt : trace.attempts()) {
      if (attempt.outcome() == HashToCurveTrace.Outcome.NON_RESIDUE) {
        words.add(attempt.nonResidueWitness());
      }
    }
    ByteArrayOutputStream helpers = new ByteArrayOutputStream();
    for (BigInteger word : words) {
      helpers.writeBytes(Numeric.toBytesPadded(word, 32));
    }
    return new ProofCalldataResult.Built(new VrfProofCalldata(publicKey, alpha, pi, helpers.toByteArray()));
  }

  /** The coordinator's VRF alpha for a request: keccak256(abi.encode(preSeed, blockHash)). */
  public static byte[] requestAlpha(BigInteger preSeed, byte[] blockHash) {
    if (blockHash.length != 32) throw new IllegalArgumentException("a block hash is 32 bytes");
    byte[] encoded = new byte[64];
    System.arraycopy(Numeric.toBytesPadded(preSeed, 32), 0, encoded, 0, 32);
    System.arraycopy(blockHash, 0, encoded, 32, 32);
    return Hash.sha3(encoded);
  }

  /** randomWords[i] = uint256(keccak256(abi.encode(beta, i))), as the coordinator derives them. */
  public static List<BigInteger> randomWords(byte[] beta, int count) {
    List<BigInteger> words = new ArrayList<>(count);
    byte[] encoded = new byte[64];
    System.arraycopy(beta, 0, encoded, 0, 32);
    for (int i = 0; i < count; i++) {
      System.arraycopy(Numeric.toBytesPadded(BigInteger.valueOf(i), 32), 0, encoded, 32, 32);
      words.add(new BigInteger(1, Hash.sha3(encoded)));
    }
    return List.copyOf(words);
  }

  /** The ABI-encoded call of ECVRFVerifier.verify(alpha, proof), selector included. */
  public byte[] verifierCallData() {
    return verifierCallData(alpha, proof());
  }

  /** verify(alpha, proof) encoded for any bytes, well-formed or not. */
  public static byte[] verifierCallData(byte[] alpha, byte[] proof) {
    List<Type> inputs = List.of(new DynamicBytes(alpha), new DynamicBytes(proof));
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("verify", inputs, List.of())));
  }

  public String verifierCallDataHex() {
    return Numeric.toHexString(verifierCallData());
  }

  /** publicKey || pi || helpers: the `proof` argument of ECVRFVerifier.verify and VRFCoordinator.fulfillRandomWords. */
  public byte[] proof() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(publicKey);
    out.writeBytes(pi);
    out.writeBytes(helpers);
    return out.toByteArray();
  }

  /** How many try-and-increment candidates were rejected as non-residues (one helper word each). */
  public int nonResidueWitnesses() {
    return helpers.length / 32 - FIXED_HELPER_WORDS;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] alpha() {
    return alpha.clone();
  }

  @Override
  public byte[] pi() {
    return pi.clone();
  }

  @Override
  public byte[] helpers() {
    return helpers.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VrfProofCalldata other && Arrays.equals(publicKey, other.publicKey) && Arrays.equals(alpha, other.alpha)
        && Arrays.equals(pi, other.pi) && Arrays.equals(helpers, other.helpers);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(proof()) * 31 + Arrays.hashCode(alpha);
  }

  @Override
  public String toString() {
    return "VrfProofCalldata[pk=" + Numeric.toHexString(publicKey) + ", alpha=" + Numeric.toHexString(alpha) + ", pi="
        + Numeric.toHexString(pi) + ", witnesses=" + nonResidueWitnesses() + "]";
  }

  private static String inexpressible(ProofPoints p) {
    if (x(p.y()).compareTo(N) >= 0) return "the public key's x-coordinate is not below the group order";
    if (x(p.gamma()).compareTo(N) >= 0) return "Gamma's x-coordinate is not below the group order";
    if (x(p.h()).compareTo(N) >= 0) return "H's x-coordinate is not below the group order";
    if (p.c().signum() == 0) return "the challenge c is zero";
    if (p.s().signum() == 0) return "the scalar s is zero";
    if (p.u().isInfinity()) return "U is the point at infinity";
    if (x(p.sH()).equals(x(p.cGamma()))) return "s*H and c*Gamma share an x-coordinate (V at infinity or a doubling)";
    return null;
  }

  private static BigInteger x(ECPoint point) {
    return point.normalize().getAffineXCoord().toBigInteger();
  }

  private static BigInteger y(ECPoint point) {
    return point.normalize().getAffineYCoord().toBigInteger();
  }
}
