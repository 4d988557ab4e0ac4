package io.coracle.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coracle bench}: a plain container for JMH benchmark runs; each area adds a subcommand. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run JMH benchmarks (single fork, short iterations) and print a JSON summary.",
    subcommands = {BenchVrfCommand.class, BenchAttestCommand.class, BenchE2eCommand.class, BenchTradeCommand.class})
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
