package io.coracle.oracle.trading;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Outbox ids of trading transactions: each names its order, slice and attempt, and nothing else parses as one. */
class TradingIdsTest {
  private static final String INTENT = "0x" + "ab".repeat(32);

  @Test
  void idsParseBackToWhatTheyName() {
    TradingIds.Parsed exec = TradingIds.parse(TradingIds.execute(1337, INTENT, 2, 7)).orElseThrow();
    assertThat(exec).isEqualTo(new TradingIds.Parsed(1337, INTENT, TradingIds.Action.EXEC, 2, 7));
    assertThat(exec.orderId()).isEqualTo("1337:" + INTENT);
    assertThat(TradingIds.parse(TradingIds.reject(1, INTENT, 3)).orElseThrow().action()).isEqualTo(TradingIds.Action.REJECT);
    assertThat(TradingIds.parse(TradingIds.finish(1, INTENT, 4)).orElseThrow().attempt()).isEqualTo(4);
    assertThat(TradingIds.parse("vrf:1337:42:0")).isEmpty();
    assertThat(TradingIds.parse("trade:1337:" + INTENT + ":exec:x:1")).isEmpty();
    assertThat(TradingIds.parse("trade:1337:" + INTENT + ":sell:1")).isEmpty();
    assertThat(TradingIds.parse("trade:")).isEmpty();
  }

  @Test
  void refusalsBecauseThePoolMovedAreRecognisedByNameOrSelector() {
    assertThat(TradingOutboxHooks.priceMoved("would revert: InsufficientOutputAmount(1, 2)")).isTrue();
    assertThat(TradingOutboxHooks.priceMoved("would revert: reverted with data 0x{\"result\":\"0xd28d3eb5000\"}")).isTrue();
    assertThat(TradingOutboxHooks.priceMoved("would revert: SlippageAboveBound(1, 2)")).isTrue();
    assertThat(TradingOutboxHooks.priceMoved("would revert: NotIntentGuest(0x12)")).isFalse();
    assertThat(TradingOutboxHooks.priceMoved(null)).isFalse();
  }

  @Property(tries = 200)
  void everyExecuteIdRoundTrips(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long chain, @ForAll @IntRange(min = 0, max = 100_000) int slice,
      @ForAll @IntRange(min = 1, max = 1_000_000) int attempt) {
    assertThat(TradingIds.parse(TradingIds.execute(chain, INTENT, slice, attempt)))
        .contains(new TradingIds.Parsed(chain, INTENT, TradingIds.Action.EXEC, slice, attempt));
  }
}
