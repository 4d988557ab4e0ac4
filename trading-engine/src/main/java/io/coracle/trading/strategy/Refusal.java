package io.coracle.trading.strategy;

import io.coracle.trading.RejectReason;
import java.util.Objects;

/** Why an intent cannot be accepted: its on-chain reason code and a description that names no secret value. */
public record Refusal(RejectReason reason, String detail) {
  public Refusal {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
