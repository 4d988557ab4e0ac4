package io.coracle.chain.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coracle.attestation.verify.CheckResult;
import io.coracle.attestation.verify.Verdict;
import io.coracle.contracts.AttestationApproval;
import java.math.BigInteger;
import org.web3j.utils.Numeric;

/** The JSON of the verifier's HTTP API, written and read in one place. */
final class ApprovalJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApprovalJson() {}

  static ObjectNode approval(AttestationApproval a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("vrfPublicKey", Numeric.toHexString(a.vrfPublicKey()));
    n.put("signer", a.signer().toLowerCase(java.util.Locale.ROOT));
    n.put("encryptionPublicKey", Numeric.toHexString(a.encryptionPublicKey()));
    n.put("evidenceHash", Numeric.toHexString(a.evidenceHash()));
    n.put("measurement", Numeric.toHexString(a.measurement()));
    n.put("tcb", Long.toUnsignedString(a.tcb()));
    n.put("expiresAt", a.expiresAt());
    return n;
  }

  static AttestationApproval approval(JsonNode n) {
    return new AttestationApproval(
        hex(n, "vrfPublicKey"),
        text(n, "signer"),
        hex(n, "encryptionPublicKey"),
        hex(n, "evidenceHash"),
        hex(n, "measurement"),
        new BigInteger(text(n, "tcb")).longValue(),
        n.path("expiresAt").asLong());
  }

  static ArrayNode checks(Verdict v) {
    ArrayNode arr = MAPPER.createArrayNode();
    if (v != null) {
      for (CheckResult c : v.checks()) {
        ObjectNode o = arr.addObject();
        o.put("name", c.name());
        o.put("ok", c.ok());
        o.put("status", c.status().name());
        o.put("reason", c.reason());
      }
    }
    return arr;
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing string '" + field + "'");
    }
    return v.asText();
  }

  static byte[] hex(JsonNode n, String field) {
    return Numeric.hexStringToByteArray(text(n, field));
  }
}
