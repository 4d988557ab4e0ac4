package io.coracle.testsupport;

import java.util.Locale;

/** The local EVM nodes the project can start. Both run the shanghai hardfork. */
public enum EvmClient {
  GANACHE,
  ANVIL;

  /** System property choosing the node for a test run: {@code ganache} (default) or {@code anvil}. */
  public static final String PROPERTY = "coracle.evm";

  public static EvmClient fromSystemProperty() {
    String value = System.getProperty(PROPERTY, "ganache").trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "ganache", "" -> GANACHE;
      case "anvil" -> ANVIL;
      default -> throw new IllegalArgumentException(
          "system property " + PROPERTY + " must be 'ganache' or 'anvil', not '" + value + "'");
    };
  }
}
