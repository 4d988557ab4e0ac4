package io.coracle.contracts;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What {@link TradingDeployer#deployDevnet} creates: two test tokens, a pair between them seeded
 * with liquidity by the deployer (so the pool's first price is {@code quoteLiquidity / baseLiquidity}).
 *
 * @param baseLiquidity base-token units (smallest unit) put into the pool
 * @param quoteLiquidity quote-token units put into the pool
 * @param gasPriceWei gas price of the deployment transactions; {@code null} asks the node
 */
public record TradingDeploymentOptions(
    String baseName,
    String baseSymbol,
    int baseDecimals,
    String quoteName,
    String quoteSymbol,
    int quoteDecimals,
    BigInteger baseLiquidity,
    BigInteger quoteLiquidity,
    BigInteger gasPriceWei) {

  public TradingDeploymentOptions {
    Objects.requireNonNull(baseLiquidity, "baseLiquidity");
    Objects.requireNonNull(quoteLiquidity, "quoteLiquidity");
    if (baseDecimals < 0 || baseDecimals > 36 || quoteDecimals < 0 || quoteDecimals > 36) {
      throw new IllegalArgumentException("decimals must be in 0..36");
    }
    if (baseLiquidity.signum() <= 0 || quoteLiquidity.signum() <= 0) {
      throw new IllegalArgumentException("initial liquidity must be positive");
    }
  }

  /** tWETH (18 decimals) and tUSD (18 decimals), 1,000 tWETH against 2,500,000 tUSD: 2,500 tUSD per tWETH. */
  public static TradingDeploymentOptions devnet() {
    BigInteger unit = BigInteger.TEN.pow(18);
    return new TradingDeploymentOptions("Coracle Test Wrapped Ether", "tWETH", 18, "Coracle Test USD", "tUSD", 18,
        unit.multiply(BigInteger.valueOf(1_000)), unit.multiply(BigInteger.valueOf(2_500_000)), null);
  }

  public TradingDeploymentOptions withGasPrice(BigInteger price) {
    return new TradingDeploymentOptions(baseName, baseSymbol, baseDecimals, quoteName, quoteSymbol, quoteDecimals,
        baseLiquidity, quoteLiquidity, price);
  }

  public TradingDeploymentOptions withLiquidity(BigInteger base, BigInteger quote) {
    return new TradingDeploymentOptions(baseName, baseSymbol, baseDecimals, quoteName, quoteSymbol, quoteDecimals,
        base, quote, gasPriceWei);
  }
}
