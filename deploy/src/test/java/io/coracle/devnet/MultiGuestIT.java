package io.coracle.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.testsupport.DevAccounts;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;

/**
 * Several guests, each with its own attested key, serving one coordinator. When the guest a
 * request was made for dies, another guest answers it with its own key after the coordinator's
 * failover delay; when the first comes back, nothing is delivered twice.
 */
@ExtendWith(SharedCluster.class)
class MultiGuestIT {

  @Test
  void aDeadGuestsRequestsAreAnsweredByAnotherGuestOnceAndOnlyOnce(LocalCluster c) throws Exception {
    OracleProcess first = c.oracle();
    OracleProcess second = c.addGuest("guest-2");
    try {
      String secondKey = second.keys().get("keyHash").asText();
      assertThat(secondKey).isNotEqualTo(c.keyHash());
      LoadDriver d = new LoadDriver(c.web3j(), c.chainId(), c.contracts().traitMinter(), c.contracts().coordinator());
      long from = c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();

      first.kill();
      List<LoadDriver.Request> requests = d.send(List.of(DevAccounts.get(3), DevAccounts.get(4)), 6, 0, Duration.ofMinutes(2));
      var seen = d.awaitFulfilled(requests, from, Duration.ofMinutes(3));
      for (LoadDriver.Request r : requests) {
        LoadDriver.Fulfilment f = seen.get(r.requestId()).get(0);
        assertThat(f.block() - r.block()).as("answered only after the failover delay").isGreaterThan(LocalCluster.FAILOVER_DELAY_BLOCKS);
        assertThat(f.callbackSucceeded()).isTrue();
      }
      assertThat(backupFulfilments(c, from)).as("every one answered by the second guest's key").isEqualTo(requests.size());

      // The first guest comes back and sees its old requests: it must not deliver them again.
      first.start(Duration.ofMinutes(2)).awaitReady(Duration.ofMinutes(2));
      Thread.sleep(20_000);
      var after = d.fulfilments(from);
      for (LoadDriver.Request r : requests) {
        assertThat(after.get(r.requestId())).as("fulfilments of %s", r.requestId()).hasSize(1);
        JsonNode view = first.getJson("/v1/requests/" + c.chainId() + "/" + r.requestId());
        assertThat(view.path("state").asText()).isIn("FAILED", "PROVEN", "SUBMITTED", "");
        if ("FAILED".equals(view.path("state").asText())) {
          assertThat(view.path("failureReason").asText()).contains("no longer pending");
        }
      }
      assertNoRevertedTransactionFrom(c, first.keys().get("signer").asText(), from);

      // With both alive, each guest answers its own requests at once.
      long from2 = c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
      List<LoadDriver.Request> more = d.send(List.of(DevAccounts.get(3)), 3, 0, Duration.ofMinutes(2));
      var seen2 = d.awaitFulfilled(more, from2, Duration.ofMinutes(2));
      for (LoadDriver.Request r : more) {
        assertThat(seen2.get(r.requestId())).hasSize(1);
        assertThat(seen2.get(r.requestId()).get(0).block() - r.block()).isLessThanOrEqualTo(LocalCluster.FAILOVER_DELAY_BLOCKS);
      }
      assertThat(backupFulfilments(c, from2)).isZero();

      // The second guest watched the first's requests (standby) and, once they came due, found their
      // answers in the coordinator's logs: it forgets them and answers none.
      for (LoadDriver.Request r : more) {
        assertThat(second.getJson("/v1/requests/" + c.chainId() + "/" + r.requestId()).path("standby").asBoolean())
            .as("request %s watched by the second guest", r.requestId()).isTrue();
      }
      long dueAt = more.stream().mapToLong(LoadDriver.Request::block).max().orElseThrow() + LocalCluster.FAILOVER_DELAY_BLOCKS;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      for (LoadDriver.Request r : more) {
        while (!second.getJson("/v1/requests/" + c.chainId() + "/" + r.requestId()).path("error").asText().equals("Not Found")) {
          assertThat(System.nanoTime()).as("the second guest still holds %s (head %s, due at %s)", r.requestId(),
              c.web3j().ethBlockNumber().send().getBlockNumber(), dueAt).isLessThan(deadline);
          Thread.sleep(500);
        }
      }
      assertThat(c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact()).isGreaterThan(dueAt);
      assertThat(backupFulfilments(c, from2)).isZero();
    } finally {
      second.stop();
      if (!first.isAlive()) {
        first.start(Duration.ofMinutes(2));
      }
    }
  }

  private static int backupFulfilments(LocalCluster c, long from) throws Exception {
    EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)), DefaultBlockParameterName.LATEST, c.contracts().coordinator());
    f.addSingleTopic(EventEncoder.encode(VRFCoordinator.RANDOMWORDSFULFILLEDBYBACKUP_EVENT));
    return c.web3j().ethGetLogs(f).send().getLogs().size();
  }

  private static void assertNoRevertedTransactionFrom(LocalCluster c, String signer, long from) throws Exception {
    long head = c.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
    for (long b = from; b <= head; b++) {
      var block = c.web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(b)), true).send().getBlock();
      for (var tr : block.getTransactions()) {
        var tx = (org.web3j.protocol.core.methods.response.Transaction) tr.get();
        if (tx.getFrom().equalsIgnoreCase(signer)) {
          assertThat(c.web3j().ethGetTransactionReceipt(tx.getHash()).send().getTransactionReceipt().orElseThrow().isStatusOK())
              .as("transaction %s of %s", tx.getHash(), signer).isTrue();
        }
      }
    }
  }
}
