package io.coracle.devnet;

import io.coracle.contracts.generated.TraitMinter;
import io.coracle.contracts.generated.VRFCoordinator;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Drives randomness requests the way users do: many accounts minting TraitMinter tokens, each
 * account signing its own transactions with its own nonces, at a chosen rate. Then it finds
 * each request's fulfilment on chain.
 */
public final class LoadDriver {
  /** A request as mined: its id, its block and the time that block was mined, and what it committed to. */
  public record Request(BigInteger requestId, String txHash, long block, long blockTimestamp, String blockHash,
      io.coracle.contracts.RandomnessRequest request) {}

  /** A fulfilment as mined. */
  public record Fulfilment(BigInteger requestId, String txHash, long block, long blockTimestamp, BigInteger gasUsed, boolean callbackSucceeded) {}

  private final Web3j web3j;
  private final long chainId;
  private final String minter;
  private final String coordinator;
  private final String mintData;
  private final Map<Long, Long> blockTimes = new ConcurrentHashMap<>();

  public LoadDriver(Web3j web3j, long chainId, String traitMinter, String coordinator) {
    this.web3j = web3j;
    this.chainId = chainId;
    this.minter = traitMinter;
    this.coordinator = coordinator;
    this.mintData = org.web3j.abi.FunctionEncoder.encode(new org.web3j.abi.datatypes.Function("mint", List.of(), List.of()));
  }

  /**
   * Sends {@code total} mints spread round-robin over {@code accounts}, about {@code perSecond} per
   * second (0 = as fast as the node takes them), and waits until all are mined.
   */
  public List<Request> send(List<Credentials> accounts, int total, double perSecond, Duration timeout) throws IOException, InterruptedException {
    Map<String, BigInteger> nonces = new HashMap<>();
    for (Credentials c : accounts) {
      nonces.put(c.getAddress(), web3j.ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount());
    }
    // Legacy transactions: ten times today's price stays above the base fee while bursts fill blocks.
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TEN);
    List<String> hashes = new ArrayList<>();
    Map<String, String> raws = new HashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      if (perSecond > 0) {
        long due = start + (long) (i * 1_000_000_000L / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      Credentials who = accounts.get(i % accounts.size());
      BigInteger nonce = nonces.get(who.getAddress());
      nonces.put(who.getAddress(), nonce.add(BigInteger.ONE));
      RawTransaction tx = RawTransaction.createTransaction(nonce, gasPrice, BigInteger.valueOf(300_000), minter, BigInteger.ZERO, mintData);
      String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, who));
      var reply = web3j.ethSendRawTransaction(raw).send();
      if (reply.hasError()) {
        throw new IOException("mint " + i + " refused: " + reply.getError().getMessage());
      }
      hashes.add(reply.getTransactionHash());
      raws.put(reply.getTransactionHash(), raw);
    }
    List<Request> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int k = 0; k < hashes.size(); k++) {
      String h = hashes.get(k);
      TransactionReceipt r = null;
      long checkAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (r == null) {
        r = web3j.ethGetTransactionReceipt(h).send().getTransactionReceipt().orElse(null);
        if (r == null) {
          if (System.nanoTime() > deadline) {
            throw new IOException("mint " + h + " not mined within " + timeout);
          }
          if (System.nanoTime() > checkAt) {
            // As a wallet does: what is still unmined is sent again, in nonce order. Ganache with a
            // block time loses a pooled transaction now and then under load, and then never
            // promotes that sender's later nonces on its own; a node that still has them just
            // answers "already known".
            checkAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int j = k; j < hashes.size(); j++) {
              web3j.ethSendRawTransaction(raws.get(hashes.get(j))).send();
            }
          }
          Thread.sleep(100);
        }
      }
      if (!r.isStatusOK()) {
        throw new IOException("mint " + h + " reverted");
      }
      var ev = TraitMinter.getTraitsRequestedEvents(r);
      if (ev.isEmpty()) {
        throw new IOException("mint " + h + " made no request");
      }
      long block = r.getBlockNumber().longValueExact();
      var requested = VRFCoordinator.getRandomWordsRequestedEvents(r);
      out.add(new Request(ev.get(0).requestId, h, block, blockTime(block), r.getBlockHash(),
          requested.isEmpty() ? null : io.coracle.contracts.RandomnessRequest.from(requested.get(0))));
    }
    return out;
  }

  /** Every RandomWordsFulfilled of the coordinator from {@code fromBlock} on, grouped by request id. */
  public Map<BigInteger, List<Fulfilment>> fulfilments(long fromBlock) throws IOException {
    EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameterName.LATEST, coordinator);
    f.addSingleTopic(EventEncoder.encode(VRFCoordinator.RANDOMWORDSFULFILLED_EVENT));
    EthLog logs = web3j.ethGetLogs(f).send();
    if (logs.hasError()) {
      throw new IOException("eth_getLogs: " + logs.getError().getMessage());
    }
    Map<BigInteger, List<Fulfilment>> out = new HashMap<>();
    for (EthLog.LogResult<?> lr : logs.getLogs()) {
      Log log = (Log) lr.get();
      var ev = VRFCoordinator.getRandomWordsFulfilledEventFromLog(log);
      long block = log.getBlockNumber().longValueExact();
      out.computeIfAbsent(ev.requestId, k -> Collections.synchronizedList(new ArrayList<>()))
          .add(new Fulfilment(ev.requestId, log.getTransactionHash(), block, blockTime(block), null, ev.success));
    }
    return out;
  }

  /** Waits until every request has a fulfilment; returns them all (by request id). */
  public Map<BigInteger, List<Fulfilment>> awaitFulfilled(List<Request> requests, long fromBlock, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<BigInteger, List<Fulfilment>> seen = fulfilments(fromBlock);
      long missing = requests.stream().filter(r -> !seen.containsKey(r.requestId())).count();
      if (missing == 0) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(missing + " of " + requests.size() + " requests not fulfilled within " + timeout);
      }
      Thread.sleep(500);
    }
  }

  public BigInteger gasUsed(String txHash) throws IOException {
    return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt().orElseThrow().getGasUsed();
  }

  private long blockTime(long block) throws IOException {
    Long t = blockTimes.get(block);
    if (t == null) {
      t = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send().getBlock().getTimestamp().longValueExact();
      blockTimes.put(block, t);
    }
    return t;
  }
}
