package io.coracle.chain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.utils.Numeric;

/**
 * The verifier's small HTTP API, for the enclave (or anyone) to ask for an approval:
 * <ul>
 *   <li>{@code POST /v1/approvals} {@code {"keyHash": "0x..", "expiresAt": UNIX_SECONDS}}: 200 with
 *       the approval and the signature, 422 with the reason and the checks when refused, 400 on a
 *       malformed body;
 *   <li>{@code GET /v1/verifier}: this verifier's address, chain and registry.
 * </ul>
 * The decision is made from chain data only; the request names the key, nothing more.
 */
public final class VerifierHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierHttpServer.class);
  private static final int MAX_BODY = 4096;

  private final HttpServer server;
  private final KeyApprovalService service;
  private final long chainId;
  private final String registry;

  public VerifierHttpServer(KeyApprovalService service, long chainId, String registry, InetSocketAddress bind) throws IOException {
    this.service = service;
    this.chainId = chainId;
    this.registry = registry;
    this.server = HttpServer.create(bind, 16);
    server.createContext("/v1/approvals", this::approvals);
    server.createContext("/v1/verifier", this::about);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "verifier-http");
      t.setDaemon(true);
      return t;
    }));
  }

  public VerifierHttpServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  private void about(HttpExchange ex) throws IOException {
    ObjectNode out = ApprovalJson.MAPPER.createObjectNode();
    out.put("address", service.address());
    out.put("chainId", chainId);
    out.put("registry", registry.toLowerCase(java.util.Locale.ROOT));
    reply(ex, 200, out);
  }

  private void approvals(HttpExchange ex) throws IOException {
    try {
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, error("use POST"));
        return;
      }
      JsonNode body;
      byte[] keyHash;
      long expiresAt;
      try (InputStream in = ex.getRequestBody()) {
        byte[] raw = in.readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
          reply(ex, 413, error("request body too large"));
          return;
        }
        body = ApprovalJson.MAPPER.readTree(raw);
        keyHash = Numeric.hexStringToByteArray(ApprovalJson.text(body, "keyHash"));
        if (keyHash.length != 32 || !body.path("expiresAt").canConvertToLong()) {
          throw new IllegalArgumentException("keyHash must be 32 bytes and expiresAt a unix time");
        }
        expiresAt = body.path("expiresAt").asLong();
      } catch (IOException | RuntimeException e) {
        reply(ex, 400, error("malformed request: " + e.getMessage()));
        return;
      }
      KeyApprovalService.Decision d = service.decide(keyHash, expiresAt);
      if (d instanceof KeyApprovalService.Approved a) {
        ObjectNode out = ApprovalJson.MAPPER.createObjectNode();
        out.put("verifier", a.verifier());
        out.put("signature", Numeric.toHexString(a.signature()));
        out.set("approval", ApprovalJson.approval(a.approval()));
        out.set("checks", ApprovalJson.checks(a.verdict()));
        reply(ex, 200, out);
      } else {
        KeyApprovalService.Refused r = (KeyApprovalService.Refused) d;
        ObjectNode out = error(r.reason());
        out.put("verifier", service.address());
        out.set("checks", ApprovalJson.checks(r.verdict()));
        reply(ex, 422, out);
      }
    } catch (IOException e) {
      LOG.warn("approval request failed: {}", e.getMessage());
      reply(ex, 503, error("the verifier cannot read the chain right now: " + e.getMessage()));
    }
  }

  private static ObjectNode error(String reason) {
    ObjectNode o = ApprovalJson.MAPPER.createObjectNode();
    o.put("error", "refused");
    o.put("reason", reason);
    return o;
  }

  private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = ApprovalJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
