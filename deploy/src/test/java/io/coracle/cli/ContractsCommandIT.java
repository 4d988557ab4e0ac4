package io.coracle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.testsupport.DevAccounts;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.utils.Numeric;

/** ./coracle contracts deploy against a real Ganache, and vrf calldata checked by the deployed verifier. */
@EvmNodeTest
class ContractsCommandIT {
  private static final String KEY = Numeric.toHexStringNoPrefixZeroPadded(DevAccounts.get(0).getEcKeyPair().getPrivateKey(), 64);

  @Test
  void deploysTheWholeSetAndPrintsItsAddresses(EvmNode node) throws Exception {
    VrfCalldataCommandTest.Run run = VrfCalldataCommandTest.run("contracts", "deploy", "--rpc", node.rpcUrl(), "--private-key", "0x" + KEY);
    assertThat(run.exit()).as(run.err()).isEqualTo(0);
    JsonNode json = run.json();
    List<String> names = List.of("coordinator", "registry", "blockhashStore", "verifier", "traitMinter", "lottery");
    assertThat(json.size()).isEqualTo(names.size());
    for (String name : names) {
      String address = json.get(name).asText();
      assertThat(address).as(name).matches("0x[0-9a-fA-F]{40}");
      String code = node.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
      assertThat(code.length()).as("%s has code", name).isGreaterThan(2);
    }
    assertThat(run.out()).doesNotContain(KEY);

    // any proof can now be checked with a plain eth_call of `vrf calldata`'s output
    VrfCalldataCommandTest.Run calldata = VrfCalldataCommandTest.run("vrf", "calldata", "--pk", VrfCalldataCommandTest.PK, "--alpha",
        VrfCalldataCommandTest.ALPHA, "--pi", VrfCalldataCommandTest.PI);
    String result = node.web3j().ethCall(Transaction.createEthCallTransaction(DevAccounts.get(1).getAddress(),
        json.get("verifier").asText(), calldata.json().get("calldata").asText()), DefaultBlockParameterName.LATEST).send().getValue();
    byte[] out = Numeric.hexStringToByteArray(result);
    assertThat(out[31]).as("valid").isEqualTo((byte) 1);
    assertThat(Hex.toHexString(out, 32, 32)).isEqualTo("016314744433d388b614524d2db951ddf0f91d44b73e7535fb21efe33e606f48");
  }

  @Test
  void anUnreachableNodeFailsClearlyWithoutTheKey() {
    VrfCalldataCommandTest.Run run = VrfCalldataCommandTest.run("contracts", "deploy", "--rpc", "http://127.0.0.1:1", "--private-key", KEY);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the node").doesNotContain(KEY).doesNotContain("Exception");
    assertThat(run.out()).isEmpty();
  }
}
