package io.coracle.oracle.api;

import io.coracle.attestation.binding.BindingException;
import io.coracle.attestation.provider.ProviderException;
import io.coracle.oracle.attest.AttestationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.logging.Logger;

/**
 * Fresh SEV-SNP evidence bound to the caller's nonce, so anyone can check, right now, that these
 * keys live in a genuine guest (verify it with {@code ./coracle attest verify --bundle}).
 */
@Path("/v1/attestation")
@Produces(MediaType.APPLICATION_JSON)
public class AttestationResource {
  private static final Logger LOG = Logger.getLogger(AttestationResource.class);

  @Inject AttestationService attestation;

  @GET
  @Operation(summary = "Fresh evidence whose report_data binds the guest's keys and your 32-byte nonce")
  public Response evidence(@Parameter(description = "32 bytes, hex (64 digits, optional 0x)") @QueryParam("nonce") String nonceHex) {
    byte[] nonce;
    try {
      if (nonceHex == null) {
        throw new IllegalArgumentException();
      }
      nonce = HexFormat.of().parseHex(nonceHex.startsWith("0x") ? nonceHex.substring(2) : nonceHex);
      if (nonce.length != 32) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      return ApiErrors.badRequest("nonce must be 32 bytes of hex (64 hex digits, optional 0x prefix)");
    }
    try {
      AttestationService.Evidence ev = attestation.evidence(nonce);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("provider", ev.bundle().provider());
      out.put("evidenceHash", ev.evidenceHashHex());
      out.put("bundle", "0x" + HexFormat.of().formatHex(ev.encoded()));
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("domain", "coracle-attest-v1");
      b.put("chainId", ev.binding().chainId().toString());
      b.put("registry", "0x" + HexFormat.of().formatHex(ev.binding().registry().toArray()));
      b.put("vrfPublicKey", HexFormat.of().formatHex(ev.binding().vrfPublicKey().toArray()));
      b.put("signer", "0x" + HexFormat.of().formatHex(ev.binding().signer().toArray()));
      b.put("encryptionPublicKey", HexFormat.of().formatHex(ev.binding().encryptionPublicKey().toArray()));
      b.put("nonce", "0x" + HexFormat.of().formatHex(nonce));
      b.put("reportData", "0x" + HexFormat.of().formatHex(ev.binding().reportData().toArray()));
      out.put("binding", b);
      return Response.ok(out).build();
    } catch (ProviderException | BindingException e) {
      LOG.warnf("attestation evidence unavailable: %s", e.getMessage());
      return ApiErrors.unavailable("evidence unavailable: " + e.getMessage());
    }
  }
}
