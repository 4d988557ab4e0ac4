package io.coracle.oracle.api;

import io.coracle.oracle.attest.RegistrationService;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.keys.GuestKeys;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.web3j.utils.Numeric;

/** The guest's public keys and where their registration stands. Never a secret. */
@Path("/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
  @Inject GuestKeys keys;
  @Inject RegistrationService registration;
  @Inject CoracleConfig config;

  @GET
  @Operation(summary = "The guest's VRF, signer and encryption public keys, key hash, registration state and expiry")
  public List<Map<String, Object>> keys() {
    GuestKeys.GuestPublicKeys p = keys.publicKeys();
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("chainId", config.chain().id());
    k.put("keyHash", Numeric.toHexString(registration.keyHash()));
    k.put("vrfPublicKey", p.vrfHex());
    k.put("vrfSuite", "ECVRF-SECP256K1-SHA256-TAI");
    k.put("signer", p.signerAddress());
    k.put("encryptionPublicKey", p.encryptionHex());
    k.put("registry", config.chain().registry());
    k.put("coordinator", config.chain().coordinator());
    k.put("registration", registration.state().name());
    k.put("registrationDetail", registration.detail());
    k.put("evidenceHash", registration.evidenceHash());
    k.put("expiresAt", registration.expiresAt() == 0 ? null : Instant.ofEpochSecond(registration.expiresAt()).toString());
    return List.of(k);
  }
}
