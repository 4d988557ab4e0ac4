package io.coracle.trading.engine;

/** What a trader has going with this guest: open intents, and executions within the risk window. */
public record TraderExposure(int openIntents, int executionsInWindow) {
  public static final TraderExposure NONE = new TraderExposure(0, 0);

  public TraderExposure {
    if (openIntents < 0 || executionsInWindow < 0) throw new IllegalArgumentException("exposure is not negative");
  }
}
