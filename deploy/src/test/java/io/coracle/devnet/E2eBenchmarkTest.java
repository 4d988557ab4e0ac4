package io.coracle.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic over what the chain watcher saw. */
class E2eBenchmarkTest {
  private static final long S = 1_000_000_000L;

  /** Fulfilments mined at (seconds after 0, block) pairs; one unfulfilled request. */
  private static Map<BigInteger, ChainWatch.Seen> seen(long[][] fulfilled) {
    Map<BigInteger, ChainWatch.Seen> m = new HashMap<>();
    for (int i = 0; i < fulfilled.length; i++) {
      m.put(BigInteger.valueOf(i), new ChainWatch.Seen(1, 10, fulfilled[i][0] * S, fulfilled[i][1], "0x" + i));
    }
    m.put(BigInteger.valueOf(-1), new ChainWatch.Seen(1, 10, -1, -1, null));
    return m;
  }

  @Test
  void theRateRunsFromTheStartToTheLastFulfilmentAndCountsOnlyFulfilled() {
    var s = seen(new long[][] {{2, 12}, {2, 12}, {3, 13}, {4, 14}});
    assertThat(E2eBenchmark.rate(s, 0)).isEqualTo(1.0); // 4 in 4 s
    assertThat(E2eBenchmark.rate(s, 2 * S)).isEqualTo(2.0);
    assertThat(E2eBenchmark.rate(s, 4 * S)).isZero(); // nothing after the start
    assertThat(E2eBenchmark.rate(seen(new long[0][]), 0)).isZero();
  }

  @Test
  void perBlockListsEveryBlockAfterTheStartIncludingEmptyOnes() {
    var s = seen(new long[][] {{2, 12}, {2, 12}, {4, 14}});
    assertThat(E2eBenchmark.perBlock(s, 10)).containsExactly(0, 2, 0, 1);
    assertThat(E2eBenchmark.perBlock(s, 12)).containsExactly(0, 1);
  }

  @Test
  void firstSeenIsTheReactionTimeOrMinusOne() {
    var s = seen(new long[][] {{3, 13}, {5, 15}});
    assertThat(E2eBenchmark.firstSeen(s, S)).isEqualTo(2.0);
    assertThat(E2eBenchmark.firstSeen(seen(new long[0][]), 0)).isEqualTo(-1.0);
  }

  @Test
  void theSteadyRateLeavesOutTheFirstBlockAndTheTimeBeforeIt() {
    // blocks 12 (t = 2 s, 2 fulfilments), 13 (t = 3 s, 1), 14 (t = 6 s, 3): 4 after the first block in 4 s
    var s = seen(new long[][] {{2, 12}, {2, 12}, {3, 13}, {6, 14}, {6, 14}, {6, 14}});
    assertThat(E2eBenchmark.steadyRate(s)).isEqualTo(1.0);
    assertThat(E2eBenchmark.steadyRate(seen(new long[][] {{2, 12}, {2, 12}}))).isEqualTo(-1.0); // one block
    assertThat(E2eBenchmark.steadyRate(seen(new long[0][]))).isEqualTo(-1.0);
  }

  @Test
  void aPhaseTimingIsReportedUnderItsPrefix() {
    var s = seen(new long[][] {{2, 12}, {2, 12}, {3, 13}, {6, 14}, {6, 14}, {6, 14}});
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    E2eBenchmark.Timing.of(s, 0, 10).putInto(out, "service");
    assertThat(out).containsExactly(
        Map.entry("serviceFulfilmentsPerSecond", 1.0), // 6 in 6 s
        Map.entry("serviceFulfilmentsPerBlock", List.of(0, 2, 1, 3)),
        Map.entry("serviceFirstFulfilmentSeconds", 2.0),
        Map.entry("serviceSteadyFulfilmentsPerSecond", 1.0));
  }

  @Test
  void latencyIsJudgedAgainstTheTwoIntervalsAfterTheRequestsBlockAsSeen() {
    // blocks 10, 11, 12, 13 seen at 1, 4, 6, 7 s: two intervals after block 10 are 5 s, after 11 3 s
    Map<Long, Long> blocks = Map.of(10L, S, 11L, 4 * S, 12L, 6 * S, 13L, 7 * S);
    java.util.function.LongUnaryOperator at = b -> blocks.getOrDefault(b, -1L);
    Map<BigInteger, ChainWatch.Seen> seen = Map.of(
        BigInteger.ONE, new ChainWatch.Seen(S, 10, 6 * S + 200_000_000L, 12, "0x1"), // 5.2 s <= 5 s + 250 ms
        BigInteger.TWO, new ChainWatch.Seen(4 * S, 11, 7 * S + 300_000_000L, 13, "0x2"), // 3.3 s > 3 s + 250 ms
        BigInteger.TEN, new ChainWatch.Seen(1, 12, -1, -1, null)); // not fulfilled: not judged
    assertThat(E2eBenchmark.shareWithinTwoIntervals(seen, at)).isEqualTo(0.5);
    assertThat(E2eBenchmark.shareWithinTwoIntervals(Map.of(BigInteger.ONE, new ChainWatch.Seen(1, 13, 7 * S, 15, "0x1")), at))
        .as("block 15 never seen").isEqualTo(-1.0);
  }

  @Test
  void percentilesAreNearestRankAndMinusOneWhenEmpty() {
    List<Double> xs = List.of(5.0, 1.0, 4.0, 2.0, 3.0);
    assertThat(E2eBenchmark.percentile(xs, 50)).isEqualTo(3.0);
    assertThat(E2eBenchmark.percentile(xs, 99)).isEqualTo(5.0);
    assertThat(E2eBenchmark.percentile(xs, 0)).isEqualTo(1.0);
    assertThat(E2eBenchmark.percentile(List.of(), 50)).isEqualTo(-1.0);
    assertThat(E2eBenchmark.percentileL(List.of(3L, 1L, 2L), 100)).isEqualTo(3L);
  }
}
