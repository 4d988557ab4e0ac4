package io.coracle.chain.tx;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One signed transaction for an intent's nonce. Replacements are further attempts with the same
 * nonce and higher fees; any one of them may be the one that is mined.
 *
 * @param maxPriorityFeePerGas null for a legacy transaction (then maxFeePerGas is the gas price)
 */
public record TxAttempt(
    String hash,
    String rawTransaction,
    BigInteger gasLimit,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    Instant signedAt) {

  public boolean isEip1559() {
    return maxPriorityFeePerGas != null;
  }

  @Override
  public String toString() {
    // the raw transaction is public data, but long: keep log lines readable
    return "TxAttempt[" + hash + ", maxFee=" + maxFeePerGas + ", tip=" + maxPriorityFeePerGas + "]";
  }
}
