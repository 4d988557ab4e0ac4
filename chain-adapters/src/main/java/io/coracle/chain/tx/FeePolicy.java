package io.coracle.chain.tx;

import java.math.BigInteger;

/**
 * How fees are chosen and bumped.
 *
 * @param bumpPercent how much a replacement raises both fee fields; nodes require at least 10%
 * @param maxFeeCap never offer more than this per gas (protects the key's balance from a fee spike)
 * @param minPriorityFee tip floor when the node suggests none
 * @param minBaseFeeHeadroom the least a max fee allows for the base fee, however low it is now: a
 *     base fee that has decayed to a few wei (empty blocks) can pass 1 gwei within a dozen full
 *     blocks, and a transaction left below it waits (on Ganache it even holds up other senders'
 *     transactions). The headroom costs nothing: EIP-1559 charges the base fee actually due.
 */
public record FeePolicy(int bumpPercent, BigInteger maxFeeCap, BigInteger minPriorityFee, BigInteger minBaseFeeHeadroom) {
  public FeePolicy {
    if (bumpPercent < 10) {
      throw new IllegalArgumentException("replacements must raise fees by at least 10% or nodes refuse them");
    }
  }

  public static FeePolicy defaults() {
    return new FeePolicy(20, BigInteger.valueOf(500_000_000_000L), BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(10_000_000_000L));
  }

  /** The fees to use now: EIP-1559 when the chain has a base fee, legacy gas price otherwise. */
  public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    public boolean isEip1559() {
      return maxPriorityFeePerGas != null;
    }
  }

  Fees initial(BigInteger baseFee, BigInteger suggestedTip, BigInteger legacyGasPrice) {
    if (baseFee == null) {
      return new Fees(min(legacyGasPrice, maxFeeCap), null);
    }
    BigInteger tip = suggestedTip == null || suggestedTip.compareTo(minPriorityFee) < 0 ? minPriorityFee : suggestedTip;
    // Twice the base fee survives six full blocks of base-fee increases; the floor covers a base
    // fee that is tiny now.
    BigInteger maxFee = baseFee.shiftLeft(1).max(minBaseFeeHeadroom).add(tip);
    return new Fees(min(maxFee, maxFeeCap), min(tip, maxFeeCap));
  }

  /**
   * Fees for a replacement: each field raised by at least {@code bumpPercent} over the previous
   * attempt, and at least what the network asks now. Null when the cap forbids a valid bump.
   */
  Fees bump(TxAttempt previous, Fees now) {
    BigInteger maxFee = atLeast(raise(previous.maxFeePerGas()), now.maxFeePerGas());
    if (maxFee.compareTo(maxFeeCap) > 0) {
      return null;
    }
    if (!previous.isEip1559()) {
      return new Fees(maxFee, null);
    }
    BigInteger tip = atLeast(raise(previous.maxPriorityFeePerGas()), now.maxPriorityFeePerGas());
    return new Fees(maxFee, tip.min(maxFee));
  }

  private BigInteger raise(BigInteger v) {
    // round up so that small values still strictly increase
    return v.multiply(BigInteger.valueOf(100L + bumpPercent)).add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
  }

  private static BigInteger atLeast(BigInteger a, BigInteger b) {
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  private static BigInteger min(BigInteger a, BigInteger b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
