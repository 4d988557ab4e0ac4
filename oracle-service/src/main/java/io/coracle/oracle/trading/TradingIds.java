package io.coracle.oracle.trading;

import java.util.Optional;

/**
 * Outbox intent ids of trading transactions. One id, at most one mined transaction (the sender's
 * journal guarantees it), and each id names its slice and attempt, so a crash at any point neither
 * repeats nor skips a slice:
 * {@code trade:<chainId>:<intentId>:exec:<slice>:<attempt>}, {@code ...:reject:<attempt>},
 * {@code ...:finish:<attempt>}.
 */
public final class TradingIds {
  public static final String PREFIX = "trade:";

  private TradingIds() {}

  public enum Action { EXEC, REJECT, FINISH }

  public record Parsed(long chainId, String intentId, Action action, int slice, int attempt) {
    public String orderId() {
      return TradingOrder.idOf(chainId, intentId);
    }
  }

  public static String execute(long chainId, String intentId, int slice, int attempt) {
    return PREFIX + chainId + ":" + intentId + ":exec:" + slice + ":" + attempt;
  }

  public static String reject(long chainId, String intentId, int attempt) {
    return PREFIX + chainId + ":" + intentId + ":reject:" + attempt;
  }

  public static String finish(long chainId, String intentId, int attempt) {
    return PREFIX + chainId + ":" + intentId + ":finish:" + attempt;
  }

  public static Optional<Parsed> parse(String id) {
    if (!id.startsWith(PREFIX)) return Optional.empty();
    String[] p = id.substring(PREFIX.length()).split(":");
    try {
      if (p.length == 5 && p[2].equals("exec")) {
        return Optional.of(new Parsed(Long.parseLong(p[0]), p[1], Action.EXEC, Integer.parseInt(p[3]), Integer.parseInt(p[4])));
      }
      if (p.length == 4 && (p[2].equals("reject") || p[2].equals("finish"))) {
        return Optional.of(new Parsed(Long.parseLong(p[0]), p[1], p[2].equals("reject") ? Action.REJECT : Action.FINISH, -1,
            Integer.parseInt(p[3])));
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
