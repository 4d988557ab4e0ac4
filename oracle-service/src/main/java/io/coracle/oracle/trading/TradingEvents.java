package io.coracle.oracle.trading;

import io.coracle.chain.AbiWatchedEvent;
import io.coracle.chain.WatchedEvent;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.oracle.follow.WatchedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.datatypes.Event;

/**
 * The vault's intent events (keyed by intent id, so one intent's news stays in order) and the
 * watched pairs' Sync events (keyed by pair), when trading is enabled.
 */
@ApplicationScoped
public class TradingEvents implements WatchedEvents {
  public static final String SUBMITTED = "IntentSubmitted";
  public static final String EXECUTED = "IntentExecuted";
  public static final String CANCELLED = "IntentCancelled";
  public static final String REJECTED = "IntentRejected";
  public static final String FINISHED = "IntentFinished";
  public static final String EXPIRED = "IntentExpired";

  public static final List<String> SUBMITTED_FIELDS = List.of("intentId", "trader", "guestKeyHash", "tokenIn", "tokenOut",
      "maxAmountPerExecution", "maxAmountTotal", "expiry", "maxSlippageBps", "submittedAt", "encryptedStrategy");
  public static final List<String> EXECUTED_FIELDS = List.of("intentId", "trader", "sliceIndex", "amountIn", "amountOut", "remaining", "executedAt");
  public static final List<String> CANCELLED_FIELDS = List.of("intentId", "trader", "refunded");
  public static final List<String> REJECTED_FIELDS = List.of("intentId", "trader", "reasonCode", "refunded");
  public static final List<String> FINISHED_FIELDS = List.of("intentId", "trader", "closeCode", "refunded");
  public static final List<String> EXPIRED_FIELDS = List.of("intentId", "trader", "refunded");

  @Inject TradingConfig config;

  public boolean active() {
    return config.enabled() && !config.vault().equals("0x0000000000000000000000000000000000000000");
  }

  @Override
  public List<WatchedEvent> events() {
    if (!active()) return List.of();
    int c = config.confirmations();
    List<WatchedEvent> events = new ArrayList<>();
    events.add(vault(StrategyVault.INTENTSUBMITTED_EVENT, SUBMITTED_FIELDS, c));
    events.add(vault(StrategyVault.INTENTEXECUTED_EVENT, EXECUTED_FIELDS, c));
    events.add(vault(StrategyVault.INTENTCANCELLED_EVENT, CANCELLED_FIELDS, c));
    events.add(vault(StrategyVault.INTENTREJECTED_EVENT, REJECTED_FIELDS, c));
    events.add(vault(StrategyVault.INTENTFINISHED_EVENT, FINISHED_FIELDS, c));
    events.add(vault(StrategyVault.INTENTEXPIRED_EVENT, EXPIRED_FIELDS, c));
    for (String pair : config.pairs().orElse(List.of())) {
      events.add(new SyncWatchedEvent(pair, config.priceConfirmations()));
    }
    return events;
  }

  private AbiWatchedEvent vault(Event e, List<String> fields, int confirmations) {
    return new AbiWatchedEvent(config.vault(), e, fields, "intentId", f -> confirmations);
  }
}
