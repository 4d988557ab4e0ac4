package io.coracle.contracts.it;

import io.coracle.testsupport.EvmNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/** Test access to the run's node: signing, fixed gas, raw calls and revert data. */
final class Chain {
  static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(6_000_000);

  final EvmNode node;
  final Web3j web3j;
  final long chainId;

  Chain(EvmNode node) {
    this.node = node;
    this.web3j = node.web3j();
    this.chainId = node.chainId();
  }

  Credentials account(int i) {
    return node.account(i);
  }

  /** Signs for the node's chain id; polls receipts every 50 ms (local nodes mine at once). */
  TransactionManager tm(Credentials credentials) {
    return new org.web3j.tx.RawTransactionManager(web3j, credentials, chainId,
        new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 50, 2_400));
  }

  static ContractGasProvider gas() {
    return new StaticGasProvider(GAS_PRICE, GAS_LIMIT);
  }

  static ContractGasProvider gas(long limit) {
    return new StaticGasProvider(GAS_PRICE, BigInteger.valueOf(limit));
  }

  /** First 4 bytes of keccak256(signature), e.g. {@code selector("InvalidProof()")}. */
  static String selector(String signature) {
    return Numeric.toHexString(Arrays.copyOf(Hash.sha3(signature.getBytes(StandardCharsets.UTF_8)), 4));
  }

  /** Simulates a call: the revert data as hex, or {@code null} when it would succeed. */
  String revertData(String from, String to, String data) {
    try {
      EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), DefaultBlockParameterName.LATEST).send();
      if (!call.hasError() && !call.isReverted()) {
        return null;
      }
      Object errorData = call.getError() != null ? call.getError().getData() : null;
      String hex = errorData == null ? call.getRevertReason() : errorData.toString();
      if (hex != null && hex.startsWith("\"")) hex = hex.substring(1, hex.length() - 1);
      return hex == null ? "0x" : hex;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 4-byte selector of the custom error a call would revert with, or {@code null} if it succeeds. */
  String revertSelector(String from, String to, String data) {
    String hex = revertData(from, to, data);
    if (hex == null) return null;
    return hex.length() >= 10 ? hex.substring(0, 10) : hex;
  }

  String call(String from, String to, String data) {
    try {
      EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(from, to, data), DefaultBlockParameterName.LATEST).send();
      if (call.hasError()) throw new IllegalStateException("eth_call failed: " + call.getError().getMessage());
      return call.getValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long estimateGas(String from, String to, String data) {
    try {
      // with the gas price the transaction will pay: billing (and so storage writes) depends on it
      EthEstimateGas estimate = web3j.ethEstimateGas(
          Transaction.createFunctionCallTransaction(from, null, GAS_PRICE, null, to, BigInteger.ZERO, data)).send();
      if (estimate.hasError()) throw new IllegalStateException("eth_estimateGas failed: " + estimate.getError().getMessage());
      return estimate.getAmountUsed().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a raw transaction with a fixed gas limit and returns its receipt (successful or not). */
  TransactionReceipt send(Credentials from, String to, String data, BigInteger gasLimit) {
    try {
      var tm = tm(from);
      var sent = tm.sendTransaction(GAS_PRICE, gasLimit, to, data, BigInteger.ZERO);
      if (sent.hasError()) throw new IllegalStateException("send failed: " + sent.getError().getMessage());
      return new org.web3j.tx.response.PollingTransactionReceiptProcessor(web3j, 50, 2_400)
          .waitForTransactionReceipt(sent.getTransactionHash());
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  byte[] blockHash(long number) {
    try {
      String hash = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send()
          .getBlock().getHash();
      return Numeric.hexStringToByteArray(hash);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long latestTimestamp() {
    try {
      return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  BigInteger balance(String address) {
    try {
      return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
