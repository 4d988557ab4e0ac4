package io.coracle.chain.tx;

import io.coracle.chain.JsonRpcBatch;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The one owner of a signing key's nonces. Intents come from the {@link TransactionJournal}; each
 * gets the next nonce, is signed, recorded, and only then broadcast. Receipts are tracked to a final
 * outcome; a transaction that is not mined in time is replaced with the same nonce and higher fees;
 * one the node forgot is broadcast again. After a crash it resumes from the journal and never signs
 * a second, different transaction for an intent that may already be in flight.
 *
 * <p>Web3j's own transaction managers ask the node for the nonce on every send, which races with
 * itself and with pending transactions ("nonce too low", "replacement transaction underpriced",
 * stuck queues): this class never asks the node which nonce to use next, only which are mined.
 */
public final class TransactionSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);
  private static final Map<String, TransactionSender> OWNERS = new ConcurrentHashMap<>();

  /**
   * @param maxInFlight how many nonces may be pending at once (pipelining keeps blocks full)
   * @param stuckAfter how long an attempt may stay unmined before it is replaced with higher fees,
   *     if none of the sender's transactions has been mined for half as long
   * @param rebroadcastAfter how long before an unmined attempt is checked for and re-sent if the
   *     node has forgotten it
   * @param gasHeadroomPercent added to estimates, since state can change between estimate and mining
   */
  public record Config(
      long chainId,
      int maxInFlight,
      Duration stuckAfter,
      Duration rebroadcastAfter,
      Duration pollInterval,
      int gasHeadroomPercent,
      FeePolicy fees) {
    public Config {
      Objects.requireNonNull(fees, "fees");
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight >= 1");
      }
    }

    public static Config defaults(long chainId) {
      return new Config(
          chainId, 64, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMillis(200), 25, FeePolicy.defaults());
    }
  }

  private final Web3j web3j;
  private final JsonRpcBatch rpc;
  private final TransactionSigner signer;
  private final String sender;
  private final TransactionJournal journal;
  private final RevertReasons revertReasons;
  private final Config config;
  private final Clock clock;
  private final Map<String, Instant> lastBroadcast = new HashMap<>();
  private final java.util.Set<Long> atCap = new java.util.HashSet<>();
  private volatile boolean running;
  private volatile Thread thread;
  private volatile boolean resumed;

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong replaced = new AtomicLong();
  private final AtomicLong rebroadcasts = new AtomicLong();
  private final AtomicLong rpcErrors = new AtomicLong();
  private final AtomicLong nonceGap = new AtomicLong();
  private volatile String lastError;

  public TransactionSender(
      Web3j web3j,
      Credentials credentials,
      TransactionJournal journal,
      RevertReasons revertReasons,
      Config config,
      Clock clock) {
    this.web3j = web3j;
    this.rpc = new JsonRpcBatch(web3j);
    this.signer = new TransactionSigner(credentials.getEcKeyPair());
    this.sender = credentials.getAddress().toLowerCase(java.util.Locale.ROOT);
    this.journal = journal;
    this.revertReasons = revertReasons;
    this.config = config;
    this.clock = clock;
    if (OWNERS.putIfAbsent(sender + "@" + config.chainId(), this) != null) {
      throw new IllegalStateException(
          "a transaction sender for " + sender + " on chain " + config.chainId() + " already runs in this process");
    }
  }

  public String address() {
    return sender;
  }

  /** Runs cycles on a daemon thread until {@link #close()}. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::loop, "tx-sender-" + sender.substring(0, 10));
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for a cycle now (new intents are waiting). */
  public void wakeUp() {
    Thread t = thread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  private void loop() {
    while (running) {
      try {
        runCycle();
        lastError = null;
      } catch (Exception e) {
        rpcErrors.incrementAndGet();
        lastError = e.getMessage();
        LOG.warn("sender {}: {}", sender, e.getMessage());
      }
      LockSupport.parkNanos(config.pollInterval().toNanos());
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /**
   * One pass: settle what was mined, replace or re-send what is stuck, sign what is new. Works on
   * the sender's own view of the in-flight set (it is the only writer of it): listing and
   * hydrating every in-flight row from the journal each cycle was, with hundreds in flight, most of
   * the service's database work. The view is reloaded after any failed cycle and every
   * {@link #VIEW_REFRESH}, so a failed write can never leave it out of step for long.
   */
  public synchronized void runCycle() throws IOException {
    boolean ok = false;
    try {
      cycle();
      ok = true;
    } finally {
      if (!ok) {
        view = null;
      }
    }
  }

  /** How long the in-memory in-flight view is trusted before it is reloaded from the journal. */
  static final Duration VIEW_REFRESH = Duration.ofSeconds(30);

  /** In-flight transactions by nonce, as last written to the journal; null = reload. */
  private java.util.NavigableMap<Long, OutboundTx> view;
  private long lastAssigned;
  private Instant viewLoadedAt;

  private void loadView() {
    java.util.NavigableMap<Long, OutboundTx> loaded = new java.util.TreeMap<>();
    for (OutboundTx tx : journal.inFlight(sender)) {
      loaded.put(tx.nonce(), tx);
    }
    lastAssigned = journal.lastAssignedNonce(sender);
    viewLoadedAt = clock.instant();
    view = loaded;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private void cycle() throws IOException {
    long started = System.nanoTime();
    int signed = 0;
    BigInteger minedNonce = checked(web3j.ethGetTransactionCount(sender, DefaultBlockParameterName.LATEST).send(), "eth_getTransactionCount")
        .getTransactionCount();
    if (view == null || Duration.between(viewLoadedAt, clock.instant()).compareTo(VIEW_REFRESH) > 0) {
      loadView();
    }
    if (!resumed) {
      // After a (re)start every in-flight attempt may or may not have reached the node: re-send.
      resumed = true;
      if (!view.isEmpty()) {
        LOG.info("sender {} resumes with {} transaction(s) in flight", sender, view.size());
      }
    }
    if (!view.isEmpty()) {
      for (String id : journal.withdrawnInFlight(sender)) {
        view.replaceAll((n, tx) -> !tx.withdrawn() && tx.intent().intentId().equals(id)
            ? new OutboundTx(tx.intent(), tx.nonce(), tx.attempts(), true) : tx);
      }
    }
    if (minedNonce.longValueExact() > progressNonce) {
      progressNonce = minedNonce.longValueExact();
      progressAt = clock.instant();
    }
    fillHoles(minedNonce.longValueExact());
    int stillPending = 0;
    Map<String, TxOutcome> settled = new java.util.LinkedHashMap<>();
    List<Long> settledNonces = new java.util.ArrayList<>();
    List<OutboundTx> mined = new java.util.ArrayList<>();
    for (OutboundTx tx : List.copyOf(view.values())) {
      if (BigInteger.valueOf(tx.nonce()).compareTo(minedNonce) < 0) {
        mined.add(tx);
      } else {
        stillPending++;
        keepMoving(tx, tx.nonce() < minedNonce.longValueExact() + REBROADCAST_WINDOW, tx.nonce() == minedNonce.longValueExact());
      }
    }
    long t0 = System.nanoTime();
    Map<String, Optional<TransactionReceipt>> receipts = receipts(mined);
    long t1 = System.nanoTime();
    for (OutboundTx tx : mined) {
      settle(tx, receipts, settled);
      settledNonces.add(tx.nonce());
    }
    journal.finishAll(sender, settled);
    settledNonces.forEach(view::remove);
    atCap.removeIf(n -> n < minedNonce.longValueExact());
    settled.keySet().forEach(lastBroadcast::remove);
    long t2 = System.nanoTime();
    long t3 = t2;
    long signing = 0;
    long assigning = 0;
    long broadcasting = 0;
    long next = Math.max(lastAssigned + 1, minedNonce.longValueExact());
    int room = config.maxInFlight() - stillPending;
    if (room > 0) {
      List<TxIntent> fresh = journal.unassigned(sender, room);
      t3 = System.nanoTime();
      if (!fresh.isEmpty()) {
        FeePolicy.Fees fees = currentFees();
        // In chunks, each signed, recorded and broadcast before the next is signed: with hundreds
        // queued, the first reach the node while the rest are still being recorded, instead of all
        // of them missing the next block together.
        for (int from = 0; from < fresh.size(); from += SEND_CHUNK) {
          long c0 = System.nanoTime();
          List<TransactionJournal.Assignment> batch = new java.util.ArrayList<>();
          for (TxIntent intent : fresh.subList(from, Math.min(fresh.size(), from + SEND_CHUNK))) {
            TxAttempt first = prepare(intent, next, fees);
            if (first != null) {
              batch.add(new TransactionJournal.Assignment(intent, next, first));
              next++;
            }
          }
          long c1 = System.nanoTime();
          // Recorded, all in one ledger transaction, before anything is broadcast.
          journal.assignAll(sender, batch);
          long c2 = System.nanoTime();
          for (TransactionJournal.Assignment a : batch) {
            view.put(a.nonce(), new OutboundTx(a.intent(), a.nonce(), List.of(a.first())));
            lastAssigned = Math.max(lastAssigned, a.nonce());
          }
          broadcastAll(batch);
          signed += batch.size();
          signing += c1 - c0;
          assigning += c2 - c1;
          broadcasting += System.nanoTime() - c2;
        }
      }
    }
    nonceGap.set(Math.max(0, lastAssigned + 1 - minedNonce.longValueExact()));
    if ((signed > 0 || !settled.isEmpty()) && LOG.isDebugEnabled()) {
      LOG.debug("sender {}: {} settled, {} signed and sent, {} in flight, cycle {} ms (nonce+view {}, receipts {}, settle {},"
              + " unassigned {}, sign {}, assign {}, broadcast {})", sender, settled.size(), signed, view.size(),
          ms(System.nanoTime() - started), ms(t0 - started), ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(signing),
          ms(assigning), ms(broadcasting));
    }
  }

  /**
   * A nonce below our last assigned one that the chain has not used and no in-flight transaction
   * covers: a reorganisation dropped a transaction we had already settled. Nothing after it can be
   * mined until it is used, so fill it with a no-op transfer to ourselves.
   */
  private void fillHoles(long minedNonce) throws IOException {
    long last = lastAssigned;
    if (minedNonce > last) {
      return;
    }
    FeePolicy.Fees fees = null;
    for (long n = minedNonce; n <= last; n++) {
      if (view.containsKey(n)) {
        continue;
      }
      if (fees == null) {
        fees = currentFees();
      }
      TxIntent filler =
          new TxIntent("filler:" + config.chainId() + ":" + sender + ":" + n + ":" + clock.millis(), sender, "0x", BigInteger.ZERO, BigInteger.valueOf(21_000));
      TxAttempt attempt = sign(n, filler.gasLimit(), sender, BigInteger.ZERO, "0x", fees);
      journal.recordFiller(sender, filler, n, attempt);
      view.put(n, new OutboundTx(filler, n, List.of(attempt)));
      LOG.warn("sender {}: nonce {} was freed by a reorganisation; filling it with a no-op ({})", sender, n, attempt.hash());
      broadcast(filler.intentId(), attempt, false);
    }
  }

  /** Checks or estimates the intent as it asks, then signs it; null if it was rejected instead. */
  private TxAttempt prepare(TxIntent intent, long nonce, FeePolicy.Fees fees) throws IOException {
    BigInteger gasLimit = intent.gasLimit();
    if (intent.checkFirst()) {
      EthCall call =
          web3j.ethCall(
                  Transaction.createFunctionCallTransaction(sender, null, null, gasLimit, intent.to(), intent.value(), intent.data()),
                  DefaultBlockParameterName.LATEST)
              .send();
      if (call.hasError() && nodeFailed(call)) {
        throw new IOException("eth_call failed: " + call.getError().getMessage());
      }
      if (call.hasError() || call.isReverted()) {
        return rejectUnsigned(intent, revertReasons.decode(call.hasError() ? errorData(call) : call.getValue()));
      }
    }
    if (gasLimit == null) {
      EthEstimateGas est =
          web3j.ethEstimateGas(
                  Transaction.createFunctionCallTransaction(sender, null, null, null, intent.to(), intent.value(), intent.data()))
              .send();
      if (est.hasError()) {
        if (nodeFailed(est)) {
          throw new IOException("eth_estimateGas failed: " + est.getError().getMessage());
        }
        return rejectUnsigned(intent, revertReasons.decode(errorData(est)));
      }
      gasLimit = est.getAmountUsed().multiply(BigInteger.valueOf(100L + config.gasHeadroomPercent())).divide(BigInteger.valueOf(100));
    }
    return sign(nonce, gasLimit, intent.to(), intent.value(), intent.data(), fees);
  }

  /** An error that is not a revert: the node failed, not the call; try again next cycle. */
  private static boolean nodeFailed(Response<?> reply) {
    return reply.getError().getData() == null && !isRevert(reply.getError().getMessage());
  }

  /** The call would revert: finish the intent before anything is signed. */
  private TxAttempt rejectUnsigned(TxIntent intent, String reason) {
    journal.finish(sender, intent.intentId(), new TxOutcome.Rejected("would revert: " + reason));
    LOG.info("intent {} rejected before signing: {}", intent.intentId(), reason);
    return null;
  }

  /** Intents signed, recorded and broadcast together within one cycle. */
  static final int SEND_CHUNK = 128;

  /**
   * How many of the next nonces are sent again when unmined after {@code rebroadcastAfter}. A
   * transaction the node lost matters once it heads the queue (nothing after it can be mined);
   * deeper ones are sent again as they come near. Re-sending the whole queue every time cost
   * Ganache, which mines a block of ~285 fulfilments in 13 - 20 s with hundreds queued behind it,
   * ~9,000 extra sends in one benchmark run and a third of its block rate. A node that lost its
   * whole pool gets everything again anyway: what stays unmined past {@code stuckAfter} is replaced.
   */
  public static final int REBROADCAST_WINDOW = 128;

  /**
   * The re-send interval that goes with a stuck-after: a third of it, so that an unmined
   * transaction is sent again about twice before it is replaced.
   */
  public static Duration rebroadcastAfter(Duration stuckAfter) {
    return stuckAfter.dividedBy(3);
  }

  /** The receipts of every attempt of these transactions, by hash, in batches (a busy block settles hundreds). */
  private Map<String, Optional<TransactionReceipt>> receipts(List<OutboundTx> txs) throws IOException {
    List<String> hashes = new java.util.ArrayList<>();
    txs.forEach(tx -> tx.attempts().forEach(a -> hashes.add(a.hash())));
    List<EthGetTransactionReceipt> replies = rpc.send(hashes.stream().map(web3j::ethGetTransactionReceipt).toList());
    Map<String, Optional<TransactionReceipt>> out = new HashMap<>();
    for (int i = 0; i < hashes.size(); i++) {
      out.put(hashes.get(i), checked(replies.get(i), "eth_getTransactionReceipt").getTransactionReceipt());
    }
    return out;
  }

  /** Works out the outcome of a transaction whose nonce is used; adds it to {@code settled}. */
  private void settle(OutboundTx tx, Map<String, Optional<TransactionReceipt>> receipts, Map<String, TxOutcome> settled) {
    for (TxAttempt a : tx.attempts()) {
      Optional<TransactionReceipt> receipt = receipts.getOrDefault(a.hash(), Optional.empty());
      if (receipt.isEmpty()) {
        continue;
      }
      TransactionReceipt r = receipt.get();
      TxOutcome outcome;
      if (tx.withdrawn() && !a.rawTransaction().isEmpty() && isNoOp(a, tx)) {
        outcome = new TxOutcome.Cancelled(r.getTransactionHash(), "withdrawn; nonce filled with a no-op transfer");
      } else if (r.isStatusOK()) {
        outcome =
            new TxOutcome.Succeeded(
                r.getTransactionHash(),
                r.getBlockNumber().longValueExact(),
                r.getBlockHash(),
                r.getGasUsed(),
                r.getEffectiveGasPrice() == null ? a.maxFeePerGas() : Numeric.decodeQuantity(r.getEffectiveGasPrice()));
      } else {
        outcome =
            new TxOutcome.Reverted(
                r.getTransactionHash(), r.getBlockNumber().longValueExact(), r.getGasUsed(), revertReason(tx, r));
      }
      settled.put(tx.intent().intentId(), outcome);
      return;
    }
    // The nonce is used but by none of our attempts: another signer shares this key. Do not guess.
    String reason = "nonce " + tx.nonce() + " was used by a transaction this sender did not sign (a second owner of the key?)";
    LOG.error("sender {}: {}", sender, reason);
    settled.put(tx.intent().intentId(), new TxOutcome.Rejected(reason));
  }

  private boolean isNoOp(TxAttempt a, OutboundTx tx) {
    return a != tx.attempts().get(0) && a.gasLimit().equals(BigInteger.valueOf(21_000));
  }

  /** The highest mined nonce seen, and when it was first seen: whether our queue is moving. */
  private long progressNonce = -1;
  private Instant progressAt;

  /**
   * Whether the chain has mined none of our transactions for half of {@code stuckAfter}. Only then
   * is an old transaction stuck: while the queue moves, one signed long ago is just far back in
   * it, and replacing it (Ganache takes 20 s and more per block of fulfilments with a thousand
   * queued: 437 replacements in one run, each refused while it mined) only adds work.
   */
  private boolean stalled(Instant now) {
    return progressAt == null || Duration.between(progressAt, now).compareTo(config.stuckAfter().dividedBy(2)) > 0;
  }

  private void keepMoving(OutboundTx tx, boolean nearHead, boolean head) throws IOException {
    TxAttempt latest = tx.latest();
    Instant now = clock.instant();
    // As of this cycle's in-flight listing: one query per cycle, not one per transaction.
    boolean withdrawn = tx.withdrawn();
    boolean noOpAlready = withdrawn && isNoOp(latest, tx);
    boolean stuck = Duration.between(latest.signedAt(), now).compareTo(config.stuckAfter()) > 0 && stalled(now);
    if ((withdrawn && !noOpAlready) || stuck) {
      FeePolicy.Fees bumped = config.fees().bump(latest, currentFees());
      if (bumped == null) {
        // Once per nonce: a stuck queue would otherwise log a line per nonce per cycle.
        if (atCap.add(tx.nonce())) {
          LOG.warn("sender {}: nonce {} is stuck but its fees are at the cap", sender, tx.nonce());
        }
        return;
      }
      TxAttempt replacement =
          withdrawn
              ? sign(tx.nonce(), BigInteger.valueOf(21_000), sender, BigInteger.ZERO, "0x", bumped)
              : sign(tx.nonce(), latest.gasLimit(), tx.intent().to(), tx.intent().value(), tx.intent().data(), bumped);
      journal.addAttempt(sender, tx.intent().intentId(), replacement);
      List<TxAttempt> attempts = new java.util.ArrayList<>(tx.attempts());
      attempts.add(replacement);
      view.put(tx.nonce(), new OutboundTx(tx.intent(), tx.nonce(), attempts, withdrawn));
      replaced.incrementAndGet();
      LOG.info(
          "sender {}: {} nonce {} with {} (was {})",
          sender, withdrawn ? "filling withdrawn" : "replacing stuck", tx.nonce(), replacement, latest);
      broadcast(tx.intent().intentId(), replacement, false);
      return;
    }
    Instant last = lastBroadcast.get(tx.intent().intentId());
    if (nearHead && (last == null || Duration.between(last, now).compareTo(config.rebroadcastAfter()) > 0)) {
      // Not mined yet: send it again. A node that has it answers "already known"; one that lost it
      // (dropped from its pool, or never received it before a crash) takes it back. The next
      // nonce's is asked about first: Ganache 7 takes it, sent again while it waits in the pool,
      // for a second transaction and executes both (TransactionSenderIT). One the node reports
      // by hash but will not mine (Ganache under load can lose a pooled transaction that way) is
      // replaced once the queue stalls (stuckAfter).
      if (head && nodeHolds(latest)) {
        lastBroadcast.put(tx.intent().intentId(), now);
        return;
      }
      rebroadcasts.incrementAndGet();
      broadcast(tx.intent().intentId(), latest, true);
    }
  }

  /**
   * Broadcasts newly assigned transactions, in batches. A failed send fails the cycle; every
   * transaction in it is recorded, and the next cycles re-send what the node does not have.
   */
  private void broadcastAll(List<TransactionJournal.Assignment> assigned) throws IOException {
    List<EthSendTransaction> replies =
        rpc.send(assigned.stream().map(a -> web3j.ethSendRawTransaction(a.first().rawTransaction())).toList());
    Instant now = clock.instant();
    for (int i = 0; i < assigned.size(); i++) {
      TransactionJournal.Assignment a = assigned.get(i);
      lastBroadcast.put(a.intent().intentId(), now);
      onBroadcastReply(a.intent().intentId(), a.first(), replies.get(i), false);
      sent.incrementAndGet();
    }
  }

  /** True when the node returns the transaction by its hash (pooled or mined); false when it does not, or fails. */
  private boolean nodeHolds(TxAttempt attempt) {
    try {
      var reply = web3j.ethGetTransactionByHash(attempt.hash()).send();
      return !reply.hasError() && reply.getTransaction().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code again}: the same signed transaction was sent before (a re-send, not a new attempt). */
  private void broadcast(String intentId, TxAttempt attempt, boolean again) throws IOException {
    EthSendTransaction reply = web3j.ethSendRawTransaction(attempt.rawTransaction()).send();
    lastBroadcast.put(intentId, clock.instant());
    onBroadcastReply(intentId, attempt, reply, again);
  }

  private void onBroadcastReply(String intentId, TxAttempt attempt, EthSendTransaction reply, boolean again) {
    if (reply.hasError()) {
      String msg = reply.getError().getMessage();
      String m = msg == null ? "" : msg.toLowerCase(java.util.Locale.ROOT);
      if (m.contains("already known") || m.contains("already imported") || m.contains("known transaction")
          || m.contains("nonce too low") || m.contains("transaction already")) {
        // Already in the pool, or a sibling attempt was mined: the next cycle's receipts decide.
        return;
      }
      if (again && m.contains("underpriced")) {
        // Ganache's answer to a transaction it already holds: it takes the same transaction for a
        // replacement without a price bump. The pool has this nonce at this price or more, so
        // ours or a sibling attempt (one nonce owner per key): as "already known".
        return;
      }
      rpcErrors.incrementAndGet();
      // Kept in flight: rebroadcast and replacement retry it; the journal already knows it.
      LOG.warn("sender {}: node refused {} for intent {}: {}", sender, attempt.hash(), intentId, msg);
    }
  }

  private TxAttempt sign(long nonce, BigInteger gasLimit, String to, BigInteger value, String data, FeePolicy.Fees fees) {
    RawTransaction raw =
        fees.isEip1559()
            ? RawTransaction.createTransaction(
                config.chainId(), BigInteger.valueOf(nonce), gasLimit, to, value, data,
                fees.maxPriorityFeePerGas(), fees.maxFeePerGas())
            : RawTransaction.createTransaction(BigInteger.valueOf(nonce), fees.maxFeePerGas(), gasLimit, to, value, data);
    byte[] signed = signer.sign(raw, config.chainId());
    String hex = Numeric.toHexString(signed);
    return new TxAttempt(
        org.web3j.crypto.Hash.sha3(hex), hex, gasLimit, fees.maxFeePerGas(), fees.maxPriorityFeePerGas(), clock.instant());
  }

  private FeePolicy.Fees currentFees() throws IOException {
    EthBlock.Block latest =
        checked(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(), "eth_getBlockByNumber").getBlock();
    BigInteger baseFee = latest.getBaseFeePerGas();
    if (baseFee != null) {
      var tip = web3j.ethMaxPriorityFeePerGas().send();
      return config.fees().initial(baseFee, tip.hasError() ? null : tip.getMaxPriorityFeePerGas(), null);
    }
    BigInteger gasPrice = checked(web3j.ethGasPrice().send(), "eth_gasPrice").getGasPrice();
    return config.fees().initial(null, null, gasPrice);
  }

  private String revertReason(OutboundTx tx, TransactionReceipt r) {
    if (r.getRevertReason() != null && !r.getRevertReason().isBlank()) {
      return r.getRevertReason();
    }
    try {
      // Replay the call on the state before its block to learn why it reverted.
      EthCall call =
          web3j.ethCall(
                  Transaction.createFunctionCallTransaction(
                      sender, null, null, r.getGasUsed().max(tx.latest().gasLimit()), tx.intent().to(), tx.intent().value(), tx.intent().data()),
                  DefaultBlockParameter.valueOf(r.getBlockNumber().subtract(BigInteger.ONE)))
              .send();
      if (call.hasError()) {
        return revertReasons.decode(errorData(call));
      }
      if (call.isReverted()) {
        return revertReasons.decode(call.getValue());
      }
      return "reverted in its block (out of gas, or state changed by an earlier transaction in the block)";
    } catch (IOException e) {
      return "reverted (reason unavailable: " + e.getMessage() + ")";
    }
  }

  static String errorData(Response<?> reply) {
    Object data = reply.getError().getData();
    if (data != null) {
      String s = data.toString();
      if (s.startsWith("0x")) {
        return s;
      }
      // Ganache wraps it: {"hash":..,"programCounter":..,"result":"0x..",...}
      int at = s.indexOf("result");
      int i = s.indexOf("0x", at < 0 ? 0 : at);
      if (i >= 0) {
        int j = i + 2;
        while (j < s.length() && Character.digit(s.charAt(j), 16) >= 0) {
          j++;
        }
        return s.substring(i, j);
      }
    }
    // Some nodes only put a message: keep it readable.
    String msg = reply.getError().getMessage();
    return msg == null ? "0x" : "0x" + bytesOfMessage(msg);
  }

  private static String bytesOfMessage(String msg) {
    // encode as Error(string) so decode() renders it as text
    byte[] utf8 = msg.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String len = String.format("%064x", utf8.length);
    StringBuilder body = new StringBuilder(java.util.HexFormat.of().formatHex(utf8));
    while (body.length() % 64 != 0) {
      body.append('0');
    }
    return "08c379a0" + String.format("%064x", 32) + len + body;
  }

  private static boolean isRevert(String message) {
    return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("revert");
  }

  static <T extends Response<?>> T checked(T reply, String method) throws IOException {
    if (reply.hasError()) {
      throw new IOException(method + " failed: " + reply.getError().getMessage());
    }
    return reply;
  }

  /** Transactions this sender is tracking until mined (its own view; 0 before its first cycle). */
  public synchronized int inFlightCount() {
    return view == null ? 0 : view.size();
  }

  public long sentTotal() {
    return sent.get();
  }

  public long replacedTotal() {
    return replaced.get();
  }

  public long rebroadcastTotal() {
    return rebroadcasts.get();
  }

  public long rpcErrorTotal() {
    return rpcErrors.get();
  }

  /** Nonces assigned but not yet mined. */
  public long nonceGap() {
    return nonceGap.get();
  }

  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    OWNERS.remove(sender + "@" + config.chainId(), this);
  }
}
