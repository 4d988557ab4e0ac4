package io.coracle.trade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coracle.trading.strategy.StrategyParser;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Builds strategy documents (schema {@code coracle.strategy} v1) from human inputs: amounts in
 * tokens, prices in output tokens per input token, converted with each token's decimals.
 */
public final class StrategyDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int decimalsIn;
  private final int decimalsOut;
  private final ObjectNode node = JSON.createObjectNode();

  public StrategyDocuments(String kind, int decimalsIn, int decimalsOut) {
    this.decimalsIn = decimalsIn;
    this.decimalsOut = decimalsOut;
    node.put("schema", StrategyParser.SCHEMA);
    node.put("version", StrategyParser.VERSION);
    node.put("kind", kind);
  }

  public StrategyDocuments amount(String field, String human) {
    if (human != null) node.put(field, TokenAmounts.toBaseUnits(human, decimalsIn).toString());
    return this;
  }

  public StrategyDocuments baseUnits(String field, BigInteger units) {
    if (units != null) node.put(field, units.toString());
    return this;
  }

  public StrategyDocuments price(String field, String human) {
    if (human != null) node.put(field, TokenAmounts.rawPrice(human, decimalsIn, decimalsOut));
    return this;
  }

  public StrategyDocuments integer(String field, Long value) {
    if (value != null) node.put(field, value);
    return this;
  }

  public StrategyDocuments text(String field, String value) {
    if (value != null) node.put(field, value);
    return this;
  }

  public byte[] toBytes() {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }
}
