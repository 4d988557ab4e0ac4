package io.coracle.trading.engine;

import io.coracle.trading.RejectReason;
import io.coracle.trading.strategy.Strategy;
import java.util.List;
import java.util.Objects;

/** Whether the guest takes an intent: its strategy, or the on-chain reason code and what was wrong. */
public sealed interface Acceptance {
  record Accepted(Strategy strategy) implements Acceptance {
    public Accepted {
      Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    public String toString() {
      return "Accepted[" + strategy.kind() + ", parameters redacted]";
    }
  }

  /** {@code problems} name fields and rules, never the strategy's values. */
  record Rejected(RejectReason reason, List<String> problems) implements Acceptance {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      problems = List.copyOf(problems);
    }
  }
}
