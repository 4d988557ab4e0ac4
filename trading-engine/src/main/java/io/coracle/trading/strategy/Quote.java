package io.coracle.trading.strategy;

import io.coracle.trading.market.AmmMath;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What selling {@code amountIn} would give now: the pool's output after its fee and price impact,
 * the gas of the execution priced in the output token, and what is left net of gas.
 */
public record Quote(BigInteger amountIn, BigInteger grossOut, BigInteger gasCostOut, BigInteger netOut) {
  /** Net output per unit of input: the price every strategy compares its limits against. */
  public BigDecimal netPrice() {
    return AmmMath.price(netOut, amountIn);
  }
}
