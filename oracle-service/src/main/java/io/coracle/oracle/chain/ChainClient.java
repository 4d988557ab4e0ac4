package io.coracle.oracle.chain;

import io.coracle.chain.FailoverRpc;
import io.coracle.oracle.config.CoracleConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.protocol.Web3j;

/** The service's connection to its chain, over every configured RPC endpoint. */
@ApplicationScoped
public class ChainClient {
  private final FailoverRpc rpc;
  private final Web3j web3j;
  private final long chainId;
  private final AtomicLong lastHead = new AtomicLong(-1);

  @Inject
  public ChainClient(CoracleConfig config) {
    this.rpc = new FailoverRpc(config.chain().rpcUrls());
    this.web3j = Web3j.build(rpc);
    this.chainId = config.chain().id();
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  public long transportErrors() {
    return rpc.transportErrors();
  }

  /** Reads the head block; used by readiness. Throws when no endpoint answers or the chain is wrong. */
  public long probe() throws IOException {
    var id = web3j.ethChainId().send();
    if (id.hasError()) {
      throw new IOException("eth_chainId: " + id.getError().getMessage());
    }
    if (id.getChainId().longValueExact() != chainId) {
      throw new IOException("node is on chain " + id.getChainId() + ", expected " + chainId);
    }
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    lastHead.set(head);
    return head;
  }

  /** The newest head seen (kept fresh by {@link HeadTracker}), or -1 before the first answer. */
  public long lastHead() {
    return lastHead.get();
  }

  void observedHead(long head) {
    lastHead.set(head);
  }

  @PreDestroy
  void close() {
    web3j.shutdown();
  }
}
