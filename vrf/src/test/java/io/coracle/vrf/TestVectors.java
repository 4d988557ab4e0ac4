package io.coracle.vrf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;

/** The known-answer vectors in src/test/resources/vectors (see PROVENANCE.md there). */
final class TestVectors {
  record Vector(EcvrfSuite suite, String source, byte[] sk, byte[] pk, byte[] alpha, byte[] h,
      byte[] k, byte[] pi, byte[] beta) {
    @Override
    public String toString() {
      return suite.shortName() + " " + source + " alpha=" + Hex.toHexString(alpha);
    }
  }

  private TestVectors() {}

  static List<Vector> all() {
    try (InputStream in = TestVectors.class.getResourceAsStream("/vectors/vectors.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<Vector> out = new ArrayList<>();
      for (JsonNode v : root) {
        out.add(new Vector(EcvrfSuite.byName(v.get("suite").asText()), v.get("source").asText(),
            bytes(v, "sk"), bytes(v, "pk"), bytes(v, "alpha"), bytes(v, "h"), bytes(v, "k"),
            bytes(v, "pi"), bytes(v, "beta")));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(JsonNode v, String field) {
    return v.has(field) ? Hex.decode(v.get(field).asText()) : null;
  }
}
