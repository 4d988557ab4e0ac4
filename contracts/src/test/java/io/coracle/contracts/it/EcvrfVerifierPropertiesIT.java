package io.coracle.contracts.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.ProofCalldataResult;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.ECVRFVerifier;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeOptions;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfSecretKey;
import io.coracle.vrf.VrfVerification;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.web3j.utils.Numeric;

/**
 * Property tests: random keys and alphas proven by io.coracle.vrf verify on-chain with the same
 * beta; a random single-byte mutation of pk, alpha, pi or helpers is judged on-chain exactly as
 * io.coracle.vrf judges it (and a mutated helper is always rejected). Tries are modest: each is an
 * eth_call. jqwik has its own engine, so this class starts its own node.
 */
class EcvrfVerifierPropertiesIT {
  private static final Ecvrf ECVRF = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  private static EvmNode node;
  private static VerifierCalls verifier;

  enum Part { PUBLIC_KEY, ALPHA, PI, HELPERS }

  @BeforeContainer
  static void start() throws Exception {
    node = EvmNode.startFromSystemProperty(EvmNodeOptions.defaults());
    Chain chain = new Chain(node);
    ECVRFVerifier contract = ECVRFVerifier.deploy(chain.web3j, chain.tm(chain.account(0)), Chain.gas()).send();
    verifier = new VerifierCalls(chain, contract.getContractAddress());
  }

  @AfterContainer
  static void stop() {
    if (node != null) node.close();
  }

  @Provide
  Arbitrary<VrfSecretKey> secretKeys() {
    return Arbitraries.bigIntegers().between(BigInteger.ONE, ECVRF.order().subtract(BigInteger.ONE))
        .map(k -> ECVRF.decodeSecretKey(Numeric.toBytesPadded(k, 32)).value());
  }

  @Property(tries = 15)
  void randomProofsVerifyOnChainWithTheSameBeta(@ForAll("secretKeys") VrfSecretKey key, @ForAll @Size(max = 96) byte[] alpha) {
    byte[] pi = ECVRF.prove(key, alpha);
    VrfProofCalldata calldata = VrfProofCalldata.from(key.publicKey().encoded(), alpha, pi).calldata();
    VerifierCalls.Verdict verdict = verifier.verify(calldata);
    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.beta()).isEqualTo(ECVRF.proofToHash(pi).value());
  }

  @Property(tries = 40)
  void mutationsAreJudgedOnChainAsOffChain(
      @ForAll("secretKeys") VrfSecretKey key,
      @ForAll @Size(min = 1, max = 40) byte[] alpha,
      @ForAll Part part,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    byte[] pi = ECVRF.prove(key, alpha);
    VrfProofCalldata original = VrfProofCalldata.from(key.publicKey().encoded(), alpha, pi).calldata();
    byte[] pk = original.publicKey();
    byte[] a = original.alpha();
    byte[] p = original.pi();
    byte[] helpers = original.helpers();
    switch (part) {
      case PUBLIC_KEY -> pk[position % pk.length] ^= (byte) mask;
      case ALPHA -> a[position % a.length] ^= (byte) mask;
      case PI -> p[position % p.length] ^= (byte) mask;
      case HELPERS -> helpers[position % helpers.length] ^= (byte) mask;
    }
    boolean onChain;
    boolean offChain;
    if (part == Part.HELPERS) {
      onChain = verifier.verify(pk, a, p, helpers).valid();
      offChain = false; // the proof is fine, but a prover lied about a helper: always rejected
    } else {
      // give the mutated input its best possible helpers, then compare verdicts
      ProofCalldataResult rebuilt = VrfProofCalldata.from(pk, a, p);
      onChain = rebuilt instanceof ProofCalldataResult.Built built
          ? verifier.verify(built.calldata()).valid()
          : verifier.verify(pk, a, p, helpers).valid();
      offChain = ECVRF.verify(pk, a, p) instanceof VrfVerification.Valid;
    }
    assertThat(onChain).as("%s mutated at %d with %02x", part, position, mask).isEqualTo(offChain);
    assertThat(onChain).isFalse();
  }
}
