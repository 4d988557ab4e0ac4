package io.coracle.oracle.trading;

import io.coracle.oracle.config.CoracleConfig;
import io.coracle.trading.CloseCode;
import io.coracle.trading.RejectReason;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Where an intent stands in this guest, and the operator's circuit breaker. Answers carry only what
 * is public on-chain anyway (bounds, executions, amounts, transactions) and the order's state: never
 * the strategy, its kind, or why the engine is waiting.
 */
@Path("/v1/trading")
@Produces(MediaType.APPLICATION_JSON)
public class TradingResource {
  private static final Logger LOG = Logger.getLogger(TradingResource.class);
  private static final Pattern INTENT_ID = Pattern.compile("0x[0-9a-fA-F]{64}");

  @Inject TradingRuntime runtime;
  @Inject TradingConfig config;
  @Inject CoracleConfig coracle;
  @Inject TradingScheduler scheduler;

  /** The operator's request body. */
  public record BreakerChange(Boolean tripped, String reason) {}

  @GET
  @Path("/orders/{chainId}/{intentId}")
  @WithSession
  @Operation(summary = "An intent's state in this guest: public bounds, executions with transactions, totals, close or reject code")
  @APIResponse(responseCode = "200", description = "the order")
  @APIResponse(responseCode = "400", description = "malformed chain id or intent id")
  @APIResponse(responseCode = "404", description = "no such intent addressed to this guest")
  public Uni<Response> order(@PathParam("chainId") String chainId, @PathParam("intentId") String intentId) {
    long chain;
    try {
      chain = Long.parseLong(chainId);
    } catch (NumberFormatException e) {
      chain = -1;
    }
    if (chain <= 0 || !INTENT_ID.matcher(intentId).matches()) {
      return Uni.createFrom().item(error(Response.Status.BAD_REQUEST, "chainId must be a positive integer and intentId 32 bytes of 0x-hex"));
    }
    String id = TradingOrder.idOf(chain, intentId);
    return TradingOrder.<TradingOrder>findById(id).flatMap(o -> {
      if (o == null) return Uni.createFrom().item(error(Response.Status.NOT_FOUND, "no intent " + intentId.toLowerCase(Locale.ROOT)
          + " addressed to this guest on chain " + chainId));
      return TradingSlice.<TradingSlice>find("orderId = ?1 order by sliceIndex, attempt", id).list()
          .map(slices -> Response.ok(view(o, slices)).build());
    });
  }

  @GET
  @Path("/status")
  @WithSession
  @Operation(summary = "Trading in this guest: mode, vault, pools, circuit breaker, live orders")
  public Uni<Map<String, Object>> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", runtime.active());
    m.put("mode", runtime.paper() ? "paper" : "live");
    m.put("vault", runtime.vault());
    m.put("pools", config.pairs().orElse(List.of()));
    m.put("guestKeyHash", runtime.keyHash());
    m.put("lastBlockDecided", scheduler.lastBlock());
    m.put("lastError", scheduler.lastError());
    return TradingControl.<TradingControl>findById(TradingControl.ROW).flatMap(c ->
        TradingOrder.count("state in ?1", List.of(OrderState.OPEN, OrderState.PARTIALLY_FILLED)).map(open -> {
          Map<String, Object> b = new LinkedHashMap<>();
          b.put("tripped", c != null && c.circuitTripped);
          b.put("reason", c == null ? null : c.circuitReason);
          b.put("consecutiveFailures", c == null ? 0 : c.consecutiveFailures);
          m.put("circuitBreaker", b);
          m.put("openOrders", open);
          return m;
        }));
  }

  @POST
  @Path("/circuit-breaker")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Operator: trip (stop all executions) or reset the circuit breaker; needs the operator bearer token")
  @APIResponse(responseCode = "200", description = "the breaker's new state")
  @APIResponse(responseCode = "400", description = "body must be {\"tripped\": true|false, \"reason\": \"...\"}")
  @APIResponse(responseCode = "401", description = "missing or wrong bearer token")
  @APIResponse(responseCode = "403", description = "no operator token is configured: the endpoint is disabled")
  public Uni<Response> breaker(@HeaderParam("Authorization") String authorization, BreakerChange change) {
    if (config.operatorToken().isEmpty()) {
      return Uni.createFrom().item(error(Response.Status.FORBIDDEN, "operator endpoints are disabled (no coracle.trading.operator-token)"));
    }
    if (!authorized(authorization, config.operatorToken().get())) {
      return Uni.createFrom().item(error(Response.Status.UNAUTHORIZED, "a valid operator bearer token is required"));
    }
    if (change == null || change.tripped() == null || (change.tripped() && (change.reason() == null || change.reason().isBlank()))) {
      return Uni.createFrom().item(error(Response.Status.BAD_REQUEST, "body must be {\"tripped\": true, \"reason\": \"...\"} or {\"tripped\": false}"));
    }
    String reason = change.reason() == null ? null : change.reason().substring(0, Math.min(200, change.reason().length()));
    return Panache.withTransaction(() -> TradingControl.<TradingControl>findById(TradingControl.ROW).map(c -> {
      c.circuitTripped = change.tripped();
      c.circuitReason = change.tripped() ? "operator: " + reason : null;
      c.consecutiveFailures = 0;
      c.updatedAt = Instant.now();
      LOG.warnf("circuit breaker %s by the operator%s", change.tripped() ? "tripped" : "reset", change.tripped() ? ": " + reason : "");
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("tripped", c.circuitTripped);
      b.put("reason", c.circuitReason);
      return Response.ok(b).build();
    }));
  }

  private static boolean authorized(String header, String token) {
    if (header == null || !header.startsWith("Bearer ")) return false;
    return MessageDigest.isEqual(header.substring(7).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, Object> view(TradingOrder o, List<TradingSlice> slices) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chainId", o.chainId);
    m.put("intentId", o.intentId);
    m.put("vault", o.vault);
    m.put("trader", o.trader);
    m.put("state", o.state.name());
    m.put("mode", o.paper ? "paper" : "live");
    m.put("rejectReason", o.rejectCode == null ? null : RejectReason.ofCode(o.rejectCode).map(Enum::name).orElse("code " + o.rejectCode));
    m.put("closeCode", o.closeCode == null ? null : CloseCode.ofCode(o.closeCode).map(Enum::name).orElse("code " + o.closeCode));
    Map<String, Object> bounds = new LinkedHashMap<>();
    bounds.put("tokenIn", o.tokenIn);
    bounds.put("tokenOut", o.tokenOut);
    bounds.put("maxAmountPerExecution", str(o.maxPerExecution));
    bounds.put("maxAmountTotal", str(o.maxTotal));
    bounds.put("expiry", o.expiry);
    bounds.put("maxSlippageBps", o.maxSlippageBps);
    m.put("bounds", bounds);
    m.put("pool", o.pair);
    m.put("submitted", Map.of("block", o.submittedBlock, "txHash", o.txHash, "at", o.submittedAt));
    m.put("executions", o.executions);
    m.put("spent", str(o.spent));
    m.put("received", str(o.received));
    m.put("gasPaidWei", str(o.gasPaidWei));
    m.put("pendingTransaction", o.pendingIntentId);
    m.put("slices", slices.stream().map(TradingResource::slice).toList());
    m.put("receivedAt", o.receivedAt == null ? null : o.receivedAt.toString());
    m.put("finishedAt", o.finishedAt == null ? null : o.finishedAt.toString());
    return m;
  }

  private static Map<String, Object> slice(TradingSlice s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slice", s.sliceIndex);
    m.put("attempt", s.attempt);
    m.put("state", s.state);
    m.put("amountIn", str(s.amountIn));
    m.put("minAmountOut", str(s.minAmountOut));
    m.put("amountOut", str(s.amountOut));
    m.put("txHash", s.txHash);
    m.put("gasUsed", str(s.gasUsed));
    m.put("failure", s.reason);
    return m;
  }

  private static String str(BigDecimal d) {
    return d == null ? null : d.toBigInteger().toString();
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", status.getReasonPhrase(), "message", message)).build();
  }
}
