package io.coracle.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where the libraries' logs go (Kafka, PostgreSQL, Web3j log through SLF4J to java.util.logging):
 * warnings to stderr for one-shot commands; everything to a file for the devnet, whose console
 * belongs to its progress lines.
 */
final class CliLogging {
  private static final String FORMAT = "%1$tT %4$-7s [%3$s] %5$s%6$s%n";

  private CliLogging() {}

  static void warningsToConsole() {
    System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    Logger root = reset();
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.WARNING);
    root.addHandler(console);
    root.setLevel(Level.WARNING);
  }

  static void everythingTo(Path file) {
    System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    Logger root = reset();
    try {
      FileHandler h = new FileHandler(file.toString(), true);
      h.setFormatter(new SimpleFormatter());
      h.setLevel(Level.INFO);
      root.addHandler(h);
      root.setLevel(Level.INFO);
      ConsoleHandler console = new ConsoleHandler();
      console.setLevel(Level.SEVERE);
      root.addHandler(console);
    } catch (IOException e) {
      warningsToConsole();
    }
  }

  private static Logger reset() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    return root;
  }
}
