package io.coracle.oracle.vrf;

import io.coracle.chain.JsonRpcBatch;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.ledger.RequestState;
import io.coracle.oracle.ledger.VrfRequest;
import io.coracle.oracle.sender.PostgresTransactionJournal;
import io.coracle.oracle.sender.SenderService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * Several guests serve one coordinator, each with its own attested key. When a guest dies, its
 * requests stay pending; after the coordinator's failover delay this watcher answers the ones still
 * pending with this guest's key ({@code fulfillRandomWordsAsBackup}). The coordinator deletes a
 * request's commitment at its first fulfilment, and each answer is estimated before it is signed,
 * so a request is delivered once whichever guest answers first.
 */
@ApplicationScoped
public class FailoverWatcher {
  private static final Logger LOG = Logger.getLogger(FailoverWatcher.class);

  @Inject CoracleConfig config;
  @Inject ChainClient chain;
  @Inject RandomnessProver prover;
  @Inject FulfilmentEncoder encoder;
  @Inject SenderService sender;

  /** The coordinator's failover delay in blocks, read from chain (0 = off or not read yet). */
  private volatile long delayBlocks;

  /** True when a request of this age may already have been answered by a backup guest. */
  public boolean mayHaveBeenAnswered(long requestBlock, long head) {
    long d = delayBlocks;
    return config.failover().enabled() && d > 0 && (head < 0 || head - requestBlock >= d);
  }

  /** Up to this many standby requests are checked per pass, in JSON-RPC batches. */
  static final int CHECKS_PER_PASS = 200;

  private volatile VRFCoordinator coordinator;
  private volatile JsonRpcBatch rpc;

  private VRFCoordinator coordinator() {
    VRFCoordinator c = coordinator;
    if (c == null) {
      // Built once: a web3j contract wrapper builds its own HTTP client for ENS on construction.
      c = VRFCoordinator.load(config.chain().coordinator(), chain.web3j(),
          new ReadonlyTransactionManager(chain.web3j(), config.chain().coordinator()), new DefaultGasProvider());
      coordinator = c;
    }
    return c;
  }

  @Scheduled(every = "2s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void watch() {
    if (!config.failover().enabled()) {
      return;
    }
    try {
      delayBlocks = coordinator().failoverDelay().send().longValueExact();
      long head = chain.lastHead();
      if (delayBlocks == 0 || head < 0) {
        return;
      }
      List<VrfRequest> due =
          VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
              VrfRequest.<VrfRequest>find("standby = true and state = ?1 and blockNumber < ?2 order by blockNumber",
                      RequestState.RECEIVED, head - delayBlocks)
                  .page(0, CHECKS_PER_PASS)
                  .list()));
      if (due.isEmpty()) {
        return;
      }
      Set<String> pending = stillPending(due, head);
      // Answered by their own guest (or another backup), or released: nothing for us to do.
      List<String> answered = due.stream().map(r -> r.id).filter(id -> !pending.contains(id)).toList();
      if (!answered.isEmpty()) {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
            VrfRequest.delete("id in ?1 and standby = true", answered)));
      }
      for (VrfRequest r : due) {
        if (pending.contains(r.id)) {
          answer(r, head);
        }
      }
    } catch (Throwable t) {
      LOG.debugf("failover watch: %s", t.getMessage());
    }
  }

  /** Blocks per {@code eth_getLogs} call when looking for answers (providers cap a call's range). */
  static final long LOG_RANGE = 2_000;

  private static final String FULFILLED_TOPIC = EventEncoder.encode(VRFCoordinator.RANDOMWORDSFULFILLED_EVENT);

  /**
   * The ids of those requests whose commitment the coordinator still holds. The answers are looked
   * up first in the coordinator's RandomWordsFulfilled logs (one {@code eth_getLogs} per pass,
   * filtered on the due request ids): a healthy peer has answered them all, and one
   * {@code pendingRequestCommitment} call per request made this watcher the busiest client of the
   * node (Ganache, which refuses batches, served 1,000 calls in a row when a peer's burst came due).
   * Only requests with no answer in the logs are asked about one by one: those still pending, and
   * those whose commitment went another way.
   */
  private Set<String> stillPending(List<VrfRequest> due, long head) throws Exception {
    Set<BigInteger> answered = answeredInLogs(due, head);
    List<VrfRequest> unknown = due.stream().filter(r -> !answered.contains(r.requestId.toBigIntegerExact())).toList();
    return unknown.isEmpty() ? Set.of() : commitmentsHeld(unknown);
  }

  private Set<BigInteger> answeredInLogs(List<VrfRequest> due, long head) throws IOException {
    Web3j web3j = chain.web3j();
    long from = due.stream().mapToLong(r -> r.blockNumber).min().orElse(head);
    String[] ids = due.stream()
        .map(r -> Numeric.toHexStringWithPrefixZeroPadded(r.requestId.toBigIntegerExact(), 64))
        .distinct()
        .toArray(String[]::new);
    Set<BigInteger> out = new HashSet<>();
    for (long lo = from; lo <= head; lo += LOG_RANGE) {
      long hi = lo + LOG_RANGE - 1;
      // The last range runs to the node's latest block: an answer mined since our head counts too.
      DefaultBlockParameter to = hi >= head ? DefaultBlockParameterName.LATEST : DefaultBlockParameter.valueOf(BigInteger.valueOf(hi));
      EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(lo)), to, config.chain().coordinator());
      filter.addSingleTopic(FULFILLED_TOPIC);
      filter.addOptionalTopics(ids);
      EthLog logs = web3j.ethGetLogs(filter).send();
      if (logs.hasError()) {
        throw new IOException("eth_getLogs of RandomWordsFulfilled failed: " + logs.getError().getMessage());
      }
      for (EthLog.LogResult<?> result : logs.getLogs()) {
        Log log = (Log) result.get();
        if (log.getTopics().size() > 1 && FULFILLED_TOPIC.equalsIgnoreCase(log.getTopics().get(0))) {
          out.add(Numeric.toBigInt(log.getTopics().get(1)));
        }
      }
    }
    return out;
  }

  /**
   * The ids of those requests whose commitment the coordinator still holds: one JSON-RPC batch of
   * {@code pendingRequestCommitment} calls (calls one by one where the node refuses batches).
   */
  private Set<String> commitmentsHeld(List<VrfRequest> due) throws Exception {
    Web3j web3j = chain.web3j();
    JsonRpcBatch batch = rpc;
    if (batch == null) {
      batch = new JsonRpcBatch(web3j);
      rpc = batch;
    }
    String at = config.chain().coordinator();
    List<EthCall> replies = batch.send(due.stream()
        .map(r -> web3j.ethCall(
            Transaction.createEthCallTransaction(at, at,
                coordinator().pendingRequestCommitment(r.requestId.toBigIntegerExact()).encodeFunctionCall()),
            DefaultBlockParameterName.LATEST))
        .toList());
    Set<String> pending = new HashSet<>();
    for (int i = 0; i < due.size(); i++) {
      EthCall reply = replies.get(i);
      if (reply.hasError()) {
        throw new IOException("pendingRequestCommitment failed: " + reply.getError().getMessage());
      }
      String value = reply.getValue();
      if (value != null && held(Numeric.hexStringToByteArray(value))) {
        pending.add(due.get(i).id);
      }
    }
    return pending;
  }

  private static boolean held(byte[] commitment) {
    return commitment != null && new BigInteger(1, commitment).signum() != 0;
  }

  private void answer(VrfRequest r, long head) throws Throwable {
    RandomnessProver.Proof proof = prover.prove(r.preSeed.toBigIntegerExact(), r.blockHash);
    LOG.warnf("request %s for key %s is still pending %d blocks after block %d: answering it with this guest's key",
        r.requestId, r.keyHash, head - r.blockNumber, r.blockNumber);
    VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
        VrfRequest.<VrfRequest>findById(r.id).flatMap(row -> {
          if (row == null || !row.standby || row.state != RequestState.RECEIVED) {
            return Uni.createFrom().voidItem();
          }
          row.standby = false;
          row.answeredByKey = prover.keyHash();
          row.alpha = proof.alphaHex();
          row.pi = proof.piHex();
          row.beta = proof.betaHex();
          row.state = RequestState.PROVEN;
          row.provenAt = Instant.now();
          row.intentId = VrfOutboxHooks.intentId(row.chainId, row.requestId.toBigIntegerExact(), row.generation) + ":backup";
          row.awaitingBlockhash = head - row.blockNumber > BlockhashFeeder.BLOCKHASH_SAFE_AGE;
          if (row.awaitingBlockhash) {
            return Uni.createFrom().voidItem(); // the blockhash feeder queues it after the hashes
          }
          // Checked by a call just before signing: if the owner wakes up first, nothing is signed.
          var intent = encoder.fulfilIntent(row, proof).checkedFirst();
          return PostgresTransactionJournal.enqueue(row.chainId, sender.signerAddress(), intent).replaceWithVoid();
        })));
    sender.wakeUp();
  }
}
