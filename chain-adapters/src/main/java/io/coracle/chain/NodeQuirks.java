package io.coracle.chain;

import java.util.Locale;
import org.web3j.protocol.Web3j;

/** What a node's client is known to get wrong, from {@code web3_clientVersion}. */
public final class NodeQuirks {
  private NodeQuirks() {}

  /**
   * False for Ganache: it runs a JSON-RPC batch's calls concurrently with its miner, and under load
   * answers "transaction can't be replaced, mining has already started" and then never mines the
   * transactions it refused that way (seen with batched broadcasts and batched calls from the bench,
   * 7.9.2). Other clients (anvil, geth, reth) take batches. Unknown (the call failed): no batches.
   */
  public static boolean batchesSafely(Web3j web3j) {
    try {
      String version = web3j.web3ClientVersion().send().getWeb3ClientVersion();
      return version != null && !version.toLowerCase(Locale.ROOT).contains("ganache");
    } catch (Exception e) {
      return false;
    }
  }
}
