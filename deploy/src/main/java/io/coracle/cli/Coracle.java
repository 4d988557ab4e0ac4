package io.coracle.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code ./coracle} command line: one entry point for users. Each capability adds its
 * command group here. Exit codes everywhere: 0 success, 1 a negative answer (invalid proof,
 * invalid evidence, failed run), 2 usage error.
 */
@Command(
    name = "coracle",
    mixinStandardHelpOptions = true,
    versionProvider = Coracle.Version.class,
    description = "Coracle: a confidential oracle. Verifiable randomness (ECVRF) and strategies run "
        + "inside AMD SEV-SNP guests, checked on EVM chains.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Coracle implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // No subcommand: show what exists, and say so on stderr with the usage exit code.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Coracle());
    cl.addSubcommand(new DevnetCommand());
    cl.addSubcommand(new ServeCommand());
    cl.addSubcommand(new AuditCommand());
    cl.addSubcommand(new AttestCommand());
    cl.addSubcommand(new VrfCommand());
    cl.addSubcommand(new BenchCommand());
    cl.addSubcommand(new VerifierCommand());
    cl.addSubcommand(new MeasureCommand());
    cl.addSubcommand(new ContractsCommand());
    cl.getSubcommands().get("vrf").addSubcommand("calldata", new VrfCalldataCommand());
    cl.addSubcommand(new TradeCommand());
    // Set last: picocli hands the handlers only to subcommands that already exist.
    cl.setExecutionExceptionHandler(new CliErrors.ExecutionErrorHandler());
    cl.setParameterExceptionHandler(new CliErrors.UsageErrorHandler());
    return cl;
  }

  public static void main(String[] args) {
    // Kafka's broker brings log4j, whose self-diagnosis would print on stderr.
    System.setProperty("log4j2.statusLoggerLevel", "OFF");
    CliLogging.warningsToConsole();
    System.exit(commandLine().execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Coracle.class.getPackage().getImplementationVersion();
      return new String[] {"coracle " + (v == null ? "dev" : v)};
    }
  }
}
