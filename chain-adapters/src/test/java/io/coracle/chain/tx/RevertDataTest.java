package io.coracle.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthEstimateGas;

/** Revert data as different nodes report it in an RPC error. */
class RevertDataTest {
  private static EthEstimateGas error(String message, Object data) {
    EthEstimateGas r = new EthEstimateGas();
    r.setError(new Response.Error(3, message));
    r.getError().setData(data == null ? null : data.toString());
    return r;
  }

  @Test
  void plainHexData() {
    assertThat(TransactionSender.errorData(error("execution reverted", "0xd554ed15"))).isEqualTo("0xd554ed15");
  }

  @Test
  void ganachesWrappedResult() {
    String ganache = "{\"hash\":null,\"programCounter\":2181,\"result\":\"0xd554ed15aa\",\"reason\":null,\"message\":\"revert\"}";
    assertThat(TransactionSender.errorData(error("VM Exception while processing transaction: revert", ganache))).isEqualTo("0xd554ed15aa");
  }

  @Test
  void onlyAMessageBecomesAnErrorString() {
    String data = TransactionSender.errorData(error("insufficient funds", null));
    assertThat(new RevertReasons().decode(data)).isEqualTo("insufficient funds");
  }
}
