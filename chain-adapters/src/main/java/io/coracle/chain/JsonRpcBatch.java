package io.coracle.chain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/**
 * Many JSON-RPC calls to one node as few round trips: batches of {@link #CHUNK} where the node
 * takes batches, one call at a time where it does not ({@link NodeQuirks}, asked once). Replies
 * come back in the order of the requests whatever order the node answered in; a reply may carry a
 * JSON-RPC error, which the caller judges. A call the node left unanswered fails the whole send
 * with an {@link IOException}: callers act on complete answers only.
 */
public final class JsonRpcBatch {
  /** Calls per batch: a busy block's receipts or broadcasts, a few round trips in all. */
  public static final int CHUNK = 128;

  private final Web3j web3j;
  private volatile Boolean batches;

  public JsonRpcBatch(Web3j web3j) {
    this.web3j = web3j;
  }

  /** Whether this node gets batches (false for Ganache; decided on first use). */
  public boolean batchesSafely() {
    Boolean b = batches;
    if (b == null) {
      b = NodeQuirks.batchesSafely(web3j);
      batches = b;
    }
    return b;
  }

  /** One reply per request, in the requests' order. */
  public <R extends Response<?>> List<R> send(List<? extends Request<?, R>> requests) throws IOException {
    List<R> out = new ArrayList<>(requests.size());
    int chunkSize = batchesSafely() ? CHUNK : 1;
    for (int from = 0; from < requests.size(); from += chunkSize) {
      List<? extends Request<?, R>> chunk = requests.subList(from, Math.min(requests.size(), from + chunkSize));
      if (chunk.size() == 1) {
        out.add(chunk.get(0).send());
        continue;
      }
      BatchRequest batch = web3j.newBatch();
      Map<Long, Integer> slotOf = new HashMap<>();
      for (int i = 0; i < chunk.size(); i++) {
        slotOf.put(chunk.get(i).getId(), i);
        batch.add(chunk.get(i));
      }
      List<R> slots = new ArrayList<>(java.util.Collections.nCopies(chunk.size(), (R) null));
      for (Response<?> reply : batch.send().getResponses()) {
        Integer slot = slotOf.remove(reply.getId());
        if (slot != null) {
          @SuppressWarnings("unchecked") // the reply to a request is of that request's response type
          R typed = (R) reply;
          slots.set(slot, typed);
        }
      }
      if (!slotOf.isEmpty()) {
        throw new IOException(chunk.get(0).getMethod() + ": the node answered " + (chunk.size() - slotOf.size()) + " of "
            + chunk.size() + " batched calls");
      }
      out.addAll(slots);
    }
    return out;
  }
}
