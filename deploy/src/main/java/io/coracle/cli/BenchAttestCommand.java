package io.coracle.cli;

import io.coracle.bench.BenchMachine;
import io.coracle.bench.AttestBenchmark;
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
 * {@code coracle bench attest}: one JMH run of {@link AttestBenchmark} (full SEV-SNP bundle
 * verification with a cold and a warm certificate-chain cache), then a JSON summary on stdout.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = "Benchmark full SEV-SNP evidence verification, cold and warm certificate cache "
        + "(about 1 minute; --quick about 25 s). Prints a JSON summary.")
final class BenchAttestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "One 1 s warmup and two 1 s measurements per benchmark.")
  boolean quick;

  @Option(names = "--json-out", paramLabel = "FILE", description = "Also write the JSON summary to FILE.")
  Path jsonOut;

  @Override
  public Integer call() throws RunnerException, IOException {
    int warmups = quick ? 1 : 3;
    int measurements = quick ? 2 : 5;
    double load = BenchMachine.loadAverage();
    Options options = new OptionsBuilder()
        .include("^" + AttestBenchmark.class.getName().replace(".", "\\.") + "\\.")
        .forks(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(measurements)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-Xms512m", "-Xmx512m")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results =
        new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    Map<String, Object> perBenchmark = new LinkedHashMap<>();
    Map<String, Double> means = new LinkedHashMap<>();
    for (RunResult r : results) {
      String b = r.getParams().getBenchmark();
      String method = b.substring(b.lastIndexOf('.') + 1);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("meanUs", round(r.getPrimaryResult().getScore()));
      s.put("errorUs", round(r.getPrimaryResult().getScoreError()));
      s.put("opsPerSecond", round(1_000_000.0 / r.getPrimaryResult().getScore()));
      perBenchmark.put(method, s);
      means.put(method, r.getPrimaryResult().getScore());
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("benchmark", "SEV-SNP bundle verification (decode, chain, report signature, policy), JMH AverageTime, us/op");
    summary.put("machine", BenchMachine.describe(load));
    summary.put("jmh", Map.of("forks", 1, "warmup", warmups + " x 1 s", "measurement", measurements + " x 1 s"));
    summary.put("results", perBenchmark);
    Double cold = means.get("verifyColdCache");
    Double warm = means.get("verifyWarmCache");
    if (cold != null && warm != null && warm > 0) {
      summary.put("warmSpeedup", round(cold / warm));
    }
    Json.printPretty(spec.commandLine().getOut(), summary);
    if (jsonOut != null) {
      Files.writeString(jsonOut, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    }
    return CliErrors.OK;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

}
