package io.coracle.trading.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed, strict access to a strategy document's fields; every problem is collected (with the field's
 * name, never its value) instead of thrown, so one answer lists them all.
 */
public final class StrategyFields {
  private static final Pattern UINT = Pattern.compile("0|[1-9][0-9]{0,77}");
  private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,40})(\\.[0-9]{1,40})?");
  private static final BigInteger UINT128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private final JsonNode node;
  private final List<String> problems = new ArrayList<>();

  StrategyFields(JsonNode node) {
    this.node = node;
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public void problem(String p) {
    problems.add(p);
  }

  /** A required token amount: a decimal string of a positive integer below 2^128. */
  public BigInteger amount(String name) {
    return optionalAmount(name).orElseGet(() -> {
      if (!node.has(name)) problems.add("'" + name + "' is required");
      return BigInteger.ONE;
    });
  }

  public Optional<BigInteger> optionalAmount(String name) {
    JsonNode v = node.get(name);
    if (v == null) return Optional.empty();
    if (!v.isTextual() || !UINT.matcher(v.asText()).matches()) {
      problems.add("'" + name + "' must be a decimal string of an integer amount");
      return Optional.empty();
    }
    BigInteger b = new BigInteger(v.asText());
    if (b.signum() <= 0 || b.compareTo(UINT128_MAX) > 0) {
      problems.add("'" + name + "' must be positive and below 2^128");
      return Optional.empty();
    }
    return Optional.of(b);
  }

  /** An optional price (output units per input unit): a positive decimal string. */
  public Optional<BigDecimal> optionalPrice(String name) {
    JsonNode v = node.get(name);
    if (v == null) return Optional.empty();
    if (!v.isTextual() || !DECIMAL.matcher(v.asText()).matches()) {
      problems.add("'" + name + "' must be a decimal string (output units per input unit)");
      return Optional.empty();
    }
    BigDecimal d = new BigDecimal(v.asText());
    if (d.signum() <= 0) {
      problems.add("'" + name + "' must be positive");
      return Optional.empty();
    }
    return Optional.of(d);
  }

  public BigDecimal price(String name) {
    Optional<BigDecimal> p = optionalPrice(name);
    if (p.isEmpty() && !node.has(name)) problems.add("'" + name + "' is required");
    return p.orElse(BigDecimal.ONE);
  }

  /** A required integer in [min, max]. */
  public long integer(String name, long min, long max) {
    Optional<Long> v = optionalInteger(name, min, max);
    if (v.isEmpty() && !node.has(name)) problems.add("'" + name + "' is required");
    return v.orElse(min);
  }

  public Optional<Long> optionalInteger(String name, long min, long max) {
    JsonNode v = node.get(name);
    if (v == null) return Optional.empty();
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      problems.add("'" + name + "' must be an integer in [" + min + ", " + max + "]");
      return Optional.empty();
    }
    return Optional.of(v.asLong());
  }
}
