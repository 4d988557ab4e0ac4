package io.coracle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coracle trade}: offline backtests, and clear usage errors (exit 2) before anything touches a node. */
class TradeCommandTest {
  private static final String PAIR = "0x3000000000000000000000000000000000000003";
  private static final String WETH = "0x1000000000000000000000000000000000000001";
  private static final String USD = "0x2000000000000000000000000000000000000002";

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Coracle.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static String recording() throws Exception {
    return Path.of(TradeCommandTest.class.getResource("/trading/pool-drifting-down.jsonl").toURI()).toString();
  }

  @Test
  void backtestsATwapOnARecordingAndReportsItsFills() throws Exception {
    Run r = run("trade", "backtest", "--events", recording(), "--pair", PAIR, "--native-token", WETH, "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "1", "--max-total", "3", "--kind", "twap", "--amount", "3", "--slices", "3", "--duration", "30");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(r.out());
    assertThat(report.get("outcome").asText()).isEqualTo("FINISHED");
    assertThat(report.get("fills")).hasSize(3);
    assertThat(report.get("totalIn").asText()).isEqualTo("3");
    double avg = Double.parseDouble(report.get("averagePrice").asText());
    assertThat(avg).isBetween(2_380.0, 2_500.0);
    assertThat(Double.parseDouble(report.get("averagePriceNetOfGas").asText())).isLessThan(avg);
  }

  @Test
  void backtestsAStopLossThatFires() throws Exception {
    Run r = run("trade", "backtest", "--events", recording(), "--pair", PAIR, "--native-token", WETH, "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "2", "--max-total", "2", "--kind", "triple-barrier", "--amount", "2", "--stop-loss", "2420");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(r.out());
    assertThat(report.get("fills")).hasSize(1);
    assertThat(report.get("fills").get(0).get("trigger").asText()).isEqualTo("STOP_LOSS");
  }

  @Test
  void aStrategyTheGuestWouldRejectIsReportedWithItsReason() throws Exception {
    Run r = run("trade", "backtest", "--events", recording(), "--pair", PAIR, "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "1", "--max-total", "1", "--kind", "market", "--amount", "2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(Json.MAPPER.readTree(r.out()).get("rejectReason").asText()).isEqualTo("EXCEEDS_PUBLIC_BOUNDS");
  }

  @Test
  void badInputIsAUsageErrorWithAClearMessage(@TempDir Path dir) throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.jsonl"), "{\"schema\":\"coracle.block\",\"number\":1,\"timestamp\":1,\"baseFeePerGas\":\"1\"}\nnot json\n");
    Run malformed = run("trade", "backtest", "--events", junk.toString(), "--pair", PAIR, "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "1", "--max-total", "1", "--kind", "market", "--amount", "1");
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).contains("line 2: not JSON").doesNotContain("Exception");

    Run badAddress = run("trade", "backtest", "--events", recording(), "--pair", "0x12", "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "1", "--max-total", "1", "--kind", "market", "--amount", "1");
    assertThat(badAddress.exit()).isEqualTo(2);
    assertThat(badAddress.err()).contains("--pair must be a 0x address");

    Run both = run("trade", "backtest", "--events", recording(), "--pair", PAIR, "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "1", "--max-total", "1", "--kind", "market", "--amount", "1", "--strategy", "x.json");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("exactly one of --strategy FILE or --kind");

    Run badAmount = run("trade", "backtest", "--events", recording(), "--pair", PAIR, "--token-in", WETH, "--token-out", USD,
        "--max-per-execution", "lots", "--max-total", "1", "--kind", "market", "--amount", "1");
    assertThat(badAmount.exit()).isEqualTo(2);
    assertThat(badAmount.err()).contains("not a decimal amount");

    Run noIntent = run("trade", "status", "--vault", "0x26b4afb60d6c903165150c6f0aa14f8016be4aec", "--intent", "0x1234");
    assertThat(noIntent.exit()).isEqualTo(2);
    assertThat(noIntent.err()).contains("--intent must be 32 bytes");

    Run unknown = run("trade", "frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
  }
}
