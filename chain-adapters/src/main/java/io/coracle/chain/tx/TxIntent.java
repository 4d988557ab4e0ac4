package io.coracle.chain.tx;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Something to do on chain, before it has a nonce: a call with its data. The intent id is the
 * caller's idempotency key (e.g. {@code vrf:1337:42}): one intent, at most one mined effect.
 *
 * @param gasLimit the gas limit to use, or null to estimate (an estimate that reverts rejects the
 *     intent before anything is signed)
 */
public record TxIntent(String intentId, String to, String data, BigInteger value, BigInteger gasLimit) {
  public TxIntent {
    Objects.requireNonNull(intentId, "intentId");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(data, "data");
    value = value == null ? BigInteger.ZERO : value;
  }
}
