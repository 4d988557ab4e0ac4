package io.coracle.vrf;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECVRF (RFC 9381 section 5, try-and-increment) for one {@link EcvrfSuite}, on Bouncy Castle's
 * custom curve implementations. Instances are immutable and thread-safe; get one with {@link #of}.
 *
 * <pre>{@code
 * Ecvrf vrf = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
 * VrfKeyPair keys = vrf.generateKeyPair(new SecureRandom());
 * byte[] pi = vrf.prove(keys.secretKey(), alpha);
 * VrfVerification v = vrf.verify(keys.publicKey().encoded(), alpha, pi);
 * if (v instanceof VrfVerification.Valid valid) { byte[] beta = valid.beta(); }
 * }</pre>
 *
 * <p>Every method taking bytes from outside returns a {@link VrfResult} or {@link VrfVerification}
 * naming the failed check; none throws on malformed bytes. Exceptions mean programming errors
 * (null arguments, a key of another suite).
 */
public final class Ecvrf {
  private static final byte ENCODE_TO_CURVE_FRONT = 0x01;
  private static final byte CHALLENGE_FRONT = 0x02;
  private static final byte PROOF_TO_HASH_FRONT = 0x03;
  private static final byte BACK = 0x00;
  private static final int MAX_COUNTER = 256;

  private static final Map<EcvrfSuite, Ecvrf> INSTANCES = new EnumMap<>(EcvrfSuite.class);

  private final EcvrfSuite suite;
  private final ECDomainParameters domain;
  private final ECCurve curve;
  private final ECPoint generator;
  private final BigInteger n;
  private final BigInteger p;
  private final BigInteger cofactor;
  private final int fieldLength;
  private final int pointLength;
  private final int challengeLength = 16;
  private final int scalarLength;
  private final FixedPointCombMultiplier baseMultiplier = new FixedPointCombMultiplier();
  private final SecretArithmetic secretArithmetic;
  private final PublicMultiplier publicMultiplier;
  /** secp256k1: square roots with {@link Secp256k1Field#sqrt}, twice as fast as BC's. */
  private final boolean secp256k1;

  private Ecvrf(EcvrfSuite suite) {
    this.suite = suite;
    X9ECParameters x9 = CustomNamedCurves.getByName(suite.curveName());
    this.domain = new ECDomainParameters(x9);
    this.curve = domain.getCurve();
    this.generator = domain.getG().normalize();
    this.n = domain.getN();
    this.p = curve.getField().getCharacteristic();
    this.cofactor = domain.getH();
    this.fieldLength = (curve.getFieldSize() + 7) / 8;
    this.pointLength = fieldLength + 1;
    this.scalarLength = (n.bitLength() + 7) / 8;
    this.secp256k1 = suite == EcvrfSuite.SECP256K1_SHA256_TAI && p.equals(Secp256k1Field.P)
        && n.equals(Secp256k1Scalar.N);
    this.secretArithmetic = secp256k1 ? new Secp256k1SecretMultiplier(curve) : SecretMultiplier.forCurve(curve);
    this.publicMultiplier = new PublicMultiplier(curve, generator);
  }

  /** The (shared, thread-safe) implementation of a suite. */
  public static Ecvrf of(EcvrfSuite suite) {
    Objects.requireNonNull(suite, "suite");
    synchronized (INSTANCES) {
      return INSTANCES.computeIfAbsent(suite, Ecvrf::new);
    }
  }

  // ------------------------------------------------------------------ curve access

  public EcvrfSuite suite() {
    return suite;
  }

  /** The curve, generator B, order n and cofactor, as Bouncy Castle domain parameters. */
  public ECDomainParameters domain() {
    return domain;
  }

  public ECCurve curve() {
    return curve;
  }

  /** The generator B, normalized. */
  public ECPoint generator() {
    return generator;
  }

  /** The group order n. */
  public BigInteger order() {
    return n;
  }

  /** The field prime p. */
  public BigInteger fieldPrime() {
    return p;
  }

  /** Length of a proof pi in bytes (81 for both suites). */
  public int proofLength() {
    return pointLength + challengeLength + scalarLength;
  }

  /** Length of a compressed point (33). */
  public int pointLength() {
    return pointLength;
  }

  /** Length of the challenge c in the proof (16). */
  public int challengeLength() {
    return challengeLength;
  }

  /** SEC1 compressed encoding (33 bytes); the identity encodes as the single byte 0x00. */
  public byte[] encodeCompressed(ECPoint point) {
    return curve.importPoint(point).getEncoded(true);
  }

  /** Uncompressed encoding without prefix: x || y, 64 bytes, as EVM contracts take points. */
  public byte[] encodeUncompressed(ECPoint point) {
    ECPoint q = curve.importPoint(point).normalize();
    if (q.isInfinity()) {
      throw new IllegalArgumentException("the identity has no affine coordinates");
    }
    byte[] out = new byte[2 * fieldLength];
    BigIntegers.asUnsignedByteArray(q.getAffineXCoord().toBigInteger(), out, 0, fieldLength);
    BigIntegers.asUnsignedByteArray(q.getAffineYCoord().toBigInteger(), out, fieldLength, fieldLength);
    return out;
  }

  /**
   * Decodes a point: 33-byte SEC1 compressed, 64-byte x || y, or 65-byte SEC1 uncompressed.
   * Rejects non-canonical coordinates, points off the curve and the identity.
   */
  public VrfResult<ECPoint> decodePoint(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length == 1 && encoded[0] == 0) {
      return VrfResult.failed(VrfFailure.POINT_IDENTITY);
    }
    if (encoded.length == pointLength) {
      return decodeCompressed(encoded, 0);
    }
    if (encoded.length == 2 * fieldLength) {
      return decodeAffine(encoded, 0);
    }
    if (encoded.length == 2 * fieldLength + 1) {
      if (encoded[0] != 0x04) {
        return VrfResult.failed(VrfFailure.POINT_BAD_PREFIX);
      }
      return decodeAffine(encoded, 1);
    }
    return VrfResult.failed(VrfFailure.POINT_WRONG_LENGTH);
  }

  private VrfResult<ECPoint> decodeAffine(byte[] buf, int off) {
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(buf, off, off + fieldLength));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(buf, off + fieldLength, off + 2 * fieldLength));
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return VrfResult.failed(VrfFailure.POINT_NON_CANONICAL);
    }
    ECFieldElement fx = curve.fromBigInteger(x);
    ECFieldElement fy = curve.fromBigInteger(y);
    if (!fy.square().equals(rhs(fx))) {
      return VrfResult.failed(VrfFailure.POINT_NOT_ON_CURVE);
    }
    return VrfResult.ok(curve.createPoint(x, y));
  }

  /** SEC1 compressed decoding at an offset, with failures as POINT_* reasons. */
  private VrfResult<ECPoint> decodeCompressed(byte[] buf, int off) {
    byte prefix = buf[off];
    if (prefix != 0x02 && prefix != 0x03) {
      return VrfResult.failed(VrfFailure.POINT_BAD_PREFIX);
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(buf, off + 1, off + pointLength));
    if (x.compareTo(p) >= 0) {
      return VrfResult.failed(VrfFailure.POINT_NON_CANONICAL);
    }
    ECFieldElement fx = curve.fromBigInteger(x);
    ECFieldElement y = squareRoot(rhs(fx));
    if (y == null) {
      return VrfResult.failed(VrfFailure.POINT_NOT_ON_CURVE);
    }
    if (y.testBitZero() != (prefix == 0x03)) {
      y = y.negate();
    }
    return VrfResult.ok(curve.createPoint(x, y.toBigInteger()));
  }

  private ECFieldElement rhs(ECFieldElement x) {
    return x.square().add(curve.getA()).multiply(x).add(curve.getB());
  }

  /** A square root of a public field element, or null if it has none. */
  private ECFieldElement squareRoot(ECFieldElement a) {
    if (!secp256k1) {
      return a.sqrt();
    }
    long[] v = new long[5];
    Secp256k1Field.fromBytes(v, a.getEncoded(), 0);
    long[] root = new long[5];
    if (!Secp256k1Field.sqrt(root, v)) {
      return null;
    }
    return curve.fromBigInteger(Secp256k1Field.toBigInteger(root));
  }

  // ------------------------------------------------------------------ keys

  /** A fresh key pair, the scalar drawn uniformly from [1, n-1]. */
  public VrfKeyPair generateKeyPair(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    BigInteger x = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
    VrfSecretKey sk = secretKey(x);
    return new VrfKeyPair(sk, sk.publicKey());
  }

  /** Decodes a 32-byte big-endian secret scalar in [1, n-1] and derives its public key. */
  public VrfResult<VrfSecretKey> decodeSecretKey(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    if (encoded.length != scalarLength) {
      return VrfResult.failed(VrfFailure.SECRET_KEY_WRONG_LENGTH);
    }
    BigInteger x = new BigInteger(1, encoded);
    if (x.signum() == 0 || x.compareTo(n) >= 0) {
      return VrfResult.failed(VrfFailure.SECRET_KEY_OUT_OF_RANGE);
    }
    return VrfResult.ok(secretKey(x));
  }

  private VrfSecretKey secretKey(BigInteger x) {
    ECPoint y = baseMultiplier.multiply(generator, x).normalize();
    return new VrfSecretKey(suite, x, new VrfPublicKey(suite, y, y.getEncoded(true)));
  }

  /** Decodes and validates PK_string (RFC 9381 string_to_point plus ECVRF_validate_key). */
  public VrfResult<VrfPublicKey> decodePublicKey(byte[] pk) {
    Objects.requireNonNull(pk, "pk");
    if (pk.length == 1 && pk[0] == 0) {
      return VrfResult.failed(VrfFailure.PUBLIC_KEY_SMALL_ORDER);
    }
    if (pk.length == 2 * fieldLength + 1 && pk[0] == 0x04) {
      return VrfResult.failed(VrfFailure.PUBLIC_KEY_UNCOMPRESSED);
    }
    if (pk.length != pointLength) {
      return VrfResult.failed(VrfFailure.PUBLIC_KEY_WRONG_LENGTH);
    }
    VrfResult<ECPoint> point = decodeCompressed(pk, 0);
    if (point instanceof VrfResult.Failed<ECPoint> f) {
      return VrfResult.failed(switch (f.reason()) {
        case POINT_BAD_PREFIX -> VrfFailure.PUBLIC_KEY_BAD_PREFIX;
        case POINT_NON_CANONICAL -> VrfFailure.PUBLIC_KEY_NON_CANONICAL;
        default -> VrfFailure.PUBLIC_KEY_NOT_ON_CURVE;
      });
    }
    return publicKey(point.value());
  }

  /** Validates a point as a public key: on this curve and not of small order. */
  public VrfResult<VrfPublicKey> publicKey(ECPoint point) {
    Objects.requireNonNull(point, "point");
    if (point.getCurve() != curve && !point.getCurve().equals(curve)) {
      return VrfResult.failed(VrfFailure.PUBLIC_KEY_NOT_ON_CURVE);
    }
    ECPoint y = curve.importPoint(point).normalize();
    if (!y.isInfinity() && !y.isValid()) {
      return VrfResult.failed(VrfFailure.PUBLIC_KEY_NOT_ON_CURVE);
    }
    if (y.isInfinity() || (!cofactor.equals(BigInteger.ONE) && y.multiply(cofactor).isInfinity())) {
      return VrfResult.failed(VrfFailure.PUBLIC_KEY_SMALL_ORDER);
    }
    return VrfResult.ok(new VrfPublicKey(suite, y, y.getEncoded(true)));
  }

  /** The point Y of PK_string, validated as {@link #decodePublicKey} does. */
  public VrfResult<ECPoint> publicKeyPoint(byte[] pk) {
    return decodePublicKey(pk).map(VrfPublicKey::point);
  }

  // ------------------------------------------------------------------ encode_to_curve

  /** H = ECVRF_encode_to_curve(PK_string, alpha) by try-and-increment, or a failure after 256 counters. */
  public VrfResult<ECPoint> encodeToCurve(byte[] pkString, byte[] alpha) {
    Objects.requireNonNull(pkString, "pkString");
    Objects.requireNonNull(alpha, "alpha");
    ECPoint h = hashToCurve(pkString, alpha, MAX_COUNTER);
    return h == null ? VrfResult.failed(VrfFailure.HASH_TO_CURVE_EXHAUSTED) : VrfResult.ok(h);
  }

  /** Every attempt of try-and-increment, with non-residue witnesses; see {@link HashToCurveTrace}. */
  public HashToCurveTrace encodeToCurveTrace(byte[] pkString, byte[] alpha) {
    return encodeToCurveTrace(pkString, alpha, MAX_COUNTER);
  }

  HashToCurveTrace encodeToCurveTrace(byte[] pkString, byte[] alpha, int maxCounter) {
    Objects.requireNonNull(pkString, "pkString");
    Objects.requireNonNull(alpha, "alpha");
    List<HashToCurveTrace.Attempt> attempts = new ArrayList<>();
    for (int ctr = 0; ctr < maxCounter; ctr++) {
      byte[] hash = encodeToCurveHash(pkString, alpha, ctr);
      BigInteger x = new BigInteger(1, hash);
      if (x.compareTo(p) >= 0) {
        attempts.add(new HashToCurveTrace.Attempt(ctr, hash, x, HashToCurveTrace.Outcome.X_NOT_IN_FIELD,
            null, null, null));
        continue;
      }
      ECFieldElement rhs = rhs(curve.fromBigInteger(x));
      ECFieldElement y = rhs.sqrt();
      if (y == null) {
        ECFieldElement witness = rhs.negate().sqrt();
        attempts.add(new HashToCurveTrace.Attempt(ctr, hash, x, HashToCurveTrace.Outcome.NON_RESIDUE,
            rhs.toBigInteger(), null, witness == null ? null : witness.toBigInteger()));
        continue;
      }
      if (y.testBitZero()) {
        y = y.negate();
      }
      ECPoint h = curve.createPoint(x, y.toBigInteger());
      if (!cofactor.equals(BigInteger.ONE)) {
        h = h.multiply(cofactor).normalize();
      }
      attempts.add(new HashToCurveTrace.Attempt(ctr, hash, x, HashToCurveTrace.Outcome.ACCEPTED,
          rhs.toBigInteger(), y.toBigInteger(), null));
      if (!h.isInfinity()) {
        return new HashToCurveTrace(attempts, h, ctr);
      }
    }
    return new HashToCurveTrace(attempts, null, -1);
  }

  /** The fast path: returns the normalized H, or null if no counter below maxCounter gave a point. */
  ECPoint hashToCurve(byte[] pkString, byte[] alpha, int maxCounter) {
    for (int ctr = 0; ctr < maxCounter; ctr++) {
      byte[] hash = encodeToCurveHash(pkString, alpha, ctr);
      BigInteger x = new BigInteger(1, hash);
      if (x.compareTo(p) >= 0) {
        continue;
      }
      ECFieldElement y = squareRoot(rhs(curve.fromBigInteger(x)));
      if (y == null) {
        continue;
      }
      if (y.testBitZero()) {
        y = y.negate();
      }
      ECPoint h = curve.createPoint(x, y.toBigInteger());
      if (!cofactor.equals(BigInteger.ONE)) {
        h = h.multiply(cofactor).normalize();
      }
      if (!h.isInfinity()) {
        return h;
      }
    }
    return null;
  }

  private byte[] encodeToCurveHash(byte[] pkString, byte[] alpha, int ctr) {
    SHA256Digest d = new SHA256Digest();
    d.update(suite.suiteByte());
    d.update(ENCODE_TO_CURVE_FRONT);
    d.update(pkString, 0, pkString.length);
    d.update(alpha, 0, alpha.length);
    d.update((byte) ctr);
    d.update(BACK);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  // ------------------------------------------------------------------ prove

  /**
   * pi = ECVRF_prove(SK, alpha) (RFC 9381 section 5.1): Gamma || c || s, {@link #proofLength()}
   * bytes. Deterministic: the nonce is RFC 6979 over h_string.
   */
  public byte[] prove(VrfSecretKey secretKey, byte[] alpha) {
    return proveSteps(secretKey, alpha).pi;
  }

  /**
   * A proof together with the points verification would compute for it ({@link #proofPoints}),
   * taken from the prover's own values instead of being recomputed: U = k*B and V = k*H are what
   * prove multiplied, and s*H = (k + c*x)*H = V + c*Gamma, so only c*Gamma (a 128-bit scalar) is
   * multiplied here, where verification needs two double multiplications and a full one. For
   * building on-chain calldata for one's own proofs; the result equals {@code proofPoints(pk,
   * alpha, pi)} (tested), with the challenge matching by construction.
   */
  public ProofWithPoints proveWithPoints(VrfSecretKey secretKey, byte[] alpha) {
    ProveSteps steps = proveSteps(secretKey, alpha);
    ECPoint gamma = curve.decodePoint(steps.gamma);
    ECPoint v = curve.decodePoint(steps.v);
    ECPoint cGamma = gamma.multiply(steps.c).normalize();
    ECPoint sH = v.add(cGamma).normalize();
    ProofPoints points = new ProofPoints(secretKey.publicKey().point(), steps.h, gamma, steps.c,
        new BigInteger(1, steps.s), steps.u.normalize(), v, sH, cGamma, steps.c);
    return new ProofWithPoints(steps.pi, points);
  }

  /** A proof and its verification points, see {@link #proveWithPoints}. */
  public record ProofWithPoints(byte[] pi, ProofPoints points) {}

  private record ProveSteps(byte[] pi, ECPoint h, ECPoint u, byte[] gamma, byte[] v, BigInteger c, byte[] s) {}

  private ProveSteps proveSteps(VrfSecretKey secretKey, byte[] alpha) {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(alpha, "alpha");
    requireSuite(secretKey.suite());
    byte[] pkString = secretKey.publicKey().encodedInternal();
    ECPoint h = hashToCurve(pkString, alpha, MAX_COUNTER);
    if (h == null) {
      // Probability about 2^-256: not an input error anyone can provoke on purpose.
      throw new IllegalStateException("encode_to_curve found no point in 256 counter values");
    }
    byte[] hString = h.getEncoded(true);
    BigInteger x = secretKey.scalar();
    BigInteger k = nonce(x, hString);
    // Gamma = x*H, U = k*B (BC's fixed-base comb), V = k*H.
    ECPoint u = baseMultiplier.multiply(generator, k);
    byte[][] points = secretArithmetic.proofPoints(h, x, k, u);
    BigInteger c = challenge(pkString, hString, points[0], points[1], points[2]);
    byte[] s = secretArithmetic.response(k, c, x, scalarLength);
    byte[] pi = new byte[proofLength()];
    System.arraycopy(points[0], 0, pi, 0, pointLength);
    BigIntegers.asUnsignedByteArray(c, pi, pointLength, challengeLength);
    System.arraycopy(s, 0, pi, pointLength + challengeLength, scalarLength);
    return new ProveSteps(pi, h, u, points[0], points[2], c, s);
  }

  /**
   * {@code scalars[i] * base} for secret scalars, with the regular signed comb prove uses for x*H
   * and k*H (see {@code Secp256k1SecretMultiplier}, {@code SecretMultiplier}): one precomputation
   * for the base shared by all scalars, no branch or table index that depends on a scalar. Public
   * for benchmarks and for other modules that multiply a variable point by a secret (e.g. ECDH with
   * a guest-held key). Results may not be normalized.
   *
   * @throws IllegalArgumentException if base is not a point of this curve other than the identity,
   *     or a scalar is outside [1, n-1] (programming errors: callers validate their inputs)
   */
  public ECPoint[] multiplySecret(ECPoint base, BigInteger... scalars) {
    Objects.requireNonNull(base, "base");
    ECPoint b = curve.importPoint(base).normalize();
    if (b.isInfinity() || !b.isValid()) {
      throw new IllegalArgumentException("base must be a point of " + suite.curveName() + " other than the identity");
    }
    for (BigInteger k : scalars) {
      if (k == null || k.signum() <= 0 || k.compareTo(n) >= 0) {
        throw new IllegalArgumentException("scalars must be in [1, n-1]");
      }
    }
    return secretArithmetic.multiply(b, scalars);
  }

  /** The secret arithmetic prove uses on this suite (for tests). */
  SecretArithmetic secretArithmetic() {
    return secretArithmetic;
  }

  /** RFC 9381 5.4.2.1: k by RFC 6979 (HMAC-DRBG with SHA-256) over h1 = SHA-256(h_string). */
  BigInteger nonce(BigInteger x, byte[] hString) {
    byte[] h1 = sha256(hString);
    HMacDSAKCalculator calculator = new HMacDSAKCalculator(new SHA256Digest());
    calculator.init(n, x, h1);
    return calculator.nextK();
  }

  BigInteger nonce(VrfSecretKey secretKey, byte[] hString) {
    return nonce(secretKey.scalar(), hString);
  }

  /** RFC 9381 5.4.3: the first 16 bytes of Hash(suite || 0x02 || Y || H || Gamma || U || V || 0x00). */
  public BigInteger challenge(ECPoint y, ECPoint h, ECPoint gamma, ECPoint u, ECPoint v) {
    ECPoint[] pts = {curve.importPoint(y), curve.importPoint(h), curve.importPoint(gamma),
        curve.importPoint(u), curve.importPoint(v)};
    curve.normalizeAll(pts);
    return challenge(pts[0].getEncoded(true), pts[1].getEncoded(true), pts[2].getEncoded(true),
        pts[3].getEncoded(true), pts[4].getEncoded(true));
  }

  private BigInteger challenge(byte[]... encodedPoints) {
    SHA256Digest d = new SHA256Digest();
    d.update(suite.suiteByte());
    d.update(CHALLENGE_FRONT);
    for (byte[] e : encodedPoints) {
      d.update(e, 0, e.length);
    }
    d.update(BACK);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return new BigInteger(1, Arrays.copyOf(out, challengeLength));
  }

  // ------------------------------------------------------------------ proofs

  /** ECVRF_decode_proof (RFC 9381 5.4.4) with exact length: Gamma, c and s, or why not. */
  public VrfResult<DecodedProof> decodeProof(byte[] pi) {
    Objects.requireNonNull(pi, "pi");
    int len = proofLength();
    if (pi.length < len) {
      return VrfResult.failed(VrfFailure.PROOF_TOO_SHORT);
    }
    if (pi.length > len) {
      return VrfResult.failed(VrfFailure.PROOF_TRAILING_BYTES);
    }
    VrfResult<ECPoint> gamma = decodeCompressed(pi, 0);
    if (gamma instanceof VrfResult.Failed<ECPoint> f) {
      return VrfResult.failed(switch (f.reason()) {
        case POINT_BAD_PREFIX -> VrfFailure.GAMMA_BAD_PREFIX;
        case POINT_NON_CANONICAL -> VrfFailure.GAMMA_NON_CANONICAL;
        default -> VrfFailure.GAMMA_NOT_ON_CURVE;
      });
    }
    BigInteger c = new BigInteger(1, Arrays.copyOfRange(pi, pointLength, pointLength + challengeLength));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(pi, pointLength + challengeLength, len));
    if (s.compareTo(n) >= 0) {
      return VrfResult.failed(VrfFailure.S_OUT_OF_RANGE);
    }
    return VrfResult.ok(new DecodedProof(gamma.value(), c, s));
  }

  /**
   * Encodes Gamma || c || s, checking what decoding checks: Gamma a point of this curve other than
   * the identity, 0 &lt;= c &lt; 2^128, 0 &lt;= s &lt; n.
   */
  public VrfResult<byte[]> encodeProof(ECPoint gamma, BigInteger c, BigInteger s) {
    Objects.requireNonNull(gamma, "gamma");
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(s, "s");
    if (gamma.getCurve() != curve && !gamma.getCurve().equals(curve)) {
      return VrfResult.failed(VrfFailure.GAMMA_NOT_ON_CURVE);
    }
    ECPoint g = curve.importPoint(gamma).normalize();
    if (g.isInfinity()) {
      return VrfResult.failed(VrfFailure.GAMMA_IDENTITY);
    }
    if (!g.isValid()) {
      return VrfResult.failed(VrfFailure.GAMMA_NOT_ON_CURVE);
    }
    if (c.signum() < 0 || c.bitLength() > 8 * challengeLength) {
      return VrfResult.failed(VrfFailure.CHALLENGE_TOO_WIDE);
    }
    if (s.signum() < 0 || s.compareTo(n) >= 0) {
      return VrfResult.failed(VrfFailure.S_OUT_OF_RANGE);
    }
    byte[] pi = new byte[proofLength()];
    System.arraycopy(g.getEncoded(true), 0, pi, 0, pointLength);
    BigIntegers.asUnsignedByteArray(c, pi, pointLength, challengeLength);
    BigIntegers.asUnsignedByteArray(s, pi, pointLength + challengeLength, scalarLength);
    return VrfResult.ok(pi);
  }

  /**
   * beta = ECVRF_proof_to_hash(pi) (RFC 9381 5.2). This only decodes pi: beta means nothing
   * unless {@link #verify} accepted pi for the expected key and alpha.
   */
  public VrfResult<byte[]> proofToHash(byte[] pi) {
    return decodeProof(pi).map(d -> beta(d.gamma()));
  }

  private byte[] beta(ECPoint gamma) {
    ECPoint g = cofactor.equals(BigInteger.ONE) ? gamma : gamma.multiply(cofactor).normalize();
    byte[] gammaString = g.getEncoded(true);
    SHA256Digest d = new SHA256Digest();
    d.update(suite.suiteByte());
    d.update(PROOF_TO_HASH_FRONT);
    d.update(gammaString, 0, gammaString.length);
    d.update(BACK);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  // ------------------------------------------------------------------ verify

  /** ECVRF_verify (RFC 9381 5.3, with validate_key): beta if pi proves alpha under PK_string. */
  public VrfVerification verify(byte[] pk, byte[] alpha, byte[] pi) {
    Objects.requireNonNull(pk, "pk");
    Objects.requireNonNull(alpha, "alpha");
    Objects.requireNonNull(pi, "pi");
    VrfResult<VrfPublicKey> key = decodePublicKey(pk);
    if (key instanceof VrfResult.Failed<VrfPublicKey> f) {
      return new VrfVerification.Invalid(f.reason());
    }
    return verify(key.value(), alpha, pi);
  }

  /** As {@link #verify(byte[], byte[], byte[])} with an already validated key. */
  public VrfVerification verify(VrfPublicKey publicKey, byte[] alpha, byte[] pi) {
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(alpha, "alpha");
    Objects.requireNonNull(pi, "pi");
    requireSuite(publicKey.suite());
    VrfResult<DecodedProof> decoded = decodeProof(pi);
    if (decoded instanceof VrfResult.Failed<DecodedProof> f) {
      return new VrfVerification.Invalid(f.reason());
    }
    DecodedProof proof = decoded.value();
    byte[] pkString = publicKey.encodedInternal();
    ECPoint h = hashToCurve(pkString, alpha, MAX_COUNTER);
    if (h == null) {
      return new VrfVerification.Invalid(VrfFailure.HASH_TO_CURVE_EXHAUSTED);
    }
    ECPoint[] uv = publicMultiplier.uv(proof.s(), proof.c(), negatedKeyTable(publicKey), h, proof.gamma());
    curve.normalizeAll(uv);
    BigInteger expected = challenge(pkString, h.getEncoded(true), Arrays.copyOf(pi, pointLength),
        uv[0].getEncoded(true), uv[1].getEncoded(true));
    if (!expected.equals(proof.c())) {
      return new VrfVerification.Invalid(VrfFailure.CHALLENGE_MISMATCH);
    }
    return new VrfVerification.Valid(beta(proof.gamma()));
  }

  /**
   * The table of odd multiples of -Y. A key verified with once gets a small table (w = 5); a key
   * object reused for further verifications is promoted to the generator's width (w = 8), as
   * Bouncy Castle promotes the precomputation of a reused ECDSA public key point.
   */
  private PublicMultiplier.Table negatedKeyTable(VrfPublicKey key) {
    PublicMultiplier.Table t = key.negatedTable();
    if (t == null) {
      t = publicMultiplier.tables(PublicMultiplier.VARIABLE_WIDTH, key.point())[0].negated();
      key.cacheNegatedTable(t);
    } else if (t.width() < PublicMultiplier.FIXED_WIDTH) {
      t = publicMultiplier.tables(PublicMultiplier.FIXED_WIDTH, key.point())[0].negated();
      key.cacheNegatedTable(t);
    }
    return t;
  }

  /**
   * All intermediate values of verification, for an on-chain verifier's calldata and for audits:
   * H, U = s*B - c*Y, V = s*H - c*Gamma, s*H, c*Gamma and the recomputed challenge. Fails like
   * {@link #verify} on malformed input; a proof that decodes but does not verify still yields its
   * points, with {@link ProofPoints#challengeMatches()} false.
   */
  public VrfResult<ProofPoints> proofPoints(byte[] pk, byte[] alpha, byte[] pi) {
    Objects.requireNonNull(alpha, "alpha");
    VrfResult<VrfPublicKey> key = decodePublicKey(pk);
    if (key instanceof VrfResult.Failed<VrfPublicKey> f) {
      return VrfResult.failed(f.reason());
    }
    VrfResult<DecodedProof> decoded = decodeProof(pi);
    if (decoded instanceof VrfResult.Failed<DecodedProof> f) {
      return VrfResult.failed(f.reason());
    }
    DecodedProof proof = decoded.value();
    VrfPublicKey publicKey = key.value();
    ECPoint y = publicKey.point();
    ECPoint h = hashToCurve(publicKey.encodedInternal(), alpha, MAX_COUNTER);
    if (h == null) {
      return VrfResult.failed(VrfFailure.HASH_TO_CURVE_EXHAUSTED);
    }
    ECPoint[] uv = publicMultiplier.uv(proof.s(), proof.c(), negatedKeyTable(publicKey), h, proof.gamma());
    ECPoint[] pts = {uv[0], uv[1], h.multiply(proof.s()), proof.gamma().multiply(proof.c())};
    curve.normalizeAll(pts);
    BigInteger expected = challenge(y, h, proof.gamma(), pts[0], pts[1]);
    return VrfResult.ok(new ProofPoints(y, h, proof.gamma(), proof.c(), proof.s(),
        pts[0], pts[1], pts[2], pts[3], expected));
  }

  private void requireSuite(EcvrfSuite other) {
    if (other != suite) {
      throw new IllegalArgumentException("key is for " + other + ", this instance is " + suite);
    }
  }

  private static byte[] sha256(byte[] data) {
    SHA256Digest d = new SHA256Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  @Override
  public String toString() {
    return "Ecvrf[" + suite + "]";
  }
}
