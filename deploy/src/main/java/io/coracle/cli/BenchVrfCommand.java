package io.coracle.cli;

import io.coracle.bench.BenchMachine;
import io.coracle.bench.VrfBenchSummary;
import io.coracle.bench.VrfBenchmark;
import io.coracle.bench.VrfPartsBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.ProfilersFailedException;
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
 * {@code coracle bench vrf}: one JMH run of {@link VrfBenchmark} on secp256k1 and P-256 (ECVRF prove
 * and verify, BC ECDSA sign and verify), then a JSON summary on stdout with ratios and targets. JMH's
 * own progress goes to stderr. Exit 0 when every target holds, 1 when one does not.
 */
@Command(
    name = "vrf",
    mixinStandardHelpOptions = true,
    versionProvider = Coracle.Version.class,
    description = "Benchmark ECVRF prove/verify against BC ECDSA sign/verify on secp256k1 and P-256 "
        + "(about 2 minutes; --quick about 70 s). Prints a JSON summary; exit 0 when the secp256k1 "
        + "targets hold (prove <= 2.0x, verify <= 2.5x ECDSA verify), 1 otherwise.")
final class BenchVrfCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "Two 1 s warmups and four 0.5 s measurements per benchmark "
      + "(default: four warmups, eight measurements).")
  boolean quick;

  @Option(names = "--json-out", paramLabel = "FILE", description = "Also write the JSON summary to FILE.")
  Path jsonOut;

  @Option(names = "--curve", paramLabel = "CURVE", split = ",",
      description = "Curves to run (default: secp256k1,p256).")
  String[] curves = {"secp256k1", "p256"};

  @Option(names = "--only", paramLabel = "BENCHMARK", split = ",",
      description = "Run only these benchmark methods (e.g. ecvrfProve,ecdsaVerify); ratios need both sides.")
  String[] only;

  @Option(names = "--parts", description = "Instead, time the pieces of prove and verify "
      + "(encode_to_curve, x*H and k*H, k*B, proof decoding) to show where the time goes. No targets.")
  boolean parts;

  @Option(names = "--prof", paramLabel = "PROFILER",
      description = "Attach a JMH profiler, e.g. 'stack' (sampled hot methods, printed on stderr).")
  String profiler;

  @Override
  public Integer call() throws RunnerException, IOException {
    for (String c : curves) {
      if (!c.equals("secp256k1") && !c.equals("p256")) {
        throw new CliErrors.UsageException("--curve must be secp256k1 or p256, got '" + c + "'");
      }
    }
    String methods = ".*";
    if (only != null) {
      for (String m : only) {
        if (!m.matches("[A-Za-z]+")) {
          throw new CliErrors.UsageException("--only takes benchmark method names, got '" + m + "'");
        }
      }
      methods = "(" + String.join("|", only) + ")";
    }
    // Generous warmup: on a busy 2-core machine C2 compilation of the prove path takes seconds.
    int warmups = quick ? 2 : 4;
    int measurements = quick ? 4 : 8;
    double load = BenchMachine.loadAverage();
    OptionsBuilder builder = new OptionsBuilder();
    if (profiler != null) {
      builder.addProfiler(profiler);
    }
    Options options = builder
        .include("^" + (parts ? VrfPartsBenchmark.class : VrfBenchmark.class).getName().replace(".", "\\.")
            + "\\." + methods + "$")
        .param("curve", curves)
        .forks(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(measurements)
        .measurementTime(TimeValue.milliseconds(500))
        .jvmArgsAppend("-Xms512m", "-Xmx512m")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results;
    try {
      results = new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run();
    } catch (ProfilersFailedException e) {
      throw new CliErrors.UsageException("--prof: JMH cannot start profiler '" + profiler
          + "' on this machine (try 'stack' or 'gc')");
    }

    Map<String, Map<String, VrfBenchSummary.Score>> scores = new LinkedHashMap<>();
    for (String c : curves) {
      scores.put(c, new LinkedHashMap<>());
    }
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      scores.get(r.getParams().getParam("curve")).put(method, new VrfBenchSummary.Score(
          r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
          r.getPrimaryResult().getStatistics().getMin()));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("benchmark", parts
        ? "Pieces of ECVRF prove/verify (VrfPartsBenchmark), JMH AverageTime, us/op"
        : "ECVRF vs BC ECDSA (SHA-256) (VrfBenchmark), JMH AverageTime, us/op");
    summary.put("machine", BenchMachine.describe(load));
    Map<String, Object> jmh = new LinkedHashMap<>();
    jmh.put("mode", "AverageTime");
    jmh.put("forks", 1);
    jmh.put("warmup", warmups + " x 1 s");
    jmh.put("measurement", measurements + " x 0.5 s");
    summary.put("jmh", jmh);
    Map<String, Object> computed = VrfBenchSummary.summarize(scores);
    if (parts) {
      summary.put("results", computed.get("results"));
    } else {
      summary.putAll(computed);
    }
    Json.printPretty(spec.commandLine().getOut(), summary);
    if (jsonOut != null) {
      Files.writeString(jsonOut, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
    }
    return parts || Boolean.TRUE.equals(summary.get("pass")) ? CliErrors.OK : CliErrors.NEGATIVE;
  }

}
