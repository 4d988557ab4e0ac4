package io.coracle.trading.engine;

import io.coracle.trading.CloseCode;
import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.RejectReason;
import io.coracle.trading.crypto.DecryptionResult;
import io.coracle.trading.crypto.IntentBinding;
import io.coracle.trading.crypto.StrategyDecryptor;
import io.coracle.trading.market.AmmMath;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceGuard;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.PriceView;
import io.coracle.trading.strategy.Quote;
import io.coracle.trading.strategy.Signal;
import io.coracle.trading.strategy.Strategy;
import io.coracle.trading.strategy.StrategyParser;
import io.coracle.trading.strategy.Tick;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine: accepts or rejects intents (decrypt, parse, check against the public bounds and the
 * guest's risk limits), and for an accepted intent decides, block by block, what to do. Pure and
 * deterministic: the same intent, strategy, progress and market give the same decision, so a guest
 * that crashed decides again exactly as it would have. The live service, paper mode and backtests
 * all run this same code.
 */
public final class TradingEngine {
  private final EngineConfig config;

  public TradingEngine(EngineConfig config) {
    this.config = config;
  }

  public EngineConfig config() {
    return config;
  }

  /** Decrypts the intent's envelope with the guest's key, then {@link #acceptDocument}. */
  public Acceptance accept(Intent intent, byte[] envelope, StrategyDecryptor decryptor, TraderExposure exposure) {
    IntentBinding binding;
    try {
      binding = IntentBinding.of(intent.intentId(), intent.trader());
    } catch (IllegalArgumentException e) {
      return new Acceptance.Rejected(RejectReason.UNDECRYPTABLE, List.of("intent id or trader malformed"));
    }
    DecryptionResult result = decryptor.decrypt(envelope, binding);
    if (result instanceof DecryptionResult.Failed f) {
      return new Acceptance.Rejected(RejectReason.UNDECRYPTABLE, List.of(f.failure().name() + ": " + f.detail()));
    }
    DecryptionResult.Decrypted plain = (DecryptionResult.Decrypted) result;
    byte[] document = plain.plaintext();
    try {
      return acceptDocument(intent, document, exposure);
    } finally {
      java.util.Arrays.fill(document, (byte) 0);
      plain.wipe();
    }
  }

  /** Parses a plaintext strategy document and checks it against the intent's bounds and the risk limits. */
  public Acceptance acceptDocument(Intent intent, byte[] document, TraderExposure exposure) {
    StrategyParser.Result parsed = StrategyParser.parse(document);
    if (parsed instanceof StrategyParser.Invalid invalid) {
      return new Acceptance.Rejected(invalid.reason(), invalid.problems());
    }
    Strategy strategy = ((StrategyParser.Parsed) parsed).strategy();
    PublicBounds bounds = intent.bounds();
    if (config.enforceBounds()) {
      List<String> problems = new ArrayList<>();
      if (strategy.budget().compareTo(bounds.maxAmountTotal()) > 0) problems.add("the strategy spends more than maxAmountTotal");
      if (strategy.maxSlippageBps().isPresent() && strategy.maxSlippageBps().get() > bounds.maxSlippageBps()) {
        problems.add("the strategy's maxSlippageBps is above the public bound");
      }
      if (!problems.isEmpty()) return new Acceptance.Rejected(RejectReason.EXCEEDS_PUBLIC_BOUNDS, problems);
      Optional<io.coracle.trading.strategy.Refusal> refusal = strategy.check(bounds, intent.submittedAt());
      if (refusal.isPresent()) return new Acceptance.Rejected(refusal.get().reason(), List.of(refusal.get().detail()));
    }
    if (exposure.openIntents() >= config.limits().maxOpenIntentsPerTrader()) {
      return new Acceptance.Rejected(RejectReason.RISK_LIMIT,
          List.of("the trader already has " + exposure.openIntents() + " open intents (limit " + config.limits().maxOpenIntentsPerTrader() + ")"));
    }
    return new Acceptance.Accepted(strategy);
  }

  /**
   * What to do for one open intent now.
   *
   * @param failedAttempts failed attempts of the next slice so far (reverted or refused before signing)
   */
  public Decision decide(Intent intent, Strategy strategy, OrderProgress progress, MarketSnapshot market,
      TraderExposure exposure, CircuitState breaker, int failedAttempts) {
    PublicBounds bounds = intent.bounds();
    BigInteger escrowLeft = bounds.maxAmountTotal().subtract(progress.spent());
    if (escrowLeft.signum() <= 0) return new Decision.Hold("escrow spent; the vault completed the intent");
    if (market.timestamp() > bounds.expiry()) return new Decision.Finish(CloseCode.EXPIRED, "the intent expired");
    if (failedAttempts >= config.limits().maxAttemptsPerSlice()) {
      return new Decision.Finish(CloseCode.FAILED, "slice " + progress.executions() + " failed " + failedAttempts + " times");
    }

    Optional<BigInteger> gasCostOut = market.outPerNativeWei()
        .map(rate -> PriceView.gasCostOut(config.gasUnitsPerExecution(), market.gasPriceWei(), rate));
    PriceView prices = new PriceView(market.reserves(), gasCostOut.orElse(BigInteger.ZERO));
    Tick tick = new Tick(market.blockNumber(), market.timestamp(), intent.submittedAt(),
        config.enforceBounds() ? bounds.maxAmountPerExecution() : escrowLeft.max(strategy.budget()), progress, prices);
    Signal signal = strategy.next(tick);
    if (signal instanceof Signal.Done done) {
      return new Decision.Finish(done.code(), done.why());
    }
    if (signal instanceof Signal.Wait wait) {
      return new Decision.Hold(wait.why());
    }
    Signal.Trade trade = (Signal.Trade) signal;
    BigInteger amountIn = config.enforceBounds()
        ? trade.amountIn().min(bounds.maxAmountPerExecution()).min(escrowLeft)
        : trade.amountIn();

    if (breaker.tripped()) return new Decision.Hold("circuit breaker tripped: " + breaker.reason());
    if (market.guard() instanceof PriceGuard.NoPrice) return new Decision.Hold("no price for the pool yet");
    if (market.guard() instanceof PriceGuard.Moved moved) {
      return new Decision.Hold("manipulation guard: the price moved " + moved.movedBps() + " bps within " + moved.windowBlocks() + " blocks");
    }
    if (gasCostOut.isEmpty()) return new Decision.Hold("no price for gas in the output token");
    if (exposure.executionsInWindow() >= config.limits().maxExecutionsPerTraderPerWindow()) {
      return new Decision.Hold("the trader's execution rate limit is reached");
    }
    Quote quote = prices.quote(amountIn);
    if (quote.grossOut().signum() == 0) return new Decision.Hold("the pool gives nothing for this amount");
    BigInteger gasLimitShare = quote.grossOut().multiply(BigInteger.valueOf(config.limits().maxGasFractionBps()));
    if (gasCostOut.get().multiply(BigInteger.valueOf(10_000)).compareTo(gasLimitShare) > 0) {
      return new Decision.Hold("gas would cost " + bps(gasCostOut.get(), quote.grossOut()) + " bps of the output (limit "
          + config.limits().maxGasFractionBps() + ")");
    }
    int tolerance = slippageTolerance(strategy, bounds);
    BigInteger minOut = AmmMath.lessBps(quote.grossOut(), tolerance);
    if (minOut.signum() == 0) return new Decision.Hold("the output is too small to bound");
    return new Decision.Execute(progress.executions(), amountIn, quote.grossOut(), minOut,
        market.timestamp() + config.deadlineSeconds(), gasCostOut.get(), trade.trigger());
  }

  /**
   * The slippage an execution is given: what the trader asked (or the public bound), capped by half
   * the public bound, so that the pool may move in the trader's favour between decision and mining
   * without the vault's floor (computed at mining) rising above our amountOutMin; and by the
   * engine's own cap.
   */
  int slippageTolerance(Strategy strategy, PublicBounds bounds) {
    int asked = strategy.maxSlippageBps().orElse(bounds.maxSlippageBps());
    if (!config.enforceBounds()) return asked;
    return Math.min(Math.min(asked, bounds.maxSlippageBps() / 2), config.limits().maxSlippageBps());
  }

  private static long bps(BigInteger part, BigInteger whole) {
    return new BigDecimal(part).multiply(BigDecimal.valueOf(10_000)).divide(new BigDecimal(whole), AmmMath.PRICE).longValue();
  }
}
