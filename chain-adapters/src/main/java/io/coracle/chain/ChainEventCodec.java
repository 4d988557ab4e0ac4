package io.coracle.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON form of {@link ChainEvent} on Kafka (schema {@code coracle.chain-event}, version 1).
 * Decoding is strict: anything malformed is a {@link Malformed} value with the reason, so a
 * consumer can dead-letter it and carry on.
 *
 * <pre>{"schema":"coracle.chain-event","version":1,"kind":"LOG","chainId":1337,
 *  "contract":"0x..","event":"RandomWordsRequested","key":"42","blockNumber":17,
 *  "blockHash":"0x..","txHash":"0x..","logIndex":0,"fields":{"preSeed":"...",...}}</pre>
 */
public final class ChainEventCodec {
  public static final String SCHEMA = "coracle.chain-event";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
  private static final int MAX_BYTES = 64 * 1024;

  private ChainEventCodec() {}

  /** The result of decoding: an event, or why there is none. */
  public sealed interface Decoding permits Decoded, Malformed {}

  public record Decoded(ChainEvent event) implements Decoding {}

  public record Malformed(String reason) implements Decoding {}

  public static byte[] encode(ChainEvent e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("schema", SCHEMA);
    n.put("version", e.schemaVersion());
    n.put("kind", e.kind().name());
    n.put("chainId", e.chainId());
    n.put("contract", e.contract());
    n.put("event", e.event());
    n.put("key", e.key());
    n.put("blockNumber", e.blockNumber());
    n.put("blockHash", e.blockHash());
    n.put("txHash", e.txHash());
    n.put("logIndex", e.logIndex());
    ObjectNode f = n.putObject("fields");
    new java.util.TreeMap<>(e.fields()).forEach(f::put);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot encode chain event", ex);
    }
  }

  public static Decoding decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return new Malformed("empty record");
    }
    if (bytes.length > MAX_BYTES) {
      return new Malformed("record of " + bytes.length + " bytes exceeds " + MAX_BYTES);
    }
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (java.io.IOException ex) {
      return new Malformed("not JSON: " + firstLine(ex.getMessage()));
    }
    if (n == null || !n.isObject()) {
      return new Malformed("not a JSON object");
    }
    try {
      String schema = text(n, "schema");
      if (!SCHEMA.equals(schema)) {
        return new Malformed("unknown schema '" + schema + "'");
      }
      int version = (int) number(n, "version");
      if (version != ChainEvent.SCHEMA_VERSION) {
        return new Malformed("unsupported schema version " + version);
      }
      ChainEvent.Kind kind;
      try {
        kind = ChainEvent.Kind.valueOf(text(n, "kind"));
      } catch (IllegalArgumentException ex) {
        return new Malformed("unknown kind '" + n.get("kind").asText() + "'");
      }
      long chainId = number(n, "chainId");
      String contract = matching(n, "contract", ADDRESS);
      String event = text(n, "event");
      String key = text(n, "key");
      long blockNumber = number(n, "blockNumber");
      String blockHash = matching(n, "blockHash", HASH);
      String txHash = matching(n, "txHash", HASH);
      long logIndex = number(n, "logIndex");
      JsonNode f = n.get("fields");
      if (f == null || !f.isObject()) {
        return new Malformed("missing object 'fields'");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
        var entry = it.next();
        if (!entry.getValue().isTextual()) {
          return new Malformed("field '" + entry.getKey() + "' is not a string");
        }
        fields.put(entry.getKey(), entry.getValue().asText());
      }
      if (chainId <= 0 || blockNumber < 0 || logIndex < 0) {
        return new Malformed("chainId, blockNumber and logIndex must not be negative (chainId > 0)");
      }
      return new Decoded(
          new ChainEvent(
              version, kind, chainId, contract, event, key, blockNumber, blockHash, txHash, logIndex,
              fields));
    } catch (MalformedField ex) {
      return new Malformed(ex.getMessage());
    }
  }

  private static final class MalformedField extends Exception {
    MalformedField(String message) {
      super(message, null, false, false);
    }
  }

  private static String text(JsonNode n, String name) throws MalformedField {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new MalformedField("missing or non-string '" + name + "'");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String name) throws MalformedField {
    JsonNode v = n.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new MalformedField("missing or non-integer '" + name + "'");
    }
    return v.asLong();
  }

  private static String matching(JsonNode n, String name, Pattern p) throws MalformedField {
    String s = text(n, name);
    if (!p.matcher(s).matches()) {
      throw new MalformedField("'" + name + "' is not lower-case 0x-hex of the right length");
    }
    return s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }
}
