package io.coracle.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coracle.testsupport.AnvilNode;
import io.coracle.testsupport.DevAccounts;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeOptions;
import io.coracle.testsupport.GanacheNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The sender against a real node (anvil): every intent mined once with consecutive nonces, and its
 * in-memory view of the in-flight set never makes it act twice or lose a transaction when a journal
 * write fails, after a restart on the same journal, or when an in-flight intent is withdrawn.
 */
class TransactionSenderIT {
  private static AnvilNode node;
  private static final AtomicInteger RECIPIENTS = new AtomicInteger();

  @BeforeAll
  static void start() {
    node = AnvilNode.start(EvmNodeOptions.defaults());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** The defaults with other limits: room for a whole backlog, or a transaction stuck or re-sent sooner. */
  private static TransactionSender.Config config(int maxInFlight, Duration stuckAfter, Duration rebroadcastAfter) {
    TransactionSender.Config d = TransactionSender.Config.defaults(node.chainId());
    return new TransactionSender.Config(node.chainId(), maxInFlight, stuckAfter, rebroadcastAfter, d.pollInterval(),
        d.gasHeadroomPercent(), d.fees());
  }

  private static TransactionSender sender(Credentials key, TransactionJournal journal) {
    TransactionSender.Config c = TransactionSender.Config.defaults(node.chainId());
    return new TransactionSender(node.web3j(), key, journal, new RevertReasons(), c, Clock.systemUTC());
  }

  /** A 1-wei transfer to a fresh address: its balance tells how often it was executed. */
  private static TxIntent transfer(String id) {
    String to = "0x" + String.format("%040x", 0xC0FFEE00000L + RECIPIENTS.incrementAndGet());
    return new TxIntent(id, to, "0x", BigInteger.ONE, BigInteger.valueOf(21_000));
  }

  /** {@code n} transfers submitted to the journal, ids {@code prefix0..prefix(n-1)}. */
  private static List<TxIntent> submitTransfers(InMemoryTransactionJournal journal, String prefix, int n) {
    List<TxIntent> intents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      intents.add(transfer(prefix + i));
      journal.submit(intents.get(i));
    }
    return intents;
  }

  /** Each transfer's recipient holds exactly its 1 wei: executed once, not twice. */
  private static void assertEachExecutedOnce(List<TxIntent> intents) throws IOException {
    assertEachExecutedOnce(node, intents);
  }

  private static void assertEachExecutedOnce(EvmNode on, List<TxIntent> intents) throws IOException {
    for (TxIntent i : intents) {
      assertThat(on.web3j().ethGetBalance(i.to(), DefaultBlockParameterName.LATEST).send().getBalance())
          .as("executed once: " + i.intentId()).isEqualTo(BigInteger.ONE);
    }
  }

  private static BigInteger balance(String address) throws IOException {
    return node.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
  }

  private static long minedNonce(Credentials key) throws IOException {
    return node.web3j().ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount().longValueExact();
  }

  private static long pendingNonce(Credentials key) throws IOException {
    return node.web3j().ethGetTransactionCount(key.getAddress(), DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
  }

  private static void automine(boolean on) {
    node.call("evm_setAutomine", List.of(on), Object.class);
  }

  /**
   * Runs cycles until every intent has an outcome (failed cycles are part of the test). A bounded
   * number: a sender whose view lost track of a transaction would only find it again at the
   * periodic reload, hundreds of cycles later.
   */
  private static void cycleUntilFinished(TransactionSender s, InMemoryTransactionJournal j, List<TxIntent> intents) {
    int cycles = 0;
    while (intents.stream().anyMatch(i -> j.outcome(i.intentId()) == null)) {
      assertThat(++cycles).as("cycles until every intent is final").isLessThanOrEqualTo(50);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      try {
        s.runCycle();
      } catch (Exception expectedOnce) {
        // a failing journal: the next cycle retries
      }
    }
    assertThat(s.inFlightCount()).as("settled transactions leave the sender's view").isZero();
  }

  @Test
  void everyIntentIsMinedOnceWithConsecutiveNonces() throws Exception {
    Credentials key = DevAccounts.get(6);
    InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
    List<TxIntent> intents = submitTransfers(journal, "once-", 40);
    long before = minedNonce(key);
    try (TransactionSender s = sender(key, journal)) {
      cycleUntilFinished(s, journal, intents);
    }
    assertThat(minedNonce(key)).isEqualTo(before + 40);
    for (TxIntent i : intents) {
      assertThat(journal.outcome(i.intentId())).isInstanceOf(TxOutcome.Succeeded.class);
      assertThat(balance(i.to())).isEqualTo(BigInteger.ONE);
    }
    assertThat(journal.inFlight(key.getAddress().toLowerCase())).isEmpty();
  }

  @Test
  void aBacklogGoesOutInChunksEachRecordedBeforeItIsBroadcast() throws Exception {
    Credentials key = DevAccounts.get(5);
    InMemoryTransactionJournal memory = new InMemoryTransactionJournal();
    AtomicInteger assignCalls = new AtomicInteger();
    // The ledger fails on the second chunk of the first cycle: the first chunk is recorded and on
    // its way, the second must not reach the node, and the next cycles finish the rest once.
    TransactionJournal flaky = new ForwardingJournal(memory) {
      @Override
      public void assignAll(String sender, List<Assignment> batch) {
        if (assignCalls.incrementAndGet() == 2) {
          throw new IllegalStateException("ledger transaction failed: connection refused");
        }
        super.assignAll(sender, batch);
      }
    };
    int n = 2 * TransactionSender.SEND_CHUNK + 44;
    List<TxIntent> intents = submitTransfers(memory, "chunk-", n);
    long before = minedNonce(key);
    TransactionSender.Config defaults = TransactionSender.Config.defaults(node.chainId());
    TransactionSender.Config wide = config(2 * n, defaults.stuckAfter(), defaults.rebroadcastAfter());
    try (TransactionSender s = new TransactionSender(node.web3j(), key, flaky, new RevertReasons(), wide, Clock.systemUTC())) {
      assertThatThrownBy(s::runCycle).hasMessageContaining("connection refused");
      assertThat(pendingNonce(key)).as("the first chunk was sent, nothing after it").isEqualTo(before + TransactionSender.SEND_CHUNK);
      cycleUntilFinished(s, memory, intents);
    }
    assertThat(minedNonce(key)).isEqualTo(before + n);
    for (TxIntent i : intents) {
      assertThat(memory.outcome(i.intentId())).isInstanceOf(TxOutcome.Succeeded.class);
      assertThat(balance(i.to())).isEqualTo(BigInteger.ONE);
    }
  }

  @Test
  void failedJournalWritesLoseNothingAndActOnce() throws Exception {
    Credentials key = DevAccounts.get(7);
    InMemoryTransactionJournal memory = new InMemoryTransactionJournal();
    AtomicInteger assignFailures = new AtomicInteger(1);
    AtomicInteger finishFailures = new AtomicInteger(1);
    // The database goes away once while assigning nonces (nothing was broadcast yet) and once while
    // recording outcomes (the transactions are mined; the sender must settle them later, not resend).
    TransactionJournal flaky = new ForwardingJournal(memory) {
      @Override
      public void assignAll(String sender, List<Assignment> batch) {
        if (!batch.isEmpty() && assignFailures.getAndDecrement() > 0) {
          throw new IllegalStateException("ledger transaction failed: connection refused");
        }
        super.assignAll(sender, batch);
      }

      @Override
      public void finishAll(String sender, Map<String, TxOutcome> outcomes) {
        if (!outcomes.isEmpty() && finishFailures.getAndDecrement() > 0) {
          throw new IllegalStateException("ledger transaction failed: connection refused");
        }
        super.finishAll(sender, outcomes);
      }
    };
    List<TxIntent> intents = submitTransfers(memory, "flaky-", 12);
    long before = minedNonce(key);
    try (TransactionSender s = sender(key, flaky)) {
      assertThatThrownBy(s::runCycle).hasMessageContaining("connection refused");
      assertThat(minedNonce(key)).as("nothing broadcast before it was recorded").isEqualTo(before);
      cycleUntilFinished(s, memory, intents);
    }
    assertThat(assignFailures.get()).isNegative();
    assertThat(finishFailures.get()).isNegative();
    assertThat(minedNonce(key)).isEqualTo(before + 12);
    for (TxIntent i : intents) {
      assertThat(memory.outcome(i.intentId())).isInstanceOf(TxOutcome.Succeeded.class);
      assertThat(balance(i.to())).isEqualTo(BigInteger.ONE);
    }
  }

  @Test
  void aTransactionTheNodeDroppedIsSentAgainWhenItNearsTheHeadOfTheQueue() throws Exception {
    Credentials key = DevAccounts.get(4);
    InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
    int n = TransactionSender.REBROADCAST_WINDOW + 20;
    List<TxIntent> intents = submitTransfers(journal, "dropped-", n);
    long before = minedNonce(key);
    // unmined for a millisecond counts as due for re-sending: every cycle, within the window
    TransactionSender.Config eager = config(2 * n, TransactionSender.Config.defaults(node.chainId()).stuckAfter(), Duration.ofMillis(1));
    automine(false);
    try (TransactionSender s = new TransactionSender(node.web3j(), key, journal, new RevertReasons(), eager, Clock.systemUTC())) {
      s.runCycle(); // all n in the node's pool
      node.call("anvil_dropTransaction", List.of(journal.outbound("dropped-0").latest().hash()), Object.class);
      node.call("anvil_dropTransaction", List.of(journal.outbound("dropped-" + (n - 1)).latest().hash()), Object.class);
      long resent = s.rebroadcastTotal();
      Thread.sleep(5);

      s.runCycle();
      assertThat(s.rebroadcastTotal() - resent).as("the next nonces only, not the whole queue")
          .isEqualTo(TransactionSender.REBROADCAST_WINDOW);
      node.mine(1);
      // anvil drops what is queued behind a dropped transaction with it: the window brought back
      // the first 128, the rest (the deep one among them) are missing until they near the head
      assertThat(minedNonce(key)).isEqualTo(before + TransactionSender.REBROADCAST_WINDOW);

      automine(true);
      cycleUntilFinished(s, journal, intents); // now at the head, the rest are sent again
    } finally {
      automine(true);
    }
    assertThat(minedNonce(key)).isEqualTo(before + n);
    assertEachExecutedOnce(intents);
  }

  @Test
  void aQueueThatStopsMovingIsReplacedWithHigherFeesAndMinedOnce() throws Exception {
    Credentials key = DevAccounts.get(3);
    InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
    List<TxIntent> intents = submitTransfers(journal, "stuck-", 3);
    long before = minedNonce(key);
    TransactionSender.Config quick = config(64, Duration.ofMillis(300), Duration.ofSeconds(60));
    automine(false);
    try (TransactionSender s = new TransactionSender(node.web3j(), key, journal, new RevertReasons(), quick, Clock.systemUTC())) {
      s.runCycle(); // all three in the pool, nothing mined: the queue does not move
      String first = journal.outbound("stuck-0").latest().hash();
      s.runCycle();
      assertThat(s.replacedTotal()).as("not yet: signed too recently").isZero();
      Thread.sleep(400);

      s.runCycle();
      assertThat(s.replacedTotal()).isEqualTo(3);
      assertThat(journal.outbound("stuck-0").latest().hash()).isNotEqualTo(first);
      automine(true);
      node.mine(1);
      cycleUntilFinished(s, journal, intents);
    } finally {
      automine(true);
    }
    assertThat(minedNonce(key)).isEqualTo(before + 3);
    assertEachExecutedOnce(intents);
  }

  @Test
  void aQueueThatMovesIsNotReplacedHoweverLongItsTailWaits() throws Exception {
    Credentials key = DevAccounts.get(2);
    InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
    List<TxIntent> intents = submitTransfers(journal, "moving-", 6);
    long before = minedNonce(key);
    TransactionSender.Config quick = config(64, Duration.ofMillis(300), Duration.ofSeconds(60));
    automine(false);
    node.call("evm_setBlockGasLimit", List.of("0x" + Long.toHexString(2 * 21_000 + 1_000)), Object.class); // two transfers a block
    try (TransactionSender s = new TransactionSender(node.web3j(), key, journal, new RevertReasons(), quick, Clock.systemUTC())) {
      s.runCycle(); // six in the pool
      for (int block = 0; block < 2; block++) {
        Thread.sleep(400); // every one of them now signed longer ago than stuckAfter
        node.mine(1); // ...but two are mined: the queue moves
        s.runCycle();
      }
      assertThat(minedNonce(key)).isEqualTo(before + 4);
      assertThat(s.replacedTotal()).as("a moving queue has nothing stuck in it").isZero();
    } finally {
      node.call("evm_setBlockGasLimit", List.of("0x" + Long.toHexString(30_000_000)), Object.class);
      automine(true);
    }
    node.mine(1);
    try (TransactionSender s = new TransactionSender(node.web3j(), key, journal, new RevertReasons(), quick, Clock.systemUTC())) {
      cycleUntilFinished(s, journal, intents);
    }
    assertThat(minedNonce(key)).isEqualTo(before + 6);
  }

  @Test
  void reSendingWhatGanacheHoldsIsNeitherAnErrorNorExecutedTwice() throws Exception {
    // Ganache answers a transaction it already holds, sent again, with "transaction underpriced"
    // (a replacement without a price bump): ~400 refused re-sends and WARN lines in one bench run.
    // The next nonce's, sent again while it waits in the pool, it took as a second transaction
    // and executed both: the recipient got 2 wei.
    try (GanacheNode ganache = GanacheNode.start(EvmNodeOptions.defaults())) {
      Credentials key = DevAccounts.get(5);
      InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
      List<TxIntent> intents = submitTransfers(journal, "ganache-resent-", 3);
      TransactionSender.Config d = TransactionSender.Config.defaults(ganache.chainId());
      TransactionSender.Config eager = new TransactionSender.Config(ganache.chainId(), 16, d.stuckAfter(), Duration.ofMillis(1),
          d.pollInterval(), d.gasHeadroomPercent(), d.fees());
      ganache.call("miner_stop", List.of(), Object.class);
      try (TransactionSender s = new TransactionSender(ganache.web3j(), key, journal, new RevertReasons(), eager, Clock.systemUTC())) {
        s.runCycle(); // all three in Ganache's pool, none mined
        Thread.sleep(5);
        s.runCycle(); // sent again, but for the next nonce's, which the node still holds
        assertThat(s.rebroadcastTotal()).isEqualTo(2);
        assertThat(s.rpcErrorTotal()).as("Ganache's refusals of what it holds").isZero();
        ganache.call("miner_start", List.of(), Object.class);
        cycleUntilFinished(s, journal, intents);
      }
      assertEachExecutedOnce(ganache, intents);
    }
  }

  @Test
  void aRestartedSenderSettlesWhatTheFirstSigned() throws Exception {
    Credentials key = DevAccounts.get(8);
    InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
    List<TxIntent> intents = submitTransfers(journal, "restart-", 8);
    long before = minedNonce(key);
    List<String> signed = new ArrayList<>();
    automine(false);
    try {
      try (TransactionSender first = sender(key, journal)) {
        first.runCycle(); // signs, records and broadcasts all eight; none is mined yet
      }
      for (TxIntent i : intents) {
        signed.add(journal.outbound(i.intentId()).latest().hash());
      }
      node.mine(1);
    } finally {
      automine(true);
    }
    try (TransactionSender second = sender(key, journal)) {
      cycleUntilFinished(second, journal, intents);
    }
    assertThat(minedNonce(key)).isEqualTo(before + 8);
    for (int i = 0; i < intents.size(); i++) {
      TxOutcome.Succeeded done = (TxOutcome.Succeeded) journal.outcome(intents.get(i).intentId());
      assertThat(done.txHash()).isEqualTo(signed.get(i));
      assertThat(balance(intents.get(i).to())).isEqualTo(BigInteger.ONE);
    }
  }

  @Test
  void aWithdrawnInFlightIntentIsReplacedByANoOp() throws Exception {
    Credentials key = DevAccounts.get(9);
    InMemoryTransactionJournal journal = new InMemoryTransactionJournal();
    List<TxIntent> intents = List.of(transfer("withdraw-0"), transfer("withdraw-1"), transfer("withdraw-2"));
    intents.forEach(journal::submit);
    long before = minedNonce(key);
    automine(false);
    try (TransactionSender s = sender(key, journal)) {
      s.runCycle(); // all three in the node's pool
      journal.withdraw("withdraw-1"); // e.g. its request was reorganised away
      s.runCycle(); // the sender learns it from the journal and replaces nonce+1 with a no-op
      node.mine(1);
      automine(true);
      cycleUntilFinished(s, journal, intents);
    } finally {
      automine(true);
    }
    assertThat(minedNonce(key)).isEqualTo(before + 3);
    assertThat(journal.outcome("withdraw-0")).isInstanceOf(TxOutcome.Succeeded.class);
    assertThat(journal.outcome("withdraw-1")).isInstanceOf(TxOutcome.Cancelled.class);
    assertThat(journal.outcome("withdraw-2")).isInstanceOf(TxOutcome.Succeeded.class);
    assertThat(balance(intents.get(0).to())).isEqualTo(BigInteger.ONE);
    assertThat(balance(intents.get(1).to())).isZero();
    assertThat(balance(intents.get(2).to())).isEqualTo(BigInteger.ONE);
  }

  /** Delegates everything; tests override what should fail. */
  private static class ForwardingJournal implements TransactionJournal {
    private final TransactionJournal d;

    ForwardingJournal(TransactionJournal d) {
      this.d = d;
    }

    @Override
    public List<TxIntent> unassigned(String sender, int limit) {
      return d.unassigned(sender, limit);
    }

    @Override
    public void assign(String sender, TxIntent intent, long nonce, TxAttempt first) {
      d.assign(sender, intent, nonce, first);
    }

    @Override
    public void assignAll(String sender, List<Assignment> batch) {
      d.assignAll(sender, batch);
    }

    @Override
    public void addAttempt(String sender, String intentId, TxAttempt attempt) {
      d.addAttempt(sender, intentId, attempt);
    }

    @Override
    public void finish(String sender, String intentId, TxOutcome outcome) {
      d.finish(sender, intentId, outcome);
    }

    @Override
    public void finishAll(String sender, Map<String, TxOutcome> outcomes) {
      d.finishAll(sender, outcomes);
    }

    @Override
    public List<OutboundTx> inFlight(String sender) {
      return d.inFlight(sender);
    }

    @Override
    public java.util.Set<String> withdrawnInFlight(String sender) {
      return d.withdrawnInFlight(sender);
    }

    @Override
    public long lastAssignedNonce(String sender) {
      return d.lastAssignedNonce(sender);
    }

    @Override
    public void recordFiller(String sender, TxIntent filler, long nonce, TxAttempt attempt) {
      d.recordFiller(sender, filler, nonce, attempt);
    }
  }
}
