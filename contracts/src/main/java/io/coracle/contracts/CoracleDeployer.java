package io.coracle.contracts;

import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.BlockhashStore;
import io.coracle.contracts.generated.ECVRFVerifier;
import io.coracle.contracts.generated.Lottery;
import io.coracle.contracts.generated.TraitMinter;
import io.coracle.contracts.generated.VRFCoordinator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys and wires the whole contract set: ECVRFVerifier, BlockhashStore, AttestationRegistry,
 * VRFCoordinator (bound to the registry and the blockhash store, bounds configured), and the two
 * examples, TraitMinter and Lottery, as consumers of one example subscription owned by the
 * deployer. The deployer owns every contract (two-step transferable).
 *
 * <p>Left to the operator afterwards: the registry's governance (allowed measurements, minimum
 * TCB, verifier set), registering proving keys on the coordinator, funding the example subscription
 * and pointing the examples at a key (setVrfSettings) when none was given here.
 */
public final class CoracleDeployer {
  /** Gas limit of a deployment the node could not estimate (the coordinator needs about 3.6M). */
  public static final BigInteger DEPLOY_GAS_LIMIT = BigInteger.valueOf(6_000_000);
  /** Gas limit of a call the node could not estimate. */
  public static final BigInteger CALL_GAS_LIMIT = BigInteger.valueOf(500_000);

  private CoracleDeployer() {}

  /** A transaction manager that signs locally for {@code chainId} and polls receipts every 250 ms. */
  public static TransactionManager transactionManager(Web3j web3j, Credentials credentials, long chainId) {
    return new RawTransactionManager(web3j, credentials, chainId, new PollingTransactionReceiptProcessor(web3j, 250, 480));
  }

  /**
   * Legacy-priced transactions at a fixed gas price; each gas limit is the node's estimate plus 25% and 25,000
   * (falling back to a fixed limit when the node cannot estimate, so a failing call is still sent
   * and reported by its receipt).
   */
  public static ContractGasProvider gasProvider(Web3j web3j, BigInteger gasPriceWei) {
    return new ContractGasProvider() {
      @Override
      public BigInteger getGasPrice() {
        return gasPriceWei;
      }

      @Override
      public BigInteger getGasLimit(Transaction transaction) {
        BigInteger fallback = transaction.getTo() == null ? DEPLOY_GAS_LIMIT : CALL_GAS_LIMIT;
        try {
          EthEstimateGas estimate = web3j.ethEstimateGas(transaction).send();
          if (estimate.hasError() || estimate.getResult() == null) return fallback;
          // Web3j estimates payable calls without their value; a first deposit then needs a
          // zero-to-nonzero storage write the estimate never saw, hence the fixed 25k on top.
          return estimate.getAmountUsed().multiply(BigInteger.valueOf(5)).divide(BigInteger.valueOf(4)).add(BigInteger.valueOf(25_000));
        } catch (IOException | RuntimeException e) {
          return fallback;
        }
      }

      @Override
      public BigInteger getGasLimit() {
        return DEPLOY_GAS_LIMIT;
      }
    };
  }

  /**
   * Deploys everything with {@code deployer}'s key on the chain behind {@code web3j}.
   *
   * @throws DeploymentException when a transaction fails or the node cannot be reached; its message
   *     names the step and never includes key material
   */
  public static ContractSet deploy(Web3j web3j, Credentials deployer, DeploymentOptions options) {
    return deploy(web3j, deployer, options, null);
  }

  /**
   * As {@link #deploy(Web3j, Credentials, DeploymentOptions)}, sending through {@code tm} (which
   * must sign with {@code deployer}'s key); {@code null} for {@link #transactionManager}.
   */
  public static ContractSet deploy(Web3j web3j, Credentials deployer, DeploymentOptions options, TransactionManager tm) {
    long chainId;
    BigInteger gasPrice;
    try {
      chainId = web3j.ethChainId().send().getChainId().longValueExact();
      gasPrice = options.gasPriceWei() != null ? options.gasPriceWei() : web3j.ethGasPrice().send().getGasPrice();
    } catch (IOException | RuntimeException e) {
      throw new DeploymentException("cannot reach the node: " + e.getMessage(), e);
    }
    TransactionManager txm = tm != null ? tm : transactionManager(web3j, deployer, chainId);
    ContractGasProvider gas = gasProvider(web3j, gasPrice);
    String owner = deployer.getAddress();

    ECVRFVerifier verifier = step("deploy ECVRFVerifier", () -> ECVRFVerifier.deploy(web3j, txm, gas).send());
    BlockhashStore store = step("deploy BlockhashStore", () -> BlockhashStore.deploy(web3j, txm, gas).send());
    AttestationRegistry registry = step("deploy AttestationRegistry", () -> AttestationRegistry.deploy(web3j, txm, gas, owner).send());
    VRFCoordinator coordinator = step("deploy VRFCoordinator",
        () -> VRFCoordinator.deploy(web3j, txm, gas, owner, registry.getContractAddress(), store.getContractAddress()).send());
    step("configure VRFCoordinator", () -> coordinator.setConfig(
        BigInteger.valueOf(options.minimumRequestConfirmations()), BigInteger.valueOf(options.maxCallbackGasLimit()),
        BigInteger.valueOf(options.maxNumWords()), BigInteger.valueOf(options.requestTimeoutBlocks()),
        BigInteger.valueOf(options.unmeteredGas()), BigInteger.valueOf(options.reservationGas()), options.flatFeeWei(),
        options.maxGasPriceWei()).send());

    TransactionReceipt created = step("create the example subscription",
        () -> coordinator.createSubscription(options.exampleSubscriptionFundingWei()).send());
    List<VRFCoordinator.SubscriptionCreatedEventResponse> events = VRFCoordinator.getSubscriptionCreatedEvents(created);
    if (events.isEmpty()) throw new DeploymentException("create the example subscription: no SubscriptionCreated event", null);
    BigInteger subId = events.get(0).subId;

    BigInteger confirmations = BigInteger.valueOf(options.minimumRequestConfirmations());
    BigInteger callbackGas = BigInteger.valueOf(options.exampleCallbackGasLimit());
    TraitMinter traitMinter = step("deploy TraitMinter", () -> TraitMinter.deploy(web3j, txm, gas, coordinator.getContractAddress(),
        owner, new TraitMinter.VrfSettings(options.exampleKeyHash(), subId, confirmations, callbackGas),
        BigInteger.valueOf(options.traitMinterMaxSupply()), options.mintPriceWei()).send());
    Lottery lottery = step("deploy Lottery", () -> Lottery.deploy(web3j, txm, gas, coordinator.getContractAddress(), owner,
        new Lottery.VrfSettings(options.exampleKeyHash(), subId, confirmations, callbackGas), options.ticketPriceWei(),
        BigInteger.valueOf(options.roundDurationSeconds()), BigInteger.valueOf(options.drawTimeoutSeconds())).send());
    step("add TraitMinter as consumer", () -> coordinator.addConsumer(subId, traitMinter.getContractAddress()).send());
    step("add Lottery as consumer", () -> coordinator.addConsumer(subId, lottery.getContractAddress()).send());

    return new ContractSet(chainId, owner, coordinator.getContractAddress(), registry.getContractAddress(),
        store.getContractAddress(), verifier.getContractAddress(), traitMinter.getContractAddress(),
        lottery.getContractAddress(), subId);
  }

  /** A failed deployment step, named. */
  public static final class DeploymentException extends RuntimeException {
    public DeploymentException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private static <T> T step(String name, Step<T> step) {
    try {
      return step.run();
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new DeploymentException(name + " failed: " + reason, e);
    }
  }
}
