package io.coracle.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** How the command line reports errors: a one-line message on stderr and a meaningful exit code. */
public final class CliErrors {
  public static final int OK = 0;
  /** A well-formed question whose answer is "no": invalid proof, invalid evidence, failed run. */
  public static final int NEGATIVE = 1;
  /** The arguments themselves are wrong: unknown command, missing option, malformed hex. */
  public static final int USAGE = 2;

  private CliErrors() {}

  /** Thrown by commands for malformed arguments that picocli's own parsing cannot see. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }

  static final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println("coracle: " + ex.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      err.flush();
      return USAGE;
    }
  }

  static final class ExecutionErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      if (ex instanceof UsageException) {
        err.println("coracle: " + ex.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return USAGE;
      }
      // Anything else is a failure of the run, reported without a stack trace: messages from
      // our own code never carry key material.
      err.println("coracle: error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
      err.flush();
      return NEGATIVE;
    }
  }
}
