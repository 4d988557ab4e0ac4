package io.coracle.contracts.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.ECVRFVerifier;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfKeyPair;
import io.coracle.vrf.VrfVerification;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.utils.Numeric;

/**
 * The standalone verifier accepts exactly what io.coracle.vrf accepts: the shared vectors, fresh
 * proofs, and rejects (valid = false, beta = 0, no revert) every wrong key, alpha, proof encoding
 * and malformed helper, each check by name.
 */
@EvmNodeTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EcvrfVerifierIT {
  private static final Ecvrf ECVRF = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  private static final BigInteger P = ECVRF.fieldPrime();
  private static final BigInteger N = ECVRF.order();
  private final SecureRandom random = new SecureRandom();
  private Chain chain;
  private VerifierCalls verifier;
  private String verifierAddress;
  /** A proof whose try-and-increment rejected at least one non-residue (so it has witnesses). */
  private VrfProofCalldata withWitness;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    ECVRFVerifier contract = ECVRFVerifier.deploy(chain.web3j, chain.tm(chain.account(0)), Chain.gas()).send();
    verifierAddress = contract.getContractAddress();
    verifier = new VerifierCalls(chain, verifierAddress);
    assertThat(contract.SUITE().send()).isEqualTo("ECVRF-SECP256K1-SHA256-TAI");
    do {
      withWitness = freshProof(32);
    } while (withWitness.nonResidueWitnesses() == 0);
  }

  static Stream<Vectors> vectors() {
    return Vectors.secp256k1().stream();
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void acceptsTheSharedKnownAnswerVectors(Vectors v) {
    VrfProofCalldata calldata = VrfProofCalldata.from(v.pk(), v.alpha(), v.pi()).calldata();
    VerifierCalls.Verdict verdict = verifier.verify(calldata);
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.beta()).isEqualTo(v.beta());
  }

  @Test
  void acceptsFreshProofsFromTheVrfModuleWithAnyAlphaLength() {
    for (int alphaLength : new int[] {0, 1, 31, 32, 33, 64, 200}) {
      VrfProofCalldata calldata = freshProof(alphaLength);
      VerifierCalls.Verdict verdict = verifier.verify(calldata);
      assertThat(verdict.valid()).as("alpha length %d", alphaLength).isTrue();
      assertThat(verdict.beta()).isEqualTo(ECVRF.proofToHash(calldata.pi()).value());
    }
  }

  @Test
  void coordinatorAlphaHelperMatchesTheContract() throws Exception {
    ECVRFVerifier contract = ECVRFVerifier.load(verifierAddress, chain.web3j, chain.tm(chain.account(0)), Chain.gas());
    byte[] blockHash = World.filled(32, 0x11);
    assertThat(contract.requestAlpha(BigInteger.valueOf(12345), blockHash).send())
        .isEqualTo(VrfProofCalldata.requestAlpha(BigInteger.valueOf(12345), blockHash));
  }

  @Test
  void rejectsAWrongKey() {
    VrfProofCalldata c = withWitness;
    byte[] otherKey = ECVRF.generateKeyPair(random).publicKey().encoded();
    assertRejected(otherKey, c.alpha(), c.pi(), c.helpers());
    // the same x with the other y
    byte[] flipped = c.publicKey();
    flipped[0] ^= 0x01;
    assertRejected(flipped, c.alpha(), c.pi(), c.helpers());
    // malformed encodings: uncompressed prefix, x >= p, wrong lengths
    byte[] badPrefix = c.publicKey();
    badPrefix[0] = 0x04;
    assertRejected(badPrefix, c.alpha(), c.pi(), c.helpers());
    byte[] xTooBig = c.publicKey();
    System.arraycopy(Numeric.toBytesPadded(P.add(BigInteger.ONE), 32), 0, xTooBig, 1, 32);
    assertRejected(xTooBig, c.alpha(), c.pi(), c.helpers());
    assertRejected(Arrays.copyOf(c.publicKey(), 32), c.alpha(), c.pi(), c.helpers());
    assertRejected(Arrays.copyOf(c.publicKey(), 34), c.alpha(), c.pi(), c.helpers());
  }

  @Test
  void rejectsAWrongAlpha() {
    VrfProofCalldata c = withWitness;
    byte[] alpha = c.alpha();
    alpha[5] ^= 0x40;
    assertRejected(c.publicKey(), alpha, c.pi(), c.helpers());
    assertRejected(c.publicKey(), Arrays.copyOf(c.alpha(), 33), c.pi(), c.helpers());
    assertRejected(c.publicKey(), new byte[0], c.pi(), c.helpers());
  }

  @Test
  void rejectsMalformedProofs() {
    VrfProofCalldata c = withWitness;
    for (BigInteger s : new BigInteger[] {N, N.add(BigInteger.ONE), BigInteger.TWO.pow(256).subtract(BigInteger.ONE)}) {
      byte[] pi = c.pi();
      System.arraycopy(Numeric.toBytesPadded(s, 32), 0, pi, 49, 32);
      assertRejected(c.publicKey(), c.alpha(), pi, c.helpers()); // s >= n (RFC 9381 decode_proof)
    }
    byte[] gammaPrefix = c.pi();
    gammaPrefix[0] = 0x04;
    assertRejected(c.publicKey(), c.alpha(), gammaPrefix, c.helpers());
    byte[] otherGamma = c.pi();
    otherGamma[0] ^= 0x01;
    assertRejected(c.publicKey(), c.alpha(), otherGamma, c.helpers());
    byte[] challenge = c.pi();
    challenge[40] ^= 0x01;
    assertRejected(c.publicKey(), c.alpha(), challenge, c.helpers());
    assertRejected(c.publicKey(), c.alpha(), Arrays.copyOf(c.pi(), 80), c.helpers());
    assertRejected(c.publicKey(), c.alpha(), Arrays.copyOf(c.pi(), 82), c.helpers());
  }

  @Test
  void rejectsMalformedHelpers() {
    VrfProofCalldata c = withWitness;
    byte[] helpers = c.helpers();
    int words = helpers.length / 32;
    // a missing, an extra and a wrong non-residue witness
    assertRejected(c, Arrays.copyOf(helpers, helpers.length - 32));
    byte[] extra = Arrays.copyOf(helpers, helpers.length + 32);
    System.arraycopy(Numeric.toBytesPadded(BigInteger.valueOf(7), 32), 0, extra, helpers.length, 32);
    assertRejected(c, extra);
    assertRejected(c, withWord(helpers, 7, word(helpers, 7).add(BigInteger.ONE)));
    // U, s*H, c*Gamma replaced by other points or other coordinates
    assertRejected(c, withWord(helpers, 1, P.subtract(word(helpers, 1)))); // -U
    assertRejected(c, withWord(helpers, 0, word(helpers, 0).add(BigInteger.ONE)));
    assertRejected(c, withWord(helpers, 3, P.subtract(word(helpers, 3)))); // -s*H
    assertRejected(c, withWord(helpers, 4, word(helpers, 4).add(BigInteger.ONE)));
    assertRejected(c, withWord(helpers, 5, P)); // a coordinate not below p
    byte[] swapped = helpers.clone();
    System.arraycopy(helpers, 64, swapped, 128, 64);
    System.arraycopy(helpers, 128, swapped, 64, 64);
    assertRejected(c, swapped);
    // the inverse for V
    assertRejected(c, withWord(helpers, 6, word(helpers, 6).add(BigInteger.ONE)));
    assertRejected(c, withWord(helpers, 6, BigInteger.ZERO));
    // truncated layouts
    assertRejected(c, Arrays.copyOf(helpers, 223));
    assertRejected(c, Arrays.copyOf(helpers, helpers.length + 1));
    assertRejected(c, new byte[0]);
    assertThat(words).isGreaterThan(VrfProofCalldata.FIXED_HELPER_WORDS);
  }

  @Test
  void rejectsAProofForAnotherKeyEvenWithItsOwnHelpers() {
    VrfKeyPair other = ECVRF.generateKeyPair(random);
    byte[] alpha = withWitness.alpha();
    byte[] pi = ECVRF.prove(other.secretKey(), alpha);
    // genuine helpers for (other key, alpha, pi), presented with the original key
    VrfProofCalldata forOther = VrfProofCalldata.from(other.publicKey().encoded(), alpha, pi).calldata();
    assertRejected(withWitness.publicKey(), alpha, pi, forOther.helpers());
    // and the original key's helpers can't rescue it either: recompute for (original key, alpha, pi)
    var recomputed = VrfProofCalldata.from(withWitness.publicKey(), alpha, pi);
    assertThat(recomputed.isBuilt()).isTrue();
    assertThat(verifier.verify(recomputed.calldata()).valid()).isFalse();
    assertThat(ECVRF.verify(withWitness.publicKey(), alpha, pi)).isInstanceOf(VrfVerification.Invalid.class);
  }

  private void assertRejected(VrfProofCalldata c, byte[] helpers) {
    assertRejected(c.publicKey(), c.alpha(), c.pi(), helpers);
  }

  private void assertRejected(byte[] pk, byte[] alpha, byte[] pi, byte[] helpers) {
    VerifierCalls.Verdict verdict = verifier.verify(pk, alpha, pi, helpers);
    assertThat(verdict.valid()).isFalse();
    assertThat(verdict.beta()).isEqualTo(new byte[32]);
  }

  private VrfProofCalldata freshProof(int alphaLength) {
    VrfKeyPair keys = ECVRF.generateKeyPair(random);
    byte[] alpha = new byte[alphaLength];
    random.nextBytes(alpha);
    byte[] pi = ECVRF.prove(keys.secretKey(), alpha);
    return VrfProofCalldata.from(keys.publicKey().encoded(), alpha, pi).calldata();
  }

  static BigInteger word(byte[] helpers, int i) {
    return new BigInteger(1, Arrays.copyOfRange(helpers, 32 * i, 32 * i + 32));
  }

  static byte[] withWord(byte[] helpers, int i, BigInteger value) {
    byte[] out = helpers.clone();
    System.arraycopy(Numeric.toBytesPadded(value.mod(BigInteger.TWO.pow(256)), 32), 0, out, 32 * i, 32);
    return out;
  }

}
