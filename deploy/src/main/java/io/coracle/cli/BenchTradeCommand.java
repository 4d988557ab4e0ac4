package io.coracle.cli;

import io.coracle.bench.BenchMachine;
import io.coracle.bench.TradeBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coracle bench trade}: one JMH run of {@link TradeBenchmark} (intents evaluated per second,
 * decision latency per price event, intent acceptance), then a JSON summary on stdout.
 */
@Command(
    name = "trade",
    mixinStandardHelpOptions = true,
    description = "Benchmark the trading engine: intents evaluated per second, decision latency per price event "
        + "(guard + every open intent on the pool), and accepting one intent (ECIES decrypt + parse + checks). "
        + "About 1.5 minutes; --quick about 40 s. Prints a JSON summary.")
final class BenchTradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "Three 1 s warmups and three 1 s measurements per benchmark (default: 5 x 2 s and 5 x 1 s).")
  boolean quick;

  @Option(names = "--open-intents", defaultValue = "100", description = "Open intents per pool for priceEvent. Default: ${DEFAULT-VALUE}.")
  int openIntents;

  @Option(names = "--json-out", paramLabel = "FILE", description = "Also write the JSON summary to FILE.")
  Path jsonOut;

  @Override
  public Integer call() throws RunnerException, IOException {
    if (openIntents < 1 || openIntents > 100_000) throw new CliErrors.UsageException("--open-intents must be in 1..100000");
    // The engine's code paths are many small methods: C2 needs several seconds before the numbers settle.
    int warmups = quick ? 3 : 5;
    int warmupSeconds = quick ? 1 : 2;
    int measurements = quick ? 3 : 5;
    double load = BenchMachine.loadAverage();
    Options options = new OptionsBuilder()
        .include("^" + TradeBenchmark.class.getName().replace(".", "\\.") + "\\.")
        .param("openIntents", Integer.toString(openIntents))
        .forks(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(warmupSeconds))
        .measurementIterations(measurements)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xms512m", "-Xmx512m")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("benchmark", "Trading engine (TradeBenchmark), JMH, " + openIntents + " open intents per pool, 5 strategy kinds");
    summary.put("machine", BenchMachine.describe(load));
    summary.put("jmh", Map.of("forks", 1, "warmup", warmups + " x " + warmupSeconds + " s", "measurement", measurements + " x 1 s"));
    Map<String, Object> scores = new LinkedHashMap<>();
    for (RunResult r : results) {
      String b = r.getParams().getBenchmark();
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("score", r.getPrimaryResult().getScore());
      s.put("error", r.getPrimaryResult().getScoreError());
      s.put("unit", r.getPrimaryResult().getScoreUnit());
      scores.put(b.substring(b.lastIndexOf('.') + 1), s);
    }
    summary.put("results", scores);
    Object evaluate = scores.get("evaluateIntent");
    Object event = scores.get("priceEvent");
    if (evaluate instanceof Map<?, ?> e) summary.put("intentsEvaluatedPerSecond", Math.round((Double) e.get("score")));
    if (event instanceof Map<?, ?> p) summary.put("decisionLatencyPerPriceEventMicros", Math.round((Double) p.get("score")));
    Json.printPretty(spec.commandLine().getOut(), summary);
    if (jsonOut != null) Files.writeString(jsonOut, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    return CliErrors.OK;
  }
}
