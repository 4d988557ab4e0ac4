package io.coracle.chain.tx;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Something to do on chain, before it has a nonce: a call with its data. The intent id is the
 * caller's idempotency key (e.g. {@code vrf:1337:42}): one intent, at most one mined effect.
 *
 * @param gasLimit the gas limit to use, or null to estimate (an estimate that reverts rejects the
 *     intent before anything is signed)
 * @param checkFirst run the call ({@code eth_call}) just before signing and reject the intent if it
 *     would revert: for work another party may have done meanwhile (a backup guest's answer).
 *     Cheaper than an estimate, and safe where estimates are not: Ganache 7.9.2's eth_estimateGas
 *     never returns for a fulfilment whose callback gets an exact gas amount.
 */
public record TxIntent(String intentId, String to, String data, BigInteger value, BigInteger gasLimit, boolean checkFirst) {
  public TxIntent {
    Objects.requireNonNull(intentId, "intentId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(data, "data");
    value = value == null ? BigInteger.ZERO : value;
  }

  public TxIntent(String intentId, String to, String data, BigInteger value, BigInteger gasLimit) {
    this(intentId, to, data, value, gasLimit, false);
  }

  /** The same intent, checked with a call just before it is signed. */
  public TxIntent checkedFirst() {
    return new TxIntent(intentId, to, data, value, gasLimit, true);
  }
}
