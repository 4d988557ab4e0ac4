package io.coracle.contracts.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Function;
import io.coracle.testsupport.AnvilNode;
import io.coracle.testsupport.DevAccounts;
import io.coracle.testsupport.EvmClient;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeOptions;
import io.coracle.testsupport.GanacheNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/** Both local clients start, serve the shanghai hardfork with the dev accounts, and isolate state. */
class EvmNodeIT {
  // PUSH0 (shanghai) then RETURN 32 bytes of memory: init code that deploys nothing is not needed,
  // an eth_call with code as data runs it as creation code.
  private static final String PUSH0_PROGRAM = "0x5f5f5260205ff3";

  @ParameterizedTest
  @EnumSource(EvmClient.class)
  void startsServesAndStops(EvmClient client) throws Exception {
    Function<EvmNodeOptions, EvmNode> start = client == EvmClient.GANACHE ? GanacheNode::start : AnvilNode::start;
    EvmNode node = start.apply(EvmNodeOptions.defaults().withChainId(31_337));
    try (node) {
      Web3j web3j = node.web3j();
      assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(31_337));
      assertThat(web3j.ethGetBalance(DevAccounts.get(3).getAddress(), DefaultBlockParameterName.LATEST).send().getBalance())
          .isEqualTo(DevAccounts.balanceWei());

      // shanghai: PUSH0 executes
      EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(DevAccounts.get(0).getAddress(), null, PUSH0_PROGRAM),
          DefaultBlockParameterName.LATEST).send();
      assertThat(call.hasError()).as("PUSH0 must run: %s", call.getError() == null ? "" : call.getError().getMessage()).isFalse();

      BigInteger start0 = node.blockNumber();
      try (EvmNode.Snapshot ignored = node.snapshot()) {
        node.mine(5);
        assertThat(node.blockNumber()).isEqualTo(start0.add(BigInteger.valueOf(5)));
      }
      assertThat(node.blockNumber()).isEqualTo(start0);
      assertThat(node.logFile()).exists();
    }
    assertThat(node.isRunning()).isFalse();
    assertThat(Files.size(node.logFile())).isPositive();
  }

  @ParameterizedTest
  @EnumSource(EvmClient.class)
  void twoNodesRunSideBySideOnDifferentPorts(EvmClient client) {
    Function<EvmNodeOptions, EvmNode> start = client == EvmClient.GANACHE ? GanacheNode::start : AnvilNode::start;
    try (EvmNode a = start.apply(EvmNodeOptions.defaults()); EvmNode b = start.apply(EvmNodeOptions.defaults().withBlockTime(1))) {
      assertThat(a.rpcUrl()).isNotEqualTo(b.rpcUrl());
      a.mine(3);
      assertThat(a.blockNumber()).isGreaterThanOrEqualTo(BigInteger.valueOf(3));
      assertThat(List.of(a.isRunning(), b.isRunning())).containsOnly(true);
    }
  }
}
