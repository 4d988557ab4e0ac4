package io.coracle.contracts;

import io.coracle.contracts.CoracleDeployer.DeploymentException;
import io.coracle.contracts.generated.CoracleV2Factory;
import io.coracle.contracts.generated.CoracleV2Router;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.contracts.generated.TestToken;
import java.io.IOException;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys the trading contracts. On a real network only the vault is new ({@link #deployVault}):
 * it swaps through an existing Uniswap V2 router. On a devnet {@link #deployDevnet} also creates the
 * AMM (factory, router), two test tokens and a pair seeded with the deployer's liquidity.
 */
public final class TradingDeployer {
  private TradingDeployer() {}

  /**
   * A StrategyVault bound to {@code registry} (the AttestationRegistry) and {@code router} (any Uniswap
   * V2 router); returns its address.
   */
  public static String deployVault(Web3j web3j, TransactionManager tm, ContractGasProvider gas, String registry, String router) {
    return step("deploy StrategyVault", () -> StrategyVault.deploy(web3j, tm, gas, registry, router).send()).getContractAddress();
  }

  /** Everything for a devnet, owned by {@code deployer}; {@code tm} signs with the deployer's key ({@code null} for a default one). */
  public static TradingContracts deployDevnet(
      Web3j web3j, Credentials deployer, String registry, TradingDeploymentOptions options, TransactionManager tm) {
    long chainId;
    BigInteger gasPrice;
    long block;
    try {
      chainId = web3j.ethChainId().send().getChainId().longValueExact();
      gasPrice = options.gasPriceWei() != null ? options.gasPriceWei() : web3j.ethGasPrice().send().getGasPrice();
      block = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException | RuntimeException e) {
      throw new DeploymentException("cannot reach the node: " + e.getMessage(), e);
    }
    TransactionManager txm = tm != null ? tm : CoracleDeployer.transactionManager(web3j, deployer, chainId);
    ContractGasProvider gas = CoracleDeployer.gasProvider(web3j, gasPrice);
    String owner = deployer.getAddress();

    TestToken base = step("deploy " + options.baseSymbol(), () -> TestToken.deploy(web3j, txm, gas, options.baseName(),
        options.baseSymbol(), BigInteger.valueOf(options.baseDecimals()), owner).send());
    TestToken quote = step("deploy " + options.quoteSymbol(), () -> TestToken.deploy(web3j, txm, gas, options.quoteName(),
        options.quoteSymbol(), BigInteger.valueOf(options.quoteDecimals()), owner).send());
    CoracleV2Factory factory = step("deploy CoracleV2Factory", () -> CoracleV2Factory.deploy(web3j, txm, gas).send());
    CoracleV2Router router = step("deploy CoracleV2Router",
        () -> CoracleV2Router.deploy(web3j, txm, gas, factory.getContractAddress()).send());
    String vault = deployVault(web3j, txm, gas, registry, router.getContractAddress());

    step("mint " + options.baseSymbol() + " for liquidity", () -> base.mint(owner, options.baseLiquidity()).send());
    step("mint " + options.quoteSymbol() + " for liquidity", () -> quote.mint(owner, options.quoteLiquidity()).send());
    step("approve " + options.baseSymbol(), () -> base.approve(router.getContractAddress(), options.baseLiquidity()).send());
    step("approve " + options.quoteSymbol(), () -> quote.approve(router.getContractAddress(), options.quoteLiquidity()).send());
    BigInteger deadline = BigInteger.valueOf(latestTimestamp(web3j) + 3_600);
    step("seed the pool", () -> router.addLiquidity(base.getContractAddress(), quote.getContractAddress(),
        options.baseLiquidity(), options.quoteLiquidity(), options.baseLiquidity(), options.quoteLiquidity(), owner, deadline).send());
    String pair = step("look up the pair", () -> factory.getPair(base.getContractAddress(), quote.getContractAddress()).send());
    return new TradingContracts(vault, router.getContractAddress(), factory.getContractAddress(), pair,
        base.getContractAddress(), quote.getContractAddress(), block);
  }

  private static long latestTimestamp(Web3j web3j) {
    try {
      return web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send()
          .getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new DeploymentException("cannot read the latest block: " + e.getMessage(), e);
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private static <T> T step(String name, Step<T> step) {
    T result;
    try {
      result = step.run();
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new DeploymentException(name + " failed: " + reason, e);
    }
    if (result instanceof TransactionReceipt r && !r.isStatusOK()) {
      throw new DeploymentException(name + " reverted (tx " + r.getTransactionHash() + ")", null);
    }
    return result;
  }
}
