package io.coracle.contracts;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What {@link CoracleDeployer} configures. {@link #defaults()} suits a devnet and is a sane start
 * for a real network (no fee, no example funding).
 *
 * @param minimumRequestConfirmations coordinator bound, 0..200
 * @param maxCallbackGasLimit coordinator bound
 * @param maxNumWords coordinator bound, 1..500
 * @param requestTimeoutBlocks after this many blocks anyone may release an unfulfilled request
 * @param unmeteredGas gas billed on top of the metered part of a fulfilment (intrinsic, calldata, bookkeeping)
 * @param reservationGas gas of a fulfilment besides its callback, for sizing each request's reserve
 * @param flatFeeWei premium per fulfilment
 * @param maxGasPriceWei gas price a request's reserve is sized for (the most a fulfilment is charged per gas)
 * @param exampleKeyHash proving key the examples request with (zero: set later with setVrfSettings)
 * @param exampleSubscriptionFundingWei funds sent to the examples' subscription at creation
 * @param exampleCallbackGasLimit callback gas the examples ask for
 * @param traitMinterMaxSupply TraitMinter's supply cap
 * @param mintPriceWei TraitMinter's mint price
 * @param ticketPriceWei Lottery's ticket price
 * @param roundDurationSeconds Lottery's round length
 * @param drawTimeoutSeconds Lottery's wait before an unfulfilled draw may be abandoned
 * @param gasPriceWei gas price of the deployment transactions; {@code null} asks the node (eth_gasPrice)
 */
public record DeploymentOptions(
    int minimumRequestConfirmations,
    long maxCallbackGasLimit,
    int maxNumWords,
    long requestTimeoutBlocks,
    long unmeteredGas,
    long reservationGas,
    BigInteger flatFeeWei,
    BigInteger maxGasPriceWei,
    byte[] exampleKeyHash,
    BigInteger exampleSubscriptionFundingWei,
    long exampleCallbackGasLimit,
    long traitMinterMaxSupply,
    BigInteger mintPriceWei,
    BigInteger ticketPriceWei,
    long roundDurationSeconds,
    long drawTimeoutSeconds,
    BigInteger gasPriceWei) {

  public DeploymentOptions {
    Objects.requireNonNull(flatFeeWei, "flatFeeWei");
    Objects.requireNonNull(maxGasPriceWei, "maxGasPriceWei");
    exampleKeyHash = Objects.requireNonNull(exampleKeyHash, "exampleKeyHash").clone();
    if (exampleKeyHash.length != 32) throw new IllegalArgumentException("exampleKeyHash must be 32 bytes");
    Objects.requireNonNull(exampleSubscriptionFundingWei, "exampleSubscriptionFundingWei");
    Objects.requireNonNull(mintPriceWei, "mintPriceWei");
    Objects.requireNonNull(ticketPriceWei, "ticketPriceWei");
    if (minimumRequestConfirmations < 0 || minimumRequestConfirmations > 200) {
      throw new IllegalArgumentException("minimumRequestConfirmations must be in 0..200");
    }
    if (maxNumWords < 1 || maxNumWords > 500) throw new IllegalArgumentException("maxNumWords must be in 1..500");
  }

  public static DeploymentOptions defaults() {
    return new DeploymentOptions(3, 2_500_000, 500, 7_200, 37_000, 150_000, BigInteger.ZERO,
        BigInteger.valueOf(200_000_000_000L), new byte[32], BigInteger.ZERO, 200_000, 10_000, BigInteger.ZERO,
        BigInteger.TEN.pow(16), 3_600, 86_400, null);
  }

  public DeploymentOptions withMinimumRequestConfirmations(int confirmations) {
    return new DeploymentOptions(confirmations, maxCallbackGasLimit, maxNumWords, requestTimeoutBlocks, unmeteredGas,
        reservationGas, flatFeeWei, maxGasPriceWei, exampleKeyHash, exampleSubscriptionFundingWei, exampleCallbackGasLimit,
        traitMinterMaxSupply, mintPriceWei, ticketPriceWei, roundDurationSeconds, drawTimeoutSeconds, gasPriceWei);
  }

  public DeploymentOptions withFees(BigInteger flatFee, BigInteger maxGasPrice) {
    return new DeploymentOptions(minimumRequestConfirmations, maxCallbackGasLimit, maxNumWords, requestTimeoutBlocks,
        unmeteredGas, reservationGas, flatFee, maxGasPrice, exampleKeyHash, exampleSubscriptionFundingWei,
        exampleCallbackGasLimit, traitMinterMaxSupply, mintPriceWei, ticketPriceWei, roundDurationSeconds, drawTimeoutSeconds,
        gasPriceWei);
  }

  public DeploymentOptions withRequestTimeoutBlocks(long blocks) {
    return new DeploymentOptions(minimumRequestConfirmations, maxCallbackGasLimit, maxNumWords, blocks, unmeteredGas,
        reservationGas, flatFeeWei, maxGasPriceWei, exampleKeyHash, exampleSubscriptionFundingWei, exampleCallbackGasLimit,
        traitMinterMaxSupply, mintPriceWei, ticketPriceWei, roundDurationSeconds, drawTimeoutSeconds, gasPriceWei);
  }

  public DeploymentOptions withExamples(byte[] keyHash, BigInteger funding) {
    return new DeploymentOptions(minimumRequestConfirmations, maxCallbackGasLimit, maxNumWords, requestTimeoutBlocks,
        unmeteredGas, reservationGas, flatFeeWei, maxGasPriceWei, keyHash, funding, exampleCallbackGasLimit,
        traitMinterMaxSupply, mintPriceWei, ticketPriceWei, roundDurationSeconds, drawTimeoutSeconds, gasPriceWei);
  }

  public DeploymentOptions withLottery(BigInteger ticketPrice, long roundDuration, long drawTimeout) {
    return new DeploymentOptions(minimumRequestConfirmations, maxCallbackGasLimit, maxNumWords, requestTimeoutBlocks,
        unmeteredGas, reservationGas, flatFeeWei, maxGasPriceWei, exampleKeyHash, exampleSubscriptionFundingWei,
        exampleCallbackGasLimit, traitMinterMaxSupply, mintPriceWei, ticketPrice, roundDuration, drawTimeout, gasPriceWei);
  }

  public DeploymentOptions withGasPrice(BigInteger price) {
    return new DeploymentOptions(minimumRequestConfirmations, maxCallbackGasLimit, maxNumWords, requestTimeoutBlocks,
        unmeteredGas, reservationGas, flatFeeWei, maxGasPriceWei, exampleKeyHash, exampleSubscriptionFundingWei,
        exampleCallbackGasLimit, traitMinterMaxSupply, mintPriceWei, ticketPriceWei, roundDurationSeconds, drawTimeoutSeconds,
        price);
  }

  @Override
  public byte[] exampleKeyHash() {
    return exampleKeyHash.clone();
  }
}
