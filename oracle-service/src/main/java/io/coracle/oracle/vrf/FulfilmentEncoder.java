package io.coracle.oracle.vrf;

import io.coracle.oracle.ledger.VrfRequest;

/** Builds the coordinator call that delivers a proven request: the calldata of fulfillRandomWords. */
public interface FulfilmentEncoder {
  /** The coordinator's address. */
  String coordinator();

  /** 0x-hex calldata for {@code fulfillRandomWords(proof, commitment)}. */
  String fulfilCalldata(VrfRequest request, RandomnessProver.Proof proof);

  /**
   * The outbox intent that fulfils the request. Its gas limit is explicit (the callback's limit
   * plus the coordinator's own work), so it can be signed behind blockhash-store transactions that
   * an estimate could not yet see.
   */
  default io.coracle.chain.tx.TxIntent fulfilIntent(VrfRequest request, RandomnessProver.Proof proof) {
    java.math.BigInteger gas =
        java.math.BigInteger.valueOf(request.callbackGasLimit + 250_000L + 200L * request.numWords);
    return new io.coracle.chain.tx.TxIntent(
        request.intentId, coordinator(), fulfilCalldata(request, proof), java.math.BigInteger.ZERO, gas);
  }
}
