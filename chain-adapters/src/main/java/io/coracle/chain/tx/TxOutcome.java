package io.coracle.chain.tx;

import java.math.BigInteger;

/** How an intent ended. */
public sealed interface TxOutcome {

  /** Mined and succeeded. */
  record Succeeded(String txHash, long blockNumber, String blockHash, BigInteger gasUsed, BigInteger effectiveGasPrice)
      implements TxOutcome {}

  /** Mined and reverted; the nonce is used, the effect did not happen. */
  record Reverted(String txHash, long blockNumber, BigInteger gasUsed, String reason) implements TxOutcome {}

  /** Never signed: the call would revert (estimate failed) or the intent is invalid. */
  record Rejected(String reason) implements TxOutcome {}

  /** Its nonce was filled by a no-op transfer because the caller withdrew the intent. */
  record Cancelled(String txHash, String reason) implements TxOutcome {}
}
