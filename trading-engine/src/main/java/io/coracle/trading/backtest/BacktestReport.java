package io.coracle.trading.backtest;

import io.coracle.trading.CloseCode;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.RejectReason;
import io.coracle.trading.engine.PaperFill;
import io.coracle.trading.market.AmmMath;
import io.coracle.trading.strategy.OrderProgress;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * A backtest's outcome: how the intent ended (or that the recording ended first), every paper fill,
 * totals, the average price with and without gas, and how many blocks the engine held.
 *
 * @param outcome REJECTED, FINISHED (with {@code closeCode}) or OPEN (the recording ended first)
 */
public record BacktestReport(
    String outcome,
    RejectReason rejectReason,
    List<String> problems,
    CloseCode closeCode,
    String closeReason,
    List<PaperFill> fills,
    BigInteger totalIn,
    BigInteger totalOut,
    BigInteger totalGasOut,
    BigDecimal averagePrice,
    BigDecimal averagePriceNetOfGas,
    BigInteger escrowReturned,
    int blocksHeld,
    long lastBlock) {

  public BacktestReport {
    problems = List.copyOf(problems);
    fills = List.copyOf(fills);
  }

  static BacktestReport rejected(RejectReason reason, List<String> problems) {
    return new BacktestReport("REJECTED", reason, problems, null, null, List.of(), BigInteger.ZERO, BigInteger.ZERO,
        BigInteger.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigInteger.ZERO, 0, -1);
  }

  static BacktestReport finished(List<PaperFill> fills, OrderProgress p, PublicBounds b, CloseCode code, String why, int holds) {
    return of("FINISHED", code, why, fills, p, b, holds, -1);
  }

  static BacktestReport open(List<PaperFill> fills, OrderProgress p, PublicBounds b, int holds, long lastBlock) {
    return of("OPEN", null, null, fills, p, b, holds, lastBlock);
  }

  private static BacktestReport of(String outcome, CloseCode code, String why, List<PaperFill> fills, OrderProgress p, PublicBounds b,
      int holds, long lastBlock) {
    BigInteger gas = fills.stream().map(PaperFill::gasCostOut).reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger returned = "FINISHED".equals(outcome) ? b.maxAmountTotal().subtract(p.spent()).max(BigInteger.ZERO) : BigInteger.ZERO;
    return new BacktestReport(outcome, null, List.of(), code, why, fills, p.spent(), p.received(), gas,
        AmmMath.price(p.received(), p.spent()), AmmMath.price(p.received().subtract(gas).max(BigInteger.ZERO), p.spent()),
        returned, holds, lastBlock);
  }
}
