package io.coracle.contracts.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;

/** The shared ECVRF-SECP256K1-SHA256-TAI known-answer vectors (src/test/resources/vrf, see PROVENANCE.md). */
record Vectors(String source, byte[] pk, byte[] alpha, byte[] pi, byte[] beta) {
  static List<Vectors> secp256k1() {
    try (InputStream in = Vectors.class.getResourceAsStream("/vrf/vectors.json")) {
      List<Vectors> out = new ArrayList<>();
      for (JsonNode v : new ObjectMapper().readTree(in)) {
        if (!"ECVRF-SECP256K1-SHA256-TAI".equals(v.get("suite").asText())) continue;
        out.add(new Vectors(v.get("source").asText(), Hex.decode(v.get("pk").asText()), Hex.decode(v.get("alpha").asText()),
            Hex.decode(v.get("pi").asText()), Hex.decode(v.get("beta").asText())));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return source + " pk=" + Hex.toHexString(pk).substring(0, 12) + "..";
  }
}
