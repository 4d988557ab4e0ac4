package io.coracle.chain;

import java.io.IOException;
import java.util.List;
import org.web3j.protocol.core.methods.response.Log;

/** What the follower reads from a node. One implementation speaks JSON-RPC through Web3j. */
public interface ChainReader {
  long chainId() throws IOException;

  long headNumber() throws IOException;

  BlockHeader header(long number) throws IOException;

  /** Logs of the given contracts and topics in the inclusive block range, in chain order. */
  List<Log> logs(long fromBlock, long toBlock, List<String> contracts, List<String> topic0s)
      throws IOException;
}
