package io.coracle.contracts.it;

import io.coracle.contracts.VrfProofCalldata;
import java.util.Arrays;
import org.web3j.utils.Numeric;

/** eth_calls of ECVRFVerifier.verify with exactly the bytes a test chooses. */
final class VerifierCalls {
  record Verdict(boolean valid, byte[] beta) {}

  private final Chain chain;
  private final String verifier;

  VerifierCalls(Chain chain, String verifier) {
    this.chain = chain;
    this.verifier = verifier;
  }

  Verdict verify(VrfProofCalldata calldata) {
    return decode(chain.call(chain.account(0).getAddress(), verifier, calldata.verifierCallDataHex()));
  }

  /** verify(alpha, pk || pi || helpers), whatever the parts' lengths. */
  Verdict verify(byte[] pk, byte[] alpha, byte[] pi, byte[] helpers) {
    byte[] proof = new byte[pk.length + pi.length + helpers.length];
    System.arraycopy(pk, 0, proof, 0, pk.length);
    System.arraycopy(pi, 0, proof, pk.length, pi.length);
    System.arraycopy(helpers, 0, proof, pk.length + pi.length, helpers.length);
    String data = Numeric.toHexString(VrfProofCalldata.verifierCallData(alpha, proof));
    return decode(chain.call(chain.account(0).getAddress(), verifier, data));
  }

  long estimateGas(VrfProofCalldata calldata) {
    return chain.estimateGas(chain.account(0).getAddress(), verifier, calldata.verifierCallDataHex());
  }

  private static Verdict decode(String hex) {
    byte[] out = Numeric.hexStringToByteArray(hex);
    if (out.length != 64) throw new IllegalStateException("verify returned " + out.length + " bytes");
    return new Verdict(out[31] == 1, Arrays.copyOfRange(out, 32, 64));
  }
}
