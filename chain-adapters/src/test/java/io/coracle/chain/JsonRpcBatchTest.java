package io.coracle.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Service;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthBlockNumber;

/**
 * Chunking, reply order and completeness of {@link JsonRpcBatch}, against a scripted JSON-RPC
 * transport (pure logic; the real nodes are exercised by TransactionSenderIT and the system ITs).
 * Each call's answer is its own JSON-RPC id, so a reply matched to the wrong request shows.
 */
class JsonRpcBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A node that answers eth_blockNumber with the call's id, batches in a shuffled order. */
  static final class ScriptedNode extends Service {
    final String clientVersion;
    final long seed;
    int dropFromBatch = -1;
    final List<Integer> batchSizes = new ArrayList<>();
    int singleCalls;

    ScriptedNode(String clientVersion, long seed) {
      super(false);
      this.clientVersion = clientVersion;
      this.seed = seed;
    }

    @Override
    protected InputStream performIO(String payload) throws IOException {
      JsonNode request = JSON.readTree(payload);
      String body;
      if (request.isArray()) {
        batchSizes.add(request.size());
        List<JsonNode> replies = new ArrayList<>();
        for (JsonNode call : request) {
          replies.add(answer(call));
        }
        Collections.shuffle(replies, new Random(seed + batchSizes.size()));
        if (dropFromBatch >= 0) {
          replies.remove(dropFromBatch);
        }
        ArrayNode out = JSON.createArrayNode();
        replies.forEach(out::add);
        body = JSON.writeValueAsString(out);
      } else {
        if (!"web3_clientVersion".equals(request.path("method").asText())) {
          singleCalls++;
        }
        body = JSON.writeValueAsString(answer(request));
      }
      return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode answer(JsonNode call) {
      ObjectNode reply = JSON.createObjectNode();
      reply.put("jsonrpc", "2.0");
      reply.set("id", call.get("id"));
      if ("web3_clientVersion".equals(call.path("method").asText())) {
        reply.put("result", clientVersion);
      } else {
        reply.put("result", "0x" + Long.toHexString(call.get("id").asLong()));
      }
      return reply;
    }

    @Override
    public void close() {}
  }

  private static List<Request<?, EthBlockNumber>> calls(Web3j web3j, int n) {
    List<Request<?, EthBlockNumber>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(web3j.ethBlockNumber());
    }
    return out;
  }

  private static void assertInRequestOrder(List<Request<?, EthBlockNumber>> requests, List<EthBlockNumber> replies) {
    assertThat(replies).hasSameSizeAs(requests);
    for (int i = 0; i < requests.size(); i++) {
      assertThat(replies.get(i).getBlockNumber()).isEqualTo(BigInteger.valueOf(requests.get(i).getId()));
    }
  }

  @Test
  void aNodeThatTakesBatchesGetsChunksAndTheRepliesComeBackInRequestOrder() throws Exception {
    ScriptedNode node = new ScriptedNode("anvil/v1.7.1", 7);
    Web3j web3j = Web3j.build(node);
    var requests = calls(web3j, 2 * JsonRpcBatch.CHUNK + 44);
    assertInRequestOrder(requests, new JsonRpcBatch(web3j).send(requests));
    assertThat(node.batchSizes).containsExactly(JsonRpcBatch.CHUNK, JsonRpcBatch.CHUNK, 44);
    assertThat(node.singleCalls).isZero();
  }

  @Test
  void ganacheGetsOneCallAtATime() throws Exception {
    ScriptedNode node = new ScriptedNode("Ganache/v7.9.2/EthereumJS TestRPC/v7.9.2/ethereum-js", 7);
    Web3j web3j = Web3j.build(node);
    JsonRpcBatch batch = new JsonRpcBatch(web3j);
    var requests = calls(web3j, 5);
    assertInRequestOrder(requests, batch.send(requests));
    assertThat(batch.batchesSafely()).isFalse();
    assertThat(node.batchSizes).isEmpty();
    assertThat(node.singleCalls).isEqualTo(5);
  }

  @Test
  void anUnansweredCallFailsTheWholeSend() {
    ScriptedNode node = new ScriptedNode("anvil/v1.7.1", 7);
    node.dropFromBatch = 3;
    Web3j web3j = Web3j.build(node);
    assertThatThrownBy(() -> new JsonRpcBatch(web3j).send(calls(web3j, 10)))
        .isInstanceOf(IOException.class)
        .hasMessage("eth_blockNumber: the node answered 9 of 10 batched calls");
  }

  @Test
  void nothingToSendSendsNothing() throws Exception {
    ScriptedNode node = new ScriptedNode("anvil/v1.7.1", 7);
    Web3j web3j = Web3j.build(node);
    assertThat(new JsonRpcBatch(web3j).send(List.<Request<?, EthBlockNumber>>of())).isEmpty();
    assertThat(node.batchSizes).isEmpty();
    assertThat(node.singleCalls).isZero();
  }

  @Property(tries = 60)
  void anyNumberOfCallsInAnyReplyOrderComesBackInRequestOrder(
      @ForAll @IntRange(min = 1, max = 400) int n, @ForAll long seed) throws Exception {
    ScriptedNode node = new ScriptedNode("reth/v1.0.0", seed);
    Web3j web3j = Web3j.build(node);
    var requests = calls(web3j, n);
    assertInRequestOrder(requests, new JsonRpcBatch(web3j).send(requests));
    assertThat(node.batchSizes.stream().mapToInt(Integer::intValue).sum() + node.singleCalls).isEqualTo(n);
  }
}
