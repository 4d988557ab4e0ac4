package io.coracle.oracle.trading;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Confidential trading in this guest ({@code coracle.trading.*}; environment {@code CORACLE_TRADING_*}).
 * Off unless {@code enabled} and a vault is configured.
 */
@ConfigMapping(prefix = "coracle.trading")
public interface TradingConfig {
  @WithDefault("false")
  boolean enabled();

  /** StrategyVault address. */
  @WithDefault("0x0000000000000000000000000000000000000000")
  String vault();

  /** Uniswap V2 pairs whose Sync events are the price feed; intents on other pairs are refused. */
  Optional<List<String>> pairs();

  /** The wrapped native token (WETH), to price gas in the tokens traded; unset if no pool has it. */
  @WithName("native-token")
  Optional<String> nativeToken();

  /** {@code live}: send transactions; {@code paper}: the same decisions, filled on paper, nothing sent. */
  @WithDefault("live")
  String mode();

  /** Confirmations before a vault event is acted on (reorganisations are retracted anyway). */
  @WithDefault("1")
  int confirmations();

  /**
   * Confirmations before a pool's Sync is used as a price: 0 by default, a fresher price being worth
   * more than a reorganisation (whose Syncs are retracted) costs; stale prices only make executions
   * refuse themselves (amountOutMin, the vault's slippage floor).
   */
  @WithName("price-confirmations")
  @WithDefault("0")
  int priceConfirmations();

  /** How often open intents are evaluated (also on every new block). */
  @WithName("tick")
  @WithDefault("PT1S")
  Duration tick();

  /** Gas an execute() costs, priced into every decision. */
  @WithName("execute-gas")
  @WithDefault("250000")
  long executeGas();

  /** Fixed gas limit for vault transactions; unset: estimated (an estimate that reverts refuses before signing). */
  @WithName("gas-limit")
  Optional<Long> gasLimit();

  @WithName("deadline-seconds")
  @WithDefault("120")
  long deadlineSeconds();

  Guard guard();

  Risk risk();

  /** Bearer token for the operator endpoints (circuit breaker); unset: they are disabled. */
  @WithName("operator-token")
  Optional<String> operatorToken();

  interface Guard {
    @WithName("window-blocks")
    @WithDefault("3")
    int windowBlocks();

    @WithName("max-move-bps")
    @WithDefault("500")
    int maxMoveBps();
  }

  interface Risk {
    @WithName("max-open-intents-per-trader")
    @WithDefault("20")
    int maxOpenIntentsPerTrader();

    @WithName("max-executions-per-trader-per-hour")
    @WithDefault("600")
    int maxExecutionsPerTraderPerHour();

    @WithName("max-gas-fraction-bps")
    @WithDefault("500")
    int maxGasFractionBps();

    @WithName("max-slippage-bps")
    @WithDefault("300")
    int maxSlippageBps();

    @WithName("max-attempts-per-slice")
    @WithDefault("5")
    int maxAttemptsPerSlice();

    @WithName("breaker-failures")
    @WithDefault("10")
    int breakerFailures();
  }
}
