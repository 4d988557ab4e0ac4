package io.coracle.bench;

import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfKeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where ECVRF prove and verify spend their time ({@code coracle bench vrf --parts}): the pieces,
 * each on its own, with public API only. Prove = encodeToCurve + nonce + secretProducts (x*H and
 * k*H) + fixedBaseComb (k*B) + hashing; verify = decodeProof (one square root) + encodeToCurve +
 * two double-scalar products. {@code bcVariableBaseProducts} is Bouncy Castle's default (GLV/wNAF,
 * not constant-time) multiplication of H by x and by k, for comparison with secretProducts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VrfPartsBenchmark {
  private static final int MESSAGES = 16;

  @Param({"secp256k1"})
  public String curve;

  private Ecvrf vrf;
  private byte[] pk;
  private byte[][] alphas;
  private byte[][] proofs;
  private ECPoint[] points;
  private io.coracle.vrf.VrfSecretKey secretKey;
  private BigInteger x;
  private BigInteger k;
  private final FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
  private int next;

  @Setup
  public void setup() {
    vrf = Ecvrf.of(EcvrfSuite.byName(curve));
    SecureRandom random = new SecureRandom();
    VrfKeyPair kp = vrf.generateKeyPair(random);
    pk = kp.publicKey().encoded();
    secretKey = kp.secretKey();
    x = new BigInteger(1, kp.secretKey().toBytes());
    k = new BigInteger(256, random).mod(vrf.order());
    alphas = new byte[MESSAGES][];
    proofs = new byte[MESSAGES][];
    points = new ECPoint[MESSAGES];
    for (int i = 0; i < MESSAGES; i++) {
      alphas[i] = new byte[32];
      random.nextBytes(alphas[i]);
      proofs[i] = vrf.prove(kp.secretKey(), alphas[i]);
      points[i] = vrf.encodeToCurve(pk, alphas[i]).value();
    }
  }

  private int nextIndex() {
    next = (next + 1) & (MESSAGES - 1);
    return next;
  }

  /** A fresh copy of H, so no precomputation cached on the point object survives between calls. */
  private ECPoint freshH() {
    ECPoint h = points[nextIndex()];
    return vrf.curve().createPoint(h.getAffineXCoord().toBigInteger(), h.getAffineYCoord().toBigInteger());
  }

  @Benchmark
  public ECPoint encodeToCurve() {
    return vrf.encodeToCurve(pk, alphas[nextIndex()]).value();
  }

  @Benchmark
  public ECPoint[] secretProducts() {
    return vrf.multiplySecret(freshH(), x, k);
  }

  @Benchmark
  public ECPoint[] bcVariableBaseProducts() {
    ECPoint h = freshH();
    return new ECPoint[] {h.multiply(x), h.multiply(k)};
  }

  @Benchmark
  public ECPoint fixedBaseComb() {
    return comb.multiply(vrf.generator(), k);
  }

  @Benchmark
  public Object decodeProof() {
    return vrf.decodeProof(proofs[nextIndex()]).value();
  }

  /**
   * What the oracle does per request (RandomnessProver.prove): the proof with its on-chain calldata
   * (witness addresses, the inverse the contract checks) and beta; compare with ecvrfProve.
   */
  @Benchmark
  public Object fulfilmentProof() {
    byte[] alpha = alphas[nextIndex()];
    io.coracle.contracts.VrfProofCalldata.Proven proven = io.coracle.contracts.VrfProofCalldata.prove(secretKey, alpha);
    return new Object[] {proven, vrf.proofToHash(proven.pi()).value()};
  }
}
