package io.coracle.contracts.it;

import io.coracle.contracts.BlockHeaderRlp;
import static io.coracle.contracts.it.Chain.selector;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.generated.BlockhashStore;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.math.BigInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;

/** Recent hashes straight from BLOCKHASH; older ones walked back through real RLP headers. */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockhashStoreIT {
  private Chain chain;
  private BlockhashStore store;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    store = BlockhashStore.deploy(chain.web3j, chain.tm(chain.account(0)), Chain.gas()).send();
  }

  private EthBlock.Block block(long n) throws Exception {
    return chain.web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false).send().getBlock();
  }

  private String revert(String data) {
    return chain.revertSelector(chain.account(0).getAddress(), store.getContractAddress(), data);
  }

  @Test
  void storesRecentHashesAndRefusesOthers() throws Exception {
    chain.node.mine(5);
    long n = chain.node.blockNumber().longValue() - 2;
    store.store(BigInteger.valueOf(n)).send();
    assertThat(store.getBlockhash(BigInteger.valueOf(n)).send()).isEqualTo(chain.blockHash(n));
    long future = chain.node.blockNumber().longValue() + 10;
    assertThat(revert(store.store(BigInteger.valueOf(future)).encodeFunctionCall())).isEqualTo(selector("BlockhashNotInWindow(uint256)"));
    assertThat(revert(store.getBlockhash(BigInteger.valueOf(n - 1)).encodeFunctionCall())).isEqualTo(selector("UnknownBlockhash(uint256)"));
  }

  @Test
  void storesTheEarliestAndRefusesWhatLeftTheWindow() throws Exception {
    chain.node.mine(300);
    long head = chain.node.blockNumber().longValue();
    assertThat(revert(store.store(BigInteger.valueOf(head - 280)).encodeFunctionCall())).isEqualTo(selector("BlockhashNotInWindow(uint256)"));
    var receipt = store.storeEarliest().send();
    long earliest = receipt.getBlockNumber().longValue() - 256;
    assertThat(store.getBlockhash(BigInteger.valueOf(earliest)).send()).isEqualTo(chain.blockHash(earliest));
  }

  @Test
  void walksBackThroughHeadersBeyondTheWindow() throws Exception {
    chain.node.mine(3);
    long child = chain.node.blockNumber().longValue();
    store.store(BigInteger.valueOf(child)).send();
    chain.node.mine(300); // both blocks leave the BLOCKHASH window
    for (long n = child - 1; n >= child - 3; n--) {
      byte[] header = BlockHeaderRlp.encode(block(n + 1));
      assertThat(Hash.sha3(header)).as("rebuilt header of %d", n + 1).isEqualTo(chain.blockHash(n + 1));
      store.storeVerifyHeader(BigInteger.valueOf(n), header).send();
      assertThat(store.getBlockhash(BigInteger.valueOf(n)).send()).isEqualTo(chain.blockHash(n));
    }
  }

  @Test
  void refusesHeadersThatDoNotMatch() throws Exception {
    chain.node.mine(4);
    long child = chain.node.blockNumber().longValue();
    store.store(BigInteger.valueOf(child)).send();
    byte[] wrongHeader = BlockHeaderRlp.encode(block(child - 1));
    assertThat(revert(store.storeVerifyHeader(BigInteger.valueOf(child - 1), wrongHeader).encodeFunctionCall()))
        .isEqualTo(selector("HeaderDoesNotMatchChild(uint256)"));
    byte[] header = BlockHeaderRlp.encode(block(child - 1));
    assertThat(revert(store.storeVerifyHeader(BigInteger.valueOf(child - 2), header).encodeFunctionCall()))
        .isEqualTo(selector("ChildNotStored(uint256)"));
  }
}
