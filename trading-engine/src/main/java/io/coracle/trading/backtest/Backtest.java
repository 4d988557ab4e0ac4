package io.coracle.trading.backtest;

import io.coracle.chain.ChainEvent;
import io.coracle.trading.CloseCode;
import io.coracle.trading.Intent;
import io.coracle.trading.engine.Acceptance;
import io.coracle.trading.engine.CircuitState;
import io.coracle.trading.engine.Decision;
import io.coracle.trading.engine.PaperFill;
import io.coracle.trading.engine.TraderExposure;
import io.coracle.trading.engine.TradingEngine;
import io.coracle.trading.market.MarketSnapshot;
import io.coracle.trading.market.PriceObservation;
import io.coracle.trading.market.Reserves;
import io.coracle.trading.strategy.OrderProgress;
import io.coracle.trading.strategy.Strategy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays a {@link Recording} through the same {@link TradingEngine} the guest runs: the pool's
 * {@code Sync} events are the price feed, block lines the clock and gas price. Decisions are
 * filled on paper at the recorded reserves (fee and price impact included, our own impact on later
 * prices not modelled: the recording already happened), at most one execution per block, as the
 * live guest sends one slice at a time.
 */
public final class Backtest {
  private final TradingEngine engine;

  public Backtest(TradingEngine engine) {
    this.engine = engine;
  }

  /**
   * @param pair the pool the intent trades on (its Sync events are the prices)
   * @param nativeToken the wrapped native token, to price gas; null when none of the pair's tokens is native
   */
  public BacktestReport run(Intent intent, byte[] strategyDocument, String pair, String nativeToken, Recording recording) {
    Acceptance acceptance = engine.acceptDocument(intent, strategyDocument, TraderExposure.NONE);
    if (acceptance instanceof Acceptance.Rejected r) {
      return BacktestReport.rejected(r.reason(), r.problems());
    }
    Strategy strategy = ((Acceptance.Accepted) acceptance).strategy();
    String pairAddress = pair.toLowerCase(Locale.ROOT);
    List<PriceObservation> observations = new ArrayList<>();
    List<PaperFill> fills = new ArrayList<>();
    OrderProgress progress = OrderProgress.NONE;
    CircuitState breaker = CircuitState.CLOSED;
    Recording.Block block = null;
    long lastDecidedBlock = -1;
    int holds = 0;
    for (Recording.Entry entry : recording.entries()) {
      if (entry instanceof Recording.Event ev) {
        ChainEvent e = ev.event();
        if (e.kind() == ChainEvent.Kind.LOG && "Sync".equals(e.event()) && e.contract().equals(pairAddress)) {
          observations.add(new PriceObservation(pairAddress, e.blockNumber(), e.logIndex(),
              new BigInteger(e.field("reserve0")), new BigInteger(e.field("reserve1")), false));
        }
        continue;
      }
      block = (Recording.Block) entry;
      if (block.timestamp() < intent.submittedAt() || block.number() == lastDecidedBlock) continue;
      lastDecidedBlock = block.number();
      // Decide with what was known at the end of the previous block (events of this block follow its line).
      Reserves reserves = latest(observations, intent);
      MarketSnapshot market = new MarketSnapshot(block.number(), block.timestamp(), block.baseFeePerGas(), reserves,
          MarketSnapshot.nativeRate(intent.bounds().tokenIn(), intent.bounds().tokenOut(), nativeToken, reserves),
          engine.config().guard().check(observations, block.number()));
      Decision d = engine.decide(intent, strategy, progress, market, TraderExposure.NONE, breaker, 0);
      if (d instanceof Decision.Execute x) {
        PaperFill fill = PaperFill.of(x, reserves, block.timestamp());
        fills.add(fill);
        progress = progress.after(fill.amountIn(), fill.amountOut(), block.timestamp());
      } else if (d instanceof Decision.Finish f) {
        return BacktestReport.finished(fills, progress, intent.bounds(), f.code(), f.reason(), holds);
      } else {
        holds++;
      }
      if (progress.spent().compareTo(intent.bounds().maxAmountTotal()) >= 0) {
        return BacktestReport.finished(fills, progress, intent.bounds(), CloseCode.COMPLETED, "escrow spent", holds);
      }
    }
    return BacktestReport.open(fills, progress, intent.bounds(), holds, block == null ? -1 : block.number());
  }

  private static Reserves latest(List<PriceObservation> observations, Intent intent) {
    if (observations.isEmpty()) return null;
    PriceObservation last = observations.get(observations.size() - 1);
    return Reserves.forSelling(intent.bounds().tokenIn(), intent.bounds().tokenOut(), last.reserve0(), last.reserve1());
  }
}
