package io.coracle.trading.strategy;

import java.util.List;
import java.util.Optional;

/** Every strategy kind this engine runs. */
public final class StrategyCatalog {
  private static final List<StrategyType> TYPES = List.of(
      MarketStrategy.TYPE,
      LimitStrategy.TYPE,
      TripleBarrierStrategy.TYPE,
      TwapStrategy.TYPE,
      DcaStrategy.TYPE);

  private StrategyCatalog() {}

  public static List<StrategyType> types() {
    return TYPES;
  }

  public static Optional<StrategyType> byKind(String kind) {
    return TYPES.stream().filter(t -> t.kind().equals(kind)).findFirst();
  }
}
