package io.coracle.oracle.api;

import io.coracle.oracle.ledger.VrfRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Where a randomness request stands: its state, the proof and its output, the fulfilment. */
@Path("/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
public class RequestResource {

  @GET
  @Path("/{chainId}/{requestId}")
  @WithSession
  @Operation(summary = "A randomness request: state, ECVRF proof, beta, fulfilment transaction and timings")
  @APIResponse(responseCode = "200", description = "the request")
  @APIResponse(responseCode = "400", description = "malformed chain id or request id")
  @APIResponse(responseCode = "404", description = "this service has not seen the request")
  public Uni<Response> get(@PathParam("chainId") String chainId, @PathParam("requestId") String requestId) {
    long chain;
    BigInteger request;
    try {
      chain = Long.parseLong(chainId);
      request = requestId.startsWith("0x") ? new BigInteger(requestId.substring(2), 16) : new BigInteger(requestId);
      if (chain <= 0 || request.signum() < 0 || request.bitLength() > 256) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      return Uni.createFrom()
          .item(ApiErrors.badRequest("chainId must be a positive integer and requestId a uint256 (decimal or 0x-hex)"));
    }
    return VrfRequest.<VrfRequest>findById(VrfRequest.idOf(chain, request))
        .map(r -> r == null ? ApiErrors.notFound("no request " + request + " on chain " + chain) : Response.ok(view(r)).build());
  }

  static Map<String, Object> view(VrfRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chainId", r.chainId);
    m.put("requestId", r.requestId.toBigInteger().toString());
    m.put("state", r.state.name());
    m.put("keyHash", r.keyHash);
    m.put("answeredByKey", r.answeredByKey);
    m.put("standby", r.standby);
    m.put("consumer", r.consumer);
    m.put("subId", r.subId.toBigInteger().toString());
    m.put("numWords", r.numWords);
    m.put("callbackGasLimit", r.callbackGasLimit);
    m.put("confirmations", r.confirmations);
    Map<String, Object> req = new LinkedHashMap<>();
    req.put("blockNumber", r.blockNumber);
    req.put("blockHash", r.blockHash);
    req.put("txHash", r.txHash);
    req.put("logIndex", r.logIndex);
    req.put("preSeed", r.preSeed.toBigInteger().toString());
    m.put("request", req);
    Map<String, Object> proof = new LinkedHashMap<>();
    proof.put("suite", "ECVRF-SECP256K1-SHA256-TAI");
    proof.put("alpha", r.alpha);
    proof.put("pi", r.pi);
    proof.put("beta", r.beta);
    m.put("proof", r.pi == null ? null : proof);
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("txHash", r.fulfilTxHash);
    f.put("blockNumber", r.fulfilBlock);
    f.put("gasUsed", r.fulfilGasUsed);
    m.put("fulfilment", r.fulfilTxHash == null ? null : f);
    m.put("failureReason", r.failureReason);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("receivedAt", str(r.receivedAt));
    t.put("provenAt", str(r.provenAt));
    t.put("submittedAt", str(r.submittedAt));
    t.put("finishedAt", str(r.finishedAt));
    t.put("receivedToFinishedMs", r.finishedAt == null ? null : Duration.between(r.receivedAt, r.finishedAt).toMillis());
    m.put("timings", t);
    return m;
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }
}
