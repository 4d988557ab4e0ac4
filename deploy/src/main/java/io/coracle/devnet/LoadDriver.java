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
   * {@code count} consumer accounts of the benchmark (keys derived from a fixed label, so the same
   * on every run and node), each topped up to {@code etherEach} from {@code funders} when it holds
   * less than half of that. Many accounts, as many users: one account at a few requests a second
   * keeps a transaction in the node's pool all the time, which is neither what users do nor safe
   * on Ganache (see {@link #send}).
   */
  public List<Credentials> consumers(List<Credentials> funders, int count, long etherEach, Duration timeout)
      throws IOException, InterruptedException {
    List<Credentials> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] seed = org.web3j.crypto.Hash.sha3(("coracle bench consumer " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.add(Credentials.create(org.web3j.crypto.ECKeyPair.create(seed)));
    }
    BigInteger each = BigInteger.valueOf(etherEach).multiply(BigInteger.TEN.pow(18));
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
    Outbox outbox = new Outbox(funders);
    for (int i = 0; i < out.size(); i++) {
      String to = out.get(i).getAddress();
      if (web3j.ethGetBalance(to, DefaultBlockParameterName.LATEST).send().getBalance().compareTo(each.shiftRight(1)) >= 0) {
        continue;
      }
      Credentials from = funders.get(i % funders.size());
      RawTransaction tx = RawTransaction.createEtherTransaction(outbox.nextNonce(from), gasPrice, BigInteger.valueOf(21_000), to, each);
      outbox.send(from, tx, "funding consumer " + to);
    }
    outbox.awaitMined(3, timeout);
    return List.copyOf(out);
  }

  /**
   * Sends {@code total} mints spread round-robin over {@code accounts}, about {@code perSecond} per
   * second (0 = as fast as the node takes them), and waits until all are mined.
   *
   * <p>Ganache 7 with a block time now and then parks a transaction that arrives while the block
   * holding its sender's previous one is being mined among its "future" transactions, and never
   * promotes it (ganache#4522): that account mines nothing more until the transaction is sent
   * again (seen: 8 of 64 transfers from five accounts, and every account's mints in a paced phase,
   * stuck until re-sent). So, as a wallet does: at a paced rate, an account whose previous
   * transaction is still unmined when its turn comes again (two seconds or more later) re-sends
   * it first; and while waiting for the last ones, each account's oldest unmined transaction is
   * re-sent when a few seconds (ten in a burst, which legitimately waits for block space) pass
   * without any of ours mined. A node that has it answers "already known" (Ganache: "transaction
   * underpriced"). Ganache may also execute a re-sent transaction twice when it was still waiting
   * in its pool (TransactionSenderIT); the service's sender does not re-send that one, the bench
   * does, to free parked ones (no transaction was mined twice in the bench runs checked).
   */
  public List<Request> send(List<Credentials> accounts, int total, double perSecond, Duration timeout) throws IOException, InterruptedException {
    Outbox outbox = new Outbox(accounts);
    // Legacy transactions: ten times today's price stays above the base fee while bursts fill blocks.
    BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice().multiply(BigInteger.TEN);
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
      if (perSecond > 0) {
        outbox.resendHeadIfOlderThan(who, 2_000_000_000L);
      }
      RawTransaction tx = RawTransaction.createTransaction(outbox.nextNonce(who), gasPrice, BigInteger.valueOf(300_000), minter, BigInteger.ZERO, mintData);
      outbox.send(who, tx, "mint " + i);
    }
    List<Request> out = new ArrayList<>();
    for (TransactionReceipt r : outbox.awaitMined(perSecond > 0 ? 3 : 10, timeout)) {
      String h = r.getTransactionHash();
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

  /** The transactions one call sends from several accounts, each account's in nonce order. */
  private final class Outbox {
    /** One sent transaction: its account and its place among that account's. */
    private record Sent(String account, int index, String hash, String raw) {}

    private final Map<String, BigInteger> nonces = new HashMap<>();
    private final Map<String, List<Sent>> byAccount = new java.util.LinkedHashMap<>();
    /** Per account, how many of its transactions (from the first) are known mined. */
    private final Map<String, Integer> minedOf = new HashMap<>();
    private final Map<String, Long> lastSent = new HashMap<>();
    private final List<Sent> all = new ArrayList<>();

    Outbox(List<Credentials> accounts) throws IOException {
      for (Credentials c : accounts) {
        nonces.put(c.getAddress(), web3j.ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount());
        byAccount.put(c.getAddress(), new ArrayList<>());
        minedOf.put(c.getAddress(), 0);
      }
    }

    BigInteger nextNonce(Credentials who) {
      BigInteger n = nonces.get(who.getAddress());
      nonces.put(who.getAddress(), n.add(BigInteger.ONE));
      return n;
    }

    void send(Credentials who, RawTransaction tx, String what) throws IOException {
      String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, who));
      var reply = web3j.ethSendRawTransaction(raw).send();
      if (reply.hasError()) {
        throw new IOException(what + " refused: " + reply.getError().getMessage());
      }
      List<Sent> txs = byAccount.get(who.getAddress());
      Sent sent = new Sent(who.getAddress(), txs.size(), reply.getTransactionHash(), raw);
      txs.add(sent);
      all.add(sent);
      lastSent.put(who.getAddress(), System.nanoTime());
    }

    void resendHeadIfOlderThan(Credentials who, long nanos) throws IOException {
      Long last = lastSent.get(who.getAddress());
      if (last != null && System.nanoTime() - last > nanos) {
        resendHead(who.getAddress());
      }
    }

    /** Re-sends the account's oldest transaction whose receipt is not there yet. */
    private void resendHead(String account) throws IOException {
      List<Sent> txs = byAccount.get(account);
      int mined = minedOf.get(account);
      while (mined < txs.size() && web3j.ethGetTransactionReceipt(txs.get(mined).hash()).send().getTransactionReceipt().isPresent()) {
        mined++;
      }
      minedOf.put(account, mined);
      if (mined < txs.size()) {
        web3j.ethSendRawTransaction(txs.get(mined).raw()).send(); // "already known" when the node has it
        lastSent.put(account, System.nanoTime());
      }
    }

    /** Every receipt, in the order sent; re-sends each account's oldest unmined one after {@code patienceSeconds} without progress. */
    List<TransactionReceipt> awaitMined(int patienceSeconds, Duration timeout) throws IOException, InterruptedException {
      List<TransactionReceipt> out = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      long progressAt = System.nanoTime();
      for (Sent sent : all) {
        TransactionReceipt r;
        while ((r = web3j.ethGetTransactionReceipt(sent.hash()).send().getTransactionReceipt().orElse(null)) == null) {
          if (System.nanoTime() > deadline) {
            throw new IOException("transaction " + sent.hash() + " not mined within " + timeout);
          }
          if (System.nanoTime() - progressAt > patienceSeconds * 1_000_000_000L) {
            progressAt = System.nanoTime();
            for (String account : byAccount.keySet()) {
              resendHead(account);
            }
          }
          Thread.sleep(100);
        }
        progressAt = System.nanoTime();
        // Mined, so are the account's earlier nonces.
        minedOf.merge(sent.account(), sent.index() + 1, Math::max);
        out.add(r);
      }
      return out;
    }
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
