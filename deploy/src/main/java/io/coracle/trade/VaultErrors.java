package io.coracle.trade;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.utils.Numeric;

/** Names the StrategyVault's (and the router's) custom errors, so a refused call reads as words before it is sent. */
public final class VaultErrors {
  private static final List<String> SIGNATURES = List.of(
      "ZeroAddress()", "SameToken()", "PairNotListed(address,address)", "InvalidAmount()", "PerExecutionAboveTotal(uint256,uint256)",
      "ExpiryNotInFuture(uint64,uint256)", "SlippageBoundTooHigh(uint16,uint16)", "EncryptedStrategyLength(uint256)",
      "GuestNotActive(bytes32)", "IntentExists(bytes32)", "InsufficientBalance(address,uint256,uint256)", "UnknownIntent(bytes32)",
      "NotTrader(address)", "IntentNotOpen(bytes32,uint8)", "NotIntentGuest(address)", "IntentHasExpired(bytes32,uint64)",
      "IntentNotExpired(bytes32,uint64)", "DeadlinePassed(uint256,uint256)", "DeadlineTooFar(uint256,uint256)",
      "SliceOutOfOrder(uint32,uint32)", "ZeroAmount()", "AmountAboveMaxPerExecution(uint256,uint256)",
      "AmountAboveRemaining(uint256,uint256)", "SlippageAboveBound(uint256,uint256)", "UnexpectedSwapResult(uint256,uint256)",
      "InvalidCode(uint8)", "ReentrancyGuardReentrantCall()", "InsufficientOutputAmount(uint256,uint256)", "Expired(uint256,uint256)",
      "ERC20InsufficientBalance(address,uint256,uint256)", "ERC20InsufficientAllowance(address,uint256,uint256)",
      "SafeERC20FailedOperation(address)");
  private static final Map<String, String> BY_SELECTOR = new LinkedHashMap<>();

  static {
    for (String s : SIGNATURES) BY_SELECTOR.put(selector(s), s);
  }

  private VaultErrors() {}

  public static String selector(String signature) {
    return Numeric.toHexString(Arrays.copyOf(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8)), 4));
  }

  /** The error a call would revert with, by name (or the raw data), or null when it would succeed. */
  public static String wouldRevert(Web3j web3j, String from, String to, String data) throws java.io.IOException {
    EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), DefaultBlockParameterName.LATEST).send();
    if (!call.hasError() && !call.isReverted()) return null;
    Object errorData = call.getError() != null ? call.getError().getData() : null;
    String hex = errorData == null ? call.getRevertReason() : errorData.toString().replace("\"", "");
    if (hex == null) return call.getError() != null ? call.getError().getMessage() : "reverted";
    int i = hex.indexOf("0x");
    if (i >= 0 && hex.length() >= i + 10) {
      String name = BY_SELECTOR.get(hex.substring(i, i + 10).toLowerCase(java.util.Locale.ROOT));
      if (name != null) return name;
    }
    return hex;
  }
}
