package io.coracle.bench;

import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfKeyPair;
import io.coracle.vrf.VrfPublicKey;
import io.coracle.vrf.VrfSecretKey;
import io.coracle.vrf.VrfVerification;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ECVRF against Bouncy Castle ECDSA (SHA-256, RFC 6979 nonces) on the same curve and the same
 * arithmetic. Fairness rules: each operation cycles through 16 different messages; the plain
 * {@code *Verify} benchmarks take the public key as its 33 encoded bytes and decode it every time,
 * on both sides; the {@code *VerifyDecodedKey} ones reuse a decoded key object on both sides (BC
 * caches its precomputation on the ECDSA key's point, ours on the {@link VrfPublicKey}). Signing and
 * proving both use a parsed key object.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VrfBenchmark {
  private static final int MESSAGES = 16;

  @Param({"secp256k1", "p256"})
  public String curve;

  private Ecvrf vrf;
  private VrfSecretKey secretKey;
  private VrfPublicKey publicKey;
  private byte[] publicKeyBytes;
  private byte[][] alphas;
  private byte[][] proofs;
  private ECDomainParameters domain;
  private ECPrivateKeyParameters ecdsaPrivate;
  private ECPublicKeyParameters ecdsaPublic;
  private BigInteger[][] signatures;
  private int next;

  @Setup
  public void setup() {
    vrf = Ecvrf.of(EcvrfSuite.byName(curve));
    SecureRandom random = new SecureRandom();
    VrfKeyPair kp = vrf.generateKeyPair(random);
    secretKey = kp.secretKey();
    publicKey = kp.publicKey();
    publicKeyBytes = publicKey.encoded();
    domain = vrf.domain();
    // The same key pair for ECDSA.
    ecdsaPrivate = new ECPrivateKeyParameters(new BigInteger(1, secretKey.toBytes()), domain);
    ecdsaPublic = new ECPublicKeyParameters(publicKey.point(), domain);
    alphas = new byte[MESSAGES][];
    proofs = new byte[MESSAGES][];
    signatures = new BigInteger[MESSAGES][];
    for (int i = 0; i < MESSAGES; i++) {
      alphas[i] = new byte[32];
      random.nextBytes(alphas[i]);
      proofs[i] = vrf.prove(secretKey, alphas[i]);
      signatures[i] = ecdsaSign(i);
      if (!vrf.verify(publicKeyBytes, alphas[i], proofs[i]).isValid() || !ecdsaVerify(i, decodedEcdsaKey())) {
        throw new IllegalStateException("benchmark fixture does not verify");
      }
    }
  }

  private int nextIndex() {
    next = (next + 1) & (MESSAGES - 1);
    return next;
  }

  private static byte[] sha256(byte[] message) {
    SHA256Digest d = new SHA256Digest();
    d.update(message, 0, message.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  private BigInteger[] ecdsaSign(int i) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, ecdsaPrivate);
    return signer.generateSignature(sha256(alphas[i]));
  }

  private boolean ecdsaVerify(int i, ECPublicKeyParameters key) {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(sha256(alphas[i]), signatures[i][0], signatures[i][1]);
  }

  private ECPublicKeyParameters decodedEcdsaKey() {
    return new ECPublicKeyParameters(domain.getCurve().decodePoint(publicKeyBytes), domain);
  }

  @Benchmark
  public byte[] ecvrfProve() {
    return vrf.prove(secretKey, alphas[nextIndex()]);
  }

  @Benchmark
  public VrfVerification ecvrfVerify() {
    int i = nextIndex();
    return vrf.verify(publicKeyBytes, alphas[i], proofs[i]);
  }

  @Benchmark
  public VrfVerification ecvrfVerifyDecodedKey() {
    int i = nextIndex();
    return vrf.verify(publicKey, alphas[i], proofs[i]);
  }

  @Benchmark
  public BigInteger[] ecdsaSign() {
    return ecdsaSign(nextIndex());
  }

  @Benchmark
  public boolean ecdsaVerify() {
    return ecdsaVerify(nextIndex(), decodedEcdsaKey());
  }

  @Benchmark
  public boolean ecdsaVerifyDecodedKey() {
    return ecdsaVerify(nextIndex(), ecdsaPublic);
  }
}
