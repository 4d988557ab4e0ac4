package io.coracle.trading.backtest;

import static io.coracle.trading.Fixtures.T0;
import static io.coracle.trading.Fixtures.USD;
import static io.coracle.trading.Fixtures.WETH;
import static io.coracle.trading.Fixtures.bounds;
import static io.coracle.trading.Fixtures.doc;
import static io.coracle.trading.Fixtures.intent;
import static io.coracle.trading.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coracle.chain.ChainEvent;
import io.coracle.trading.CloseCode;
import io.coracle.trading.Intent;
import io.coracle.trading.RejectReason;
import io.coracle.trading.engine.EngineConfig;
import io.coracle.trading.engine.TradingEngine;
import io.coracle.trading.market.PriceGuard;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replays of a recorded pool through the same engine: a TWAP, a limit order, a rejection, bad recordings. */
class BacktestTest {
  static final String PAIR = "0x3000000000000000000000000000000000000003";

  /** 60 one-second blocks; the price walks from 2,500 down to 2,380 (WETH is token0: lower address). */
  static Recording walkingDown() throws Exception {
    StringWriter w = new StringWriter();
    for (int b = 0; b < 60; b++) {
      Recording.writeBlock(w, 1_000 + b, T0 + b, BigInteger.valueOf(1_000_000_000L));
      BigInteger r1 = units(2_500_000).subtract(units(2_000).multiply(BigInteger.valueOf(b)));
      String hash = "0x" + String.format("%064x", b + 1);
      Recording.writeEvent(w, new ChainEvent(1, ChainEvent.Kind.LOG, 1337, PAIR, "Sync", PAIR, 1_000 + b, hash, hash, 0,
          Map.of("reserve0", units(1_000).toString(), "reserve1", r1.toString())));
    }
    return Recording.read(new StringReader(w.toString()));
  }

  private final Backtest backtest = new Backtest(new TradingEngine(EngineConfig.defaults().withGuard(new PriceGuard(3, 500))));

  @Test
  void aTwapFillsEverySliceOnSchedule() throws Exception {
    Intent i = intent(bounds(1, 3, 100));
    BacktestReport r = backtest.run(i, doc("\"kind\":\"twap\",\"amountIn\":\"" + units(3) + "\",\"slices\":3,\"durationSeconds\":30"),
        PAIR, WETH, walkingDown());
    assertThat(r.outcome()).isEqualTo("FINISHED");
    assertThat(r.closeCode()).isEqualTo(CloseCode.COMPLETED);
    // block T0 has no price yet (its Sync follows its line): slice 1 goes one block later, the others on time
    assertThat(r.fills()).extracting(f -> f.at() - T0).containsExactly(1L, 10L, 20L);
    assertThat(r.totalIn()).isEqualTo(units(3));
    assertThat(r.totalOut()).isPositive();
    assertThat(r.averagePriceNetOfGas()).isLessThan(r.averagePrice());
    assertThat(r.totalGasOut()).isPositive();
  }

  @Test
  void aStopLossFiresWhenThePriceFallsThrough() throws Exception {
    Intent i = intent(bounds(2, 2, 100));
    BacktestReport r = backtest.run(i, doc("\"kind\":\"triple-barrier\",\"amountIn\":\"" + units(2) + "\",\"stopLossPrice\":\"2420\""),
        PAIR, WETH, walkingDown());
    assertThat(r.fills()).hasSize(1);
    assertThat(r.fills().get(0).trigger()).isEqualTo("STOP_LOSS");
    // 2 units net of fee, impact and gas first reach 2,420 near a spot of 2,430 (block 35)
    assertThat(r.fills().get(0).at() - T0).isBetween(30L, 40L);
  }

  @Test
  void aLimitAboveTheWholeRecordingStaysOpenAndARejectedIntentIsReported() throws Exception {
    Intent i = intent(bounds(1, 1, 100));
    BacktestReport open = backtest.run(i, doc("\"kind\":\"limit\",\"amountIn\":\"" + units(1) + "\",\"limitPrice\":\"3000\""), PAIR, WETH, walkingDown());
    assertThat(open.outcome()).isEqualTo("OPEN");
    assertThat(open.fills()).isEmpty();
    assertThat(open.blocksHeld()).isEqualTo(60);
    BacktestReport rejected = backtest.run(i, doc("\"kind\":\"market\",\"amountIn\":\"" + units(2) + "\""), PAIR, USD, walkingDown());
    assertThat(rejected.outcome()).isEqualTo("REJECTED");
    assertThat(rejected.rejectReason()).isEqualTo(RejectReason.EXCEEDS_PUBLIC_BOUNDS);
  }

  @Test
  void malformedRecordingsNameTheirLine() {
    assertThatThrownBy(() -> Recording.read(new StringReader("{\"schema\":\"coracle.block\",\"number\":1,\"timestamp\":1,\"baseFeePerGas\":\"1\"}\nnope\n")))
        .isInstanceOf(Recording.MalformedRecording.class).hasMessage("line 2: not JSON");
    assertThatThrownBy(() -> Recording.read(new StringReader("{\"schema\":\"x\"}")))
        .isInstanceOf(Recording.MalformedRecording.class).hasMessageStartingWith("line 1: unknown schema");
    assertThatThrownBy(() -> Recording.read(new StringReader("{\"schema\":\"coracle.block\",\"number\":1}")))
        .isInstanceOf(Recording.MalformedRecording.class).hasMessageContaining("block line needs");
    assertThatThrownBy(() -> Recording.read(new StringReader(
        "{\"schema\":\"coracle.block\",\"number\":5,\"timestamp\":1,\"baseFeePerGas\":\"1\"}\n{\"schema\":\"coracle.block\",\"number\":4,\"timestamp\":1,\"baseFeePerGas\":\"1\"}")))
        .isInstanceOf(Recording.MalformedRecording.class).hasMessage("line 2: block 4 comes after block 5");
    assertThatThrownBy(() -> Recording.read(new StringReader("{\"schema\":\"coracle.chain-event\",\"version\":1}")))
        .isInstanceOf(Recording.MalformedRecording.class).hasMessageStartingWith("line 1:");
  }
}
