package io.coracle.trading.strategy;

import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A kind of strategy as the JSON schema knows it: its {@code kind}, the fields it takes besides the
 * common ones, and how to build it from them (problems go to the {@link StrategyFields}).
 */
public record StrategyType(String kind, Set<String> fields, Function<Parsing, Strategy> parser) {
  public StrategyType {
    Objects.requireNonNull(kind, "kind");
    fields = Set.copyOf(fields);
    Objects.requireNonNull(parser, "parser");
  }

  /** What a parser gets: the kind's own fields and the common maxSlippageBps. */
  public record Parsing(StrategyFields fields, java.util.Optional<Integer> maxSlippageBps) {}
}
