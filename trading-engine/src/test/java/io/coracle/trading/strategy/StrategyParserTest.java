package io.coracle.trading.strategy;

import static io.coracle.trading.Fixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.trading.RejectReason;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The strategy document schema: every kind parses, every problem is named, nothing throws. */
class StrategyParserTest {

  private static Strategy parsed(byte[] d) {
    StrategyParser.Result r = StrategyParser.parse(d);
    assertThat(r).as(new String(d, StandardCharsets.UTF_8)).isInstanceOf(StrategyParser.Parsed.class);
    return ((StrategyParser.Parsed) r).strategy();
  }

  private static StrategyParser.Invalid invalid(byte[] d) {
    StrategyParser.Result r = StrategyParser.parse(d);
    assertThat(r).as(new String(d, StandardCharsets.UTF_8)).isInstanceOf(StrategyParser.Invalid.class);
    return (StrategyParser.Invalid) r;
  }

  @Test
  void everyKindParses() {
    assertThat(parsed(doc("\"kind\":\"market\",\"amountIn\":\"5\"")).kind()).isEqualTo("market");
    assertThat(parsed(doc("\"kind\":\"limit\",\"amountIn\":\"5\",\"limitPrice\":\"2400.5\",\"maxSlippageBps\":30")).maxSlippageBps()).contains(30);
    assertThat(parsed(doc("\"kind\":\"triple-barrier\",\"amountIn\":\"5\",\"stopLossPrice\":\"2300\"")).kind()).isEqualTo("triple-barrier");
    assertThat(parsed(doc("\"kind\":\"triple-barrier\",\"amountIn\":\"5\",\"timeLimitSeconds\":60")).budget()).hasToString("5");
    assertThat(parsed(doc("\"kind\":\"twap\",\"amountIn\":\"9\",\"slices\":3,\"durationSeconds\":60,\"label\":\"mine\"")).kind()).isEqualTo("twap");
    assertThat(parsed(doc("\"kind\":\"dca\",\"amountPerBuy\":\"4\",\"buys\":3,\"intervalSeconds\":10,\"minPrice\":\"0.0004\"")).budget()).hasToString("12");
  }

  @Test
  void theEnvelopeOfTheDocumentIsChecked() {
    assertThat(invalid("not json".getBytes()).reason()).isEqualTo(RejectReason.MALFORMED_STRATEGY);
    assertThat(invalid("[1,2]".getBytes()).problems()).containsExactly("not a JSON object");
    assertThat(invalid("{\"schema\":\"other\",\"version\":1,\"kind\":\"market\",\"amountIn\":\"1\"}".getBytes()).problems())
        .containsExactly("'schema' must be \"coracle.strategy\"");
    assertThat(invalid("{\"schema\":\"coracle.strategy\",\"version\":2,\"kind\":\"market\",\"amountIn\":\"1\"}".getBytes()).problems())
        .containsExactly("'version' must be 1");
    assertThat(invalid(doc("\"amountIn\":\"1\"")).problems()).containsExactly("'kind' is required");
    assertThat(invalid(doc("\"kind\":\"market\",\"amountIn\":\"1\",\"label\":\"" + "x".repeat(65) + "\"")).problems())
        .containsExactly("'label' must be a string of at most 64 characters");
    assertThat(invalid(doc("\"kind\":\"market\",\"amountIn\":\"1\",\"amountIn\":\"2\"")).problems()).containsExactly("not a JSON document");
    assertThat(invalid(doc("\"kind\":\"market\",\"amountIn\":\"1\"} {")).problems()).containsExactly("not a JSON document");
    StrategyParser.Invalid unknownKind = invalid(doc("\"kind\":\"martingale\",\"amountIn\":\"1\""));
    assertThat(unknownKind.reason()).isEqualTo(RejectReason.UNSUPPORTED_STRATEGY);
    assertThat(unknownKind.problems().get(0)).contains("martingale").contains("twap");
  }

  @Test
  void everyFieldProblemIsReportedTogether() {
    StrategyParser.Invalid i = invalid(doc("\"kind\":\"twap\",\"amountIn\":5,\"slices\":0,\"durationSeconds\":-1,\"minPrice\":\"abc\",\"extra\":1,\"maxSlippageBps\":6000"));
    assertThat(i.reason()).isEqualTo(RejectReason.MALFORMED_STRATEGY);
    assertThat(i.problems()).containsExactlyInAnyOrder(
        "unknown field 'extra' for kind twap",
        "'maxSlippageBps' must be an integer in [0, 5000]",
        "'amountIn' must be a decimal string of an integer amount",
        "'slices' must be an integer in [1, 1000]",
        "'durationSeconds' must be an integer in [0, 315360000]",
        "'minPrice' must be a decimal string (output units per input unit)");
    assertThat(invalid(doc("\"kind\":\"market\"")).problems()).containsExactly("'amountIn' is required");
    assertThat(invalid(doc("\"kind\":\"market\",\"amountIn\":\"0\"")).problems()).containsExactly("'amountIn' must be positive and below 2^128");
    assertThat(invalid(doc("\"kind\":\"market\",\"amountIn\":\"" + "9".repeat(40) + "\"")).problems())
        .containsExactly("'amountIn' must be positive and below 2^128");
    assertThat(invalid(doc("\"kind\":\"market\",\"amountIn\":\"007\"")).problems())
        .containsExactly("'amountIn' must be a decimal string of an integer amount");
    assertThat(invalid(doc("\"kind\":\"limit\",\"amountIn\":\"5\"")).problems()).containsExactly("'limitPrice' is required");
    assertThat(invalid(doc("\"kind\":\"limit\",\"amountIn\":\"5\",\"limitPrice\":\"0\"")).problems()).containsExactly("'limitPrice' must be positive");
    assertThat(invalid(doc("\"kind\":\"triple-barrier\",\"amountIn\":\"5\"")).problems())
        .containsExactly("at least one of 'stopLossPrice', 'takeProfitPrice', 'timeLimitSeconds' is required");
    assertThat(invalid(doc("\"kind\":\"triple-barrier\",\"amountIn\":\"5\",\"stopLossPrice\":\"3\",\"takeProfitPrice\":\"2\"")).problems())
        .containsExactly("'stopLossPrice' must be below 'takeProfitPrice'");
    assertThat(invalid(doc("\"kind\":\"twap\",\"amountIn\":\"2\",\"slices\":3,\"durationSeconds\":6")).problems())
        .containsExactly("'amountIn' is smaller than 'slices'");
    assertThat(invalid(doc("\"kind\":\"dca\",\"amountPerBuy\":\"4\",\"buys\":3,\"intervalSeconds\":0")).problems())
        .containsExactly("'intervalSeconds' must be an integer in [1, 31536000]");
  }

  @Test
  void problemsAndParsedStrategiesNeverShowValues() {
    String secretPrice = "2468.13579";
    StrategyParser.Result r = StrategyParser.parse(doc("\"kind\":\"limit\",\"amountIn\":\"123456789\",\"limitPrice\":\"" + secretPrice + "\""));
    assertThat(r.toString()).doesNotContain(secretPrice).doesNotContain("123456789");
    assertThat(((StrategyParser.Parsed) r).strategy().toString()).doesNotContain(secretPrice).contains("redacted");
    StrategyParser.Invalid i = invalid(doc("\"kind\":\"limit\",\"amountIn\":\"123456789\",\"limitPrice\":\"-" + secretPrice + "\""));
    assertThat(String.join(" ", i.problems())).doesNotContain(secretPrice);
  }

  @Property(tries = 300)
  void mutatedDocumentsAreJudgedNeverThrown(
      @ForAll @IntRange(min = 0, max = 200) int position, @ForAll byte replacement, @ForAll @IntRange(min = 0, max = 4) int kind) {
    String[] docs = {
        "\"kind\":\"market\",\"amountIn\":\"5\"",
        "\"kind\":\"limit\",\"amountIn\":\"5\",\"limitPrice\":\"2400.5\"",
        "\"kind\":\"triple-barrier\",\"amountIn\":\"5\",\"stopLossPrice\":\"2300\",\"timeLimitSeconds\":60",
        "\"kind\":\"twap\",\"amountIn\":\"9\",\"slices\":3,\"durationSeconds\":60",
        "\"kind\":\"dca\",\"amountPerBuy\":\"4\",\"buys\":3,\"intervalSeconds\":10"};
    byte[] d = doc(docs[kind]);
    d[position % d.length] = replacement;
    StrategyParser.Result r = StrategyParser.parse(d);
    assertThat(r).isNotNull();
    if (r instanceof StrategyParser.Invalid i) assertThat(i.problems()).isNotEmpty();
  }

  @Property(tries = 200)
  void randomBytesNeverThrow(@ForAll @Size(max = 300) byte[] junk) {
    assertThat(StrategyParser.parse(junk)).isNotNull();
  }
}
