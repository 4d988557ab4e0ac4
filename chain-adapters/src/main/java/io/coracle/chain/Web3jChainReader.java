package io.coracle.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/** {@link ChainReader} over JSON-RPC. RPC errors become {@link IOException}s with the node's message. */
public final class Web3jChainReader implements ChainReader {
  private final Web3j web3j;

  public Web3jChainReader(Web3j web3j) {
    this.web3j = web3j;
  }

  @Override
  public long chainId() throws IOException {
    return checked(web3j.ethChainId().send(), "eth_chainId").getChainId().longValueExact();
  }

  @Override
  public long headNumber() throws IOException {
    return checked(web3j.ethBlockNumber().send(), "eth_blockNumber").getBlockNumber().longValueExact();
  }

  @Override
  public BlockHeader header(long number) throws IOException {
    EthBlock reply =
        checked(
            web3j
                .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                .send(),
            "eth_getBlockByNumber");
    EthBlock.Block b = reply.getBlock();
    if (b == null) {
      throw new IOException("node has no block " + number + " (yet)");
    }
    return new BlockHeader(
        b.getNumber().longValueExact(), b.getHash(), b.getParentHash(), b.getTimestamp().longValue());
  }

  @Override
  public List<Log> logs(long fromBlock, long toBlock, List<String> contracts, List<String> topic0s)
      throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)),
            contracts);
    filter.addOptionalTopics(topic0s.toArray(String[]::new));
    EthLog reply = checked(web3j.ethGetLogs(filter).send(), "eth_getLogs");
    List<Log> logs = new ArrayList<>();
    for (EthLog.LogResult<?> r : reply.getLogs()) {
      if (r.get() instanceof Log log) {
        logs.add(log);
      } else {
        throw new IOException("eth_getLogs answered with hashes instead of logs");
      }
    }
    logs.sort(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));
    return logs;
  }

  static <T extends Response<?>> T checked(T reply, String method) throws IOException {
    if (reply.hasError()) {
      throw new IOException(method + " failed: " + reply.getError().getMessage());
    }
    return reply;
  }
}
