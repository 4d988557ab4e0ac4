package io.coracle.chain;

import io.reactivex.Flowable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.events.Notification;

/**
 * JSON-RPC over several endpoints: a call that fails to reach one endpoint (I/O error) is retried
 * on the next; the endpoint that answered stays preferred. Answers with an RPC error are answers,
 * not failures, and are returned as they are.
 */
public final class FailoverRpc implements Web3jService {
  private final List<HttpService> endpoints;
  private final List<String> urls;
  private final AtomicInteger preferred = new AtomicInteger();
  private final AtomicLong transportErrors = new AtomicLong();

  public FailoverRpc(List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one RPC URL is needed");
    }
    this.urls = List.copyOf(urls);
    this.endpoints = urls.stream().map(HttpService::new).toList();
  }

  public static Web3j web3j(List<String> urls) {
    return Web3j.build(new FailoverRpc(urls));
  }

  /** Calls that could not reach an endpoint (each failover counts once). */
  public long transportErrors() {
    return transportErrors.get();
  }

  public String currentUrl() {
    return urls.get(preferred.get());
  }

  @Override
  public <T extends Response> T send(Request request, Class<T> responseType) throws IOException {
    IOException last = null;
    int start = preferred.get();
    for (int i = 0; i < endpoints.size(); i++) {
      int idx = (start + i) % endpoints.size();
      try {
        T reply = endpoints.get(idx).send(request, responseType);
        preferred.set(idx);
        return reply;
      } catch (IOException e) {
        transportErrors.incrementAndGet();
        last = e;
      }
    }
    throw new IOException("no RPC endpoint answered (" + String.join(", ", urls) + "): " + last.getMessage(), last);
  }

  @Override
  public <T extends Response> CompletableFuture<T> sendAsync(Request request, Class<T> responseType) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return send(request, responseType);
          } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  @Override
  public BatchResponse sendBatch(BatchRequest batchRequest) throws IOException {
    IOException last = null;
    int start = preferred.get();
    for (int i = 0; i < endpoints.size(); i++) {
      int idx = (start + i) % endpoints.size();
      try {
        BatchResponse reply = endpoints.get(idx).sendBatch(batchRequest);
        preferred.set(idx);
        return reply;
      } catch (IOException e) {
        transportErrors.incrementAndGet();
        last = e;
      }
    }
    throw new IOException("no RPC endpoint answered a batch: " + last.getMessage(), last);
  }

  @Override
  public CompletableFuture<BatchResponse> sendBatchAsync(BatchRequest batchRequest) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return sendBatch(batchRequest);
          } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  @Override
  public <T extends Notification<?>> Flowable<T> subscribe(
      Request request, String unsubscribeMethod, Class<T> responseType) {
    throw new UnsupportedOperationException("subscriptions need a WebSocket endpoint; Coracle polls over HTTP");
  }

  @Override
  public void close() throws IOException {
    for (HttpService s : endpoints) {
      s.close();
    }
  }
}
