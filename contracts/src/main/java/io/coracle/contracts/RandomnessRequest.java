package io.coracle.contracts;

import io.coracle.contracts.generated.VRFCoordinator;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A request as the coordinator announced it in {@code RandomWordsRequested}: everything an oracle
 * needs to answer it. The coordinator's commitment is {@link #toCommitment()}; the VRF input is
 * {@link #alpha(byte[])} of the request block's hash.
 */
public record RandomnessRequest(
    byte[] keyHash,
    BigInteger requestId,
    BigInteger preSeed,
    BigInteger subId,
    int minimumRequestConfirmations,
    long callbackGasLimit,
    int numWords,
    BigInteger reserve,
    String sender,
    long blockNum) {

  public RandomnessRequest {
    keyHash = Objects.requireNonNull(keyHash, "keyHash").clone();
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(preSeed, "preSeed");
    Objects.requireNonNull(subId, "subId");
    Objects.requireNonNull(reserve, "reserve");
    Objects.requireNonNull(sender, "sender");
  }

  public static RandomnessRequest from(VRFCoordinator.RandomWordsRequestedEventResponse e) {
    return new RandomnessRequest(e.keyHash, e.requestId, e.preSeed, e.subId, e.minimumRequestConfirmations.intValueExact(),
        e.callbackGasLimit.longValueExact(), e.numWords.intValueExact(), e.reserve, e.sender, e.blockNum.longValueExact());
  }

  /** The `rc` argument of fulfillRandomWords and releaseRequest. */
  public VRFCoordinator.RequestCommitment toCommitment() {
    return new VRFCoordinator.RequestCommitment(preSeed, BigInteger.valueOf(blockNum), subId,
        BigInteger.valueOf(callbackGasLimit), BigInteger.valueOf(numWords), sender, reserve);
  }

  /** VRF alpha: keccak256(abi.encode(preSeed, blockHash of blockNum)). */
  public byte[] alpha(byte[] requestBlockHash) {
    return VrfProofCalldata.requestAlpha(preSeed, requestBlockHash);
  }

  @Override
  public byte[] keyHash() {
    return keyHash.clone();
  }
}
