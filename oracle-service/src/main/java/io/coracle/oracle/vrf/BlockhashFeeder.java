package io.coracle.oracle.vrf;

import io.coracle.contracts.BlockHeaderRlp;
import io.coracle.chain.tx.TxIntent;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jboss.logging.Logger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * Makes old requests fulfillable. BLOCKHASH only reaches back 256 blocks; a request proven later
 * (the service was down, the queue was long) needs its block's hash in the BlockhashStore first:
 * {@code store(a)} for a recent block, then {@code storeVerifyHeader} down the header chain to the
 * request's block, each proving a parent hash by its child's header. These transactions and the
 * fulfilment are queued together, in order, behind the same nonce owner.
 */
@ApplicationScoped
public class BlockhashFeeder {
  private static final Logger LOG = Logger.getLogger(BlockhashFeeder.class);
  /** Younger than this, a fulfilment will still find its hash by BLOCKHASH when it is mined. */
  public static final long BLOCKHASH_SAFE_AGE = 200;
  /** How far below the head the walk anchors, so store(a) still sees BLOCKHASH(a) when mined. */
  static final long ANCHOR_DEPTH = 100;

  @Inject ChainClient chain;
  @Inject CoracleConfig config;
  @Inject FulfilmentEncoder encoder;
  @Inject SenderService sender;

  @Scheduled(every = "2s", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void feed() {
    List<VrfRequest> waiting;
    try {
      waiting =
          VertxContextSupport.subscribeAndAwait(
              () -> Panache.withSession(
                  () -> VrfRequest.<VrfRequest>find(
                          "awaitingBlockhash = true and state = ?1 order by blockNumber", RequestState.PROVEN)
                      .page(0, 50)
                      .list()));
    } catch (Throwable t) {
      LOG.debugf("blockhash feeder cannot read the ledger: %s", t.getMessage());
      return;
    }
    for (VrfRequest r : waiting) {
      try {
        release(r);
      } catch (Throwable t) {
        LOG.warnf("cannot prepare the blockhash of block %d for request %s yet: %s", r.blockNumber, r.requestId, t.getMessage());
      }
    }
  }

  private void release(VrfRequest r) throws Throwable {
    long head = chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    List<TxIntent> intents = new ArrayList<>();
    if (head - r.blockNumber > BLOCKHASH_SAFE_AGE && !stored(r.blockNumber)) {
      long anchor = head - ANCHOR_DEPTH;
      intents.add(storeIntent(anchor));
      for (long n = anchor - 1; n >= r.blockNumber; n--) {
        intents.add(storeVerifyIntent(n));
      }
      LOG.infof("request %s is %d blocks old: storing block hashes %d..%d first (%d transactions)",
          r.requestId, head - r.blockNumber, r.blockNumber, anchor, intents.size());
    }
    RandomnessProver.Proof proof =
        new RandomnessProver.Proof(hex(r.alpha), hex(r.pi), hex(r.beta));
    TxIntent fulfil = encoder.fulfilIntent(r, proof);
    String signer = sender.signerAddress();
    long chainId = chain.chainId();
    VertxContextSupport.subscribeAndAwait(
        () -> Panache.withTransaction(
            () -> {
              Uni<Boolean> chainUni = Uni.createFrom().item(true);
              for (TxIntent i : intents) {
                chainUni = chainUni.flatMap(x -> PostgresTransactionJournal.enqueue(chainId, signer, i));
              }
              return chainUni
                  .flatMap(x -> PostgresTransactionJournal.enqueue(chainId, signer, fulfil))
                  .flatMap(x -> VrfRequest.<VrfRequest>findById(r.id))
                  .invoke(row -> row.awaitingBlockhash = false);
            }));
    sender.wakeUp();
  }

  private boolean stored(long block) throws IOException {
    Function f = new Function("getBlockhash", List.of(new Uint256(block)), List.of());
    var reply =
        chain.web3j()
            .ethCall(
                Transaction.createEthCallTransaction(null, config.chain().blockhashStore(), FunctionEncoder.encode(f)),
                DefaultBlockParameterName.LATEST)
            .send();
    return !reply.hasError() && !reply.isReverted() && reply.getValue() != null && reply.getValue().length() >= 66;
  }

  private TxIntent storeIntent(long n) {
    Function f = new Function("store", List.of(new Uint256(n)), List.of());
    return new TxIntent(
        "bhs:" + chain.chainId() + ":store:" + n, config.chain().blockhashStore(), FunctionEncoder.encode(f), BigInteger.ZERO,
        BigInteger.valueOf(80_000));
  }

  private TxIntent storeVerifyIntent(long n) throws IOException {
    var block =
        chain.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n + 1)), false).send().getBlock();
    if (block == null) {
      throw new IOException("node has no header for block " + (n + 1));
    }
    byte[] header = BlockHeaderRlp.encode(block);
    Function f = new Function("storeVerifyHeader", List.of(new Uint256(n), new DynamicBytes(header)), List.of());
    return new TxIntent(
        "bhs:" + chain.chainId() + ":verify:" + n, config.chain().blockhashStore(), FunctionEncoder.encode(f), BigInteger.ZERO,
        BigInteger.valueOf(120_000));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
  }
}
