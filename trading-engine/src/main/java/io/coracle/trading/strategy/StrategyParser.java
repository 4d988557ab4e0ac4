package io.coracle.trading.strategy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.coracle.trading.RejectReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a decrypted strategy document (schema {@code coracle.strategy}, version 1). Strict: unknown
 * fields, duplicate keys, wrong types and out-of-range values are all problems, reported together.
 * Problems name fields, never values, so they may be shown and logged.
 *
 * <pre>{"schema":"coracle.strategy","version":1,"kind":"twap","amountIn":"3000000000000000000",
 *  "slices":3,"durationSeconds":60,"maxSlippageBps":50,"label":"my order"}</pre>
 */
public final class StrategyParser {
  public static final String SCHEMA = "coracle.strategy";
  public static final int VERSION = 1;
  static final Set<String> COMMON = Set.of("schema", "version", "kind", "maxSlippageBps", "label");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(4_096).build());
  }

  private StrategyParser() {}

  public sealed interface Result permits Parsed, Invalid {}

  public record Parsed(Strategy strategy) implements Result {
    @Override
    public String toString() {
      return "Parsed[" + strategy.kind() + ", parameters redacted]";
    }
  }

  /** MALFORMED_STRATEGY or UNSUPPORTED_STRATEGY, with every problem found. */
  public record Invalid(RejectReason reason, List<String> problems) implements Result {
    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  public static Result parse(byte[] document) {
    JsonNode node;
    try {
      node = JSON.readTree(document);
    } catch (IOException e) {
      return new Invalid(RejectReason.MALFORMED_STRATEGY, List.of("not a JSON document"));
    }
    if (node == null || !node.isObject()) return new Invalid(RejectReason.MALFORMED_STRATEGY, List.of("not a JSON object"));
    return parse(node);
  }

  public static Result parse(JsonNode node) {
    List<String> problems = new ArrayList<>();
    if (!SCHEMA.equals(text(node, "schema"))) problems.add("'schema' must be \"" + SCHEMA + "\"");
    JsonNode version = node.get("version");
    if (version == null || !version.isIntegralNumber() || version.asInt() != VERSION) problems.add("'version' must be " + VERSION);
    String kind = text(node, "kind");
    if (kind == null) problems.add("'kind' is required");
    JsonNode label = node.get("label");
    if (label != null && (!label.isTextual() || label.asText().length() > 64)) problems.add("'label' must be a string of at most 64 characters");
    if (!problems.isEmpty()) return new Invalid(RejectReason.MALFORMED_STRATEGY, problems);

    Optional<StrategyType> type = StrategyCatalog.byKind(kind);
    if (type.isEmpty()) {
      return new Invalid(RejectReason.UNSUPPORTED_STRATEGY, List.of("kind '" + safe(kind) + "' is not one of "
          + StrategyCatalog.types().stream().map(StrategyType::kind).toList()));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!COMMON.contains(f) && !type.get().fields().contains(f)) problems.add("unknown field '" + safe(f) + "' for kind " + kind);
    }
    StrategyFields fields = new StrategyFields(node);
    Optional<Integer> slippage = fields.optionalInteger("maxSlippageBps", 0, 5_000).map(Long::intValue);
    Strategy strategy = type.get().parser().apply(new StrategyType.Parsing(fields, slippage));
    problems.addAll(fields.problems());
    if (!problems.isEmpty()) return new Invalid(RejectReason.MALFORMED_STRATEGY, problems);
    return new Parsed(strategy);
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** Field names and kinds come from the document: keep them short and printable in messages. */
  private static String safe(String s) {
    String t = s.length() > 32 ? s.substring(0, 32) + "…" : s;
    return t.replaceAll("[^A-Za-z0-9_.-]", "?");
  }
}
