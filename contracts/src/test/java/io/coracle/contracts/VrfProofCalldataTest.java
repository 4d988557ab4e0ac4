package io.coracle.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.ProofPoints;
import io.coracle.vrf.VrfFailure;
import io.coracle.vrf.VrfKeyPair;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class VrfProofCalldataTest {
  private static final Ecvrf ECVRF = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  private static final BigInteger P = ECVRF.fieldPrime();

  record Vector(byte[] pk, byte[] alpha, byte[] pi) {}

  static List<Vector> vectors() throws Exception {
    try (InputStream in = VrfProofCalldataTest.class.getResourceAsStream("/vrf/vectors.json")) {
      List<Vector> out = new ArrayList<>();
      for (JsonNode v : new ObjectMapper().readTree(in)) {
        if (v.get("suite").asText().contains("SECP256K1")) {
          out.add(new Vector(Hex.decode(v.get("pk").asText()), Hex.decode(v.get("alpha").asText()), Hex.decode(v.get("pi").asText())));
        }
      }
      return out;
    }
  }

  @Test
  void helpersAreTheVerificationPointsAndNonResidueWitnesses() throws Exception {
    List<VrfProofCalldata> built = new ArrayList<>();
    for (Vector v : vectors()) built.add(VrfProofCalldata.from(v.pk(), v.alpha(), v.pi()).calldata());
    SecureRandom random = new SecureRandom();
    while (built.stream().noneMatch(c -> c.nonResidueWitnesses() > 0)) {
      VrfKeyPair keys = ECVRF.generateKeyPair(random);
      byte[] alpha = new byte[8];
      random.nextBytes(alpha);
      built.add(VrfProofCalldata.from(keys.publicKey().encoded(), alpha, ECVRF.prove(keys.secretKey(), alpha)).calldata());
    }
    for (VrfProofCalldata c : built) {
      ProofPoints points = ECVRF.proofPoints(c.publicKey(), c.alpha(), c.pi()).value();
      byte[] h = c.helpers();
      assertThat(h.length % 32).isZero();
      assertThat(word(h, 0)).isEqualTo(points.u().getAffineXCoord().toBigInteger());
      assertThat(word(h, 1)).isEqualTo(points.u().getAffineYCoord().toBigInteger());
      assertThat(word(h, 2)).isEqualTo(points.sH().getAffineXCoord().toBigInteger());
      assertThat(word(h, 4)).isEqualTo(points.cGamma().getAffineXCoord().toBigInteger());
      assertThat(word(h, 6).multiply(word(h, 4).subtract(word(h, 2))).mod(P)).isEqualTo(BigInteger.ONE);
      for (int i = VrfProofCalldata.FIXED_HELPER_WORDS; i < h.length / 32; i++) {
        BigInteger w = word(h, i);
        assertThat(w.multiply(w).mod(P)).as("witness squares to a negated curve rhs").isNotZero();
      }
      // proof() = pk || pi || helpers; the verify call carries (alpha, proof)
      byte[] proof = c.proof();
      assertThat(Arrays.copyOfRange(proof, 0, 33)).isEqualTo(c.publicKey());
      assertThat(Arrays.copyOfRange(proof, 33, 114)).isEqualTo(c.pi());
      assertThat(Arrays.copyOfRange(proof, 114, proof.length)).isEqualTo(h);
      byte[] call = c.verifierCallData();
      assertThat(Arrays.copyOf(call, 4)).isEqualTo(Arrays.copyOf(Hash.sha3("verify(bytes,bytes)".getBytes()), 4));
      @SuppressWarnings({"rawtypes", "unchecked"})
      List<TypeReference<Type>> outputs = (List) List.of(new TypeReference<DynamicBytes>() {}, new TypeReference<DynamicBytes>() {});
      List<Type> args = FunctionReturnDecoder.decode(Numeric.toHexString(Arrays.copyOfRange(call, 4, call.length)), outputs);
      assertThat((byte[]) args.get(0).getValue()).isEqualTo(c.alpha());
      assertThat((byte[]) args.get(1).getValue()).isEqualTo(proof);
    }
  }

  @Test
  void witnessesProveTheRejectedCandidatesAreNonResidues() {
    SecureRandom random = new SecureRandom();
    VrfProofCalldata c;
    do {
      VrfKeyPair keys = ECVRF.generateKeyPair(random);
      byte[] alpha = new byte[16];
      random.nextBytes(alpha);
      c = VrfProofCalldata.from(keys.publicKey().encoded(), alpha, ECVRF.prove(keys.secretKey(), alpha)).calldata();
    } while (c.nonResidueWitnesses() == 0);
    var trace = ECVRF.encodeToCurveTrace(c.publicKey(), c.alpha());
    int i = VrfProofCalldata.FIXED_HELPER_WORDS;
    for (var attempt : trace.attempts()) {
      if (attempt.outcome() == io.coracle.vrf.HashToCurveTrace.Outcome.NON_RESIDUE) {
        BigInteger w = word(c.helpers(), i++);
        BigInteger rhs = attempt.x().pow(3).add(BigInteger.valueOf(7)).mod(P);
        assertThat(w.multiply(w).mod(P)).isEqualTo(P.subtract(rhs));
      }
    }
    assertThat(i).isEqualTo(c.helpers().length / 32);
  }

  @Test
  void undecodableInputIsRejectedWithTheVrfModulesReason() throws Exception {
    Vector v = vectors().get(0);
    var shortPi = VrfProofCalldata.from(v.pk(), v.alpha(), Arrays.copyOf(v.pi(), 80));
    assertThat(shortPi).isEqualTo(new ProofCalldataResult.Rejected(VrfFailure.PROOF_TOO_SHORT.code(), VrfFailure.PROOF_TOO_SHORT.description()));
    byte[] badPrefix = v.pk().clone();
    badPrefix[0] = 0x05;
    assertThat(VrfProofCalldata.from(badPrefix, v.alpha(), v.pi())).isInstanceOf(ProofCalldataResult.Rejected.class);
    byte[] sTooBig = v.pi().clone();
    Arrays.fill(sTooBig, 49, 81, (byte) 0xff);
    assertThat(((ProofCalldataResult.Rejected) VrfProofCalldata.from(v.pk(), v.alpha(), sTooBig)).code())
        .isEqualTo(VrfFailure.S_OUT_OF_RANGE.code());
    // a proof that decodes but is wrong still gets calldata (the chain says no)
    byte[] otherAlpha = "other".getBytes();
    assertThat(VrfProofCalldata.from(v.pk(), otherAlpha, v.pi()).isBuilt()).isTrue();
  }

  @Property(tries = 200)
  void provingWithTheKeyGivesTheSameCalldataAsBuildingFromTheProof(@ForAll @Size(32) byte[] seed, @ForAll @Size(max = 64) byte[] alpha) {
    BigInteger x = new BigInteger(1, seed).mod(ECVRF.order().subtract(BigInteger.ONE)).add(BigInteger.ONE);
    var key = ECVRF.decodeSecretKey(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, x)).value();
    VrfProofCalldata.Proven proven = VrfProofCalldata.prove(key, alpha);
    assertThat(proven.pi()).isEqualTo(ECVRF.prove(key, alpha));
    VrfProofCalldata expected = VrfProofCalldata.from(key.publicKey().encoded(), alpha, proven.pi()).calldata();
    VrfProofCalldata actual = proven.calldata().calldata();
    assertThat(actual.proof()).isEqualTo(expected.proof());
    assertThat(actual.verifierCallData()).isEqualTo(expected.verifierCallData());
  }

  @Property(tries = 200)
  void neverThrowsOnArbitraryBytes(@ForAll @Size(max = 40) byte[] pk, @ForAll @Size(max = 8) byte[] alpha, @ForAll @Size(max = 90) byte[] pi) {
    ProofCalldataResult result = VrfProofCalldata.from(pk, alpha, pi);
    assertThat(result).isNotNull();
  }

  @Property(tries = 50)
  void mutatedProofsGiveCalldataOrANamedRejection(@ForAll @Size(min = 81, max = 81) byte[] mutation) throws Exception {
    Vector v = vectors().get(0);
    byte[] pi = v.pi().clone();
    for (int i = 0; i < pi.length; i++) pi[i] ^= mutation[i] & (i % 7 == 0 ? 0xff : 0);
    ProofCalldataResult result = VrfProofCalldata.from(v.pk(), v.alpha(), pi);
    if (result instanceof ProofCalldataResult.Rejected r) {
      assertThat(r.code()).isNotBlank();
      assertThat(r.description()).isNotBlank();
    } else {
      assertThat(result.calldata().proof()).hasSizeGreaterThanOrEqualTo(114 + 224);
    }
  }

  @Test
  void wordsAndAlphaFollowTheCoordinatorsDefinitions() {
    byte[] beta = new byte[32];
    beta[31] = 1;
    List<BigInteger> words = VrfProofCalldata.randomWords(beta, 3);
    byte[] encoded = new byte[64];
    System.arraycopy(beta, 0, encoded, 0, 32);
    encoded[63] = 2;
    assertThat(words.get(2)).isEqualTo(new BigInteger(1, Hash.sha3(encoded)));
    assertThat(words).doesNotHaveDuplicates();
    byte[] blockHash = new byte[32];
    Arrays.fill(blockHash, (byte) 0x22);
    byte[] packed = new byte[64];
    packed[31] = 7;
    System.arraycopy(blockHash, 0, packed, 32, 32);
    assertThat(VrfProofCalldata.requestAlpha(BigInteger.valueOf(7), blockHash)).isEqualTo(Hash.sha3(packed));
  }

  private static BigInteger word(byte[] b, int i) {
    return new BigInteger(1, Arrays.copyOfRange(b, 32 * i, 32 * i + 32));
  }
}
