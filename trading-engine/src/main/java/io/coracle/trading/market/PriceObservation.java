package io.coracle.trading.market;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code Sync(reserve0, reserve1)} of a pair: its reserves after a block's transaction.
 *
 * @param ownExecution true when the transaction was one of this guest's own executions: the
 *     manipulation guard does not count the price impact of our own trades
 */
public record PriceObservation(String pair, long blockNumber, long logIndex, BigInteger reserve0, BigInteger reserve1, boolean ownExecution) {
  public static final Comparator<PriceObservation> CHAIN_ORDER =
      Comparator.comparingLong(PriceObservation::blockNumber).thenComparingLong(PriceObservation::logIndex);

  public PriceObservation {
    pair = Objects.requireNonNull(pair, "pair").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(reserve0, "reserve0");
    Objects.requireNonNull(reserve1, "reserve1");
    if (reserve0.signum() < 0 || reserve1.signum() < 0) throw new IllegalArgumentException("reserves are not negative");
  }

  /** token1 per token0, as a double: enough for measuring relative moves. */
  double price1Per0() {
    if (reserve0.signum() == 0) return Double.NaN;
    return new java.math.BigDecimal(reserve1).divide(new java.math.BigDecimal(reserve0), AmmMath.PRICE).doubleValue();
  }
}
