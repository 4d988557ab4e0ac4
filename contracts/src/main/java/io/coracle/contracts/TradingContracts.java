package io.coracle.contracts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One deployment of the trading set: the vault, the AMM it swaps on, and (on a devnet) the two test
 * tokens of the seeded pair. {@code baseToken} is what the pair is priced in units of (tWETH on the
 * devnet), {@code quoteToken} what the price is expressed in (tUSD).
 */
public record TradingContracts(
    String vault, String router, String factory, String pair, String baseToken, String quoteToken, long deployBlock) {

  public TradingContracts {
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(baseToken, "baseToken");
    Objects.requireNonNull(quoteToken, "quoteToken");
  }

  /** The addresses under the names the command line prints, in that order. */
  public Map<String, String> addresses() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("vault", vault);
    m.put("router", router);
    m.put("factory", factory);
    m.put("pair", pair);
    m.put("baseToken", baseToken);
    m.put("quoteToken", quoteToken);
    return m;
  }
}
