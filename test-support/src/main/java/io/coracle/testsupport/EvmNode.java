package io.coracle.testsupport;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A real local EVM node running as a child process of this JVM on a free loopback port: Ganache
 * ({@link GanacheNode}) or anvil ({@link AnvilNode}), both from the project's own npm install in
 * contracts/node_modules, both on the shanghai hardfork with the {@link DevAccounts} funded.
 * Its output goes to {@link #logFile()}. It stops on {@link #close()} and, at the latest, when the
 * JVM exits.
 */
public abstract sealed class EvmNode implements AutoCloseable permits GanacheNode, AnvilNode {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int START_ATTEMPTS = 3;

  private final EvmClient client;
  private final EvmNodeOptions options;
  private final Process process;
  private final Thread shutdownHook;
  private final int port;
  private final Path logFile;
  private final HttpService http;
  private final Web3j web3j;

  EvmNode(EvmClient client, EvmNodeOptions options, Process process, int port, Path logFile) {
    this.client = client;
    this.options = options;
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.http = new HttpService(rpcUrl());
    this.web3j = Web3j.build(http);
    this.shutdownHook = new Thread(process::destroyForcibly, "stop-" + client.name().toLowerCase());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the node the {@value EvmClient#PROPERTY} system property names (Ganache by default). */
  public static EvmNode startFromSystemProperty(EvmNodeOptions options) {
    return switch (EvmClient.fromSystemProperty()) {
      case GANACHE -> GanacheNode.start(options);
      case ANVIL -> AnvilNode.start(options);
    };
  }

  public EvmClient client() {
    return client;
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  public long chainId() {
    return options.chainId();
  }

  public EvmNodeOptions options() {
    return options;
  }

  /** A Web3j client for this node (shared; do not shut it down). */
  public Web3j web3j() {
    return web3j;
  }

  public Path logFile() {
    return logFile;
  }

  /** The funded development accounts (see {@link DevAccounts}). */
  public List<Credentials> accounts() {
    return DevAccounts.all();
  }

  public Credentials account(int i) {
    return DevAccounts.get(i);
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Saves the chain state; {@link Snapshot#close()} reverts to it. For per-test isolation. */
  public Snapshot snapshot() {
    String id = call("evm_snapshot", List.of(), String.class);
    return new Snapshot(this, id);
  }

  /** Reverts to a snapshot (which is consumed, as both clients do). */
  public void revertTo(String snapshotId) {
    Boolean reverted = call("evm_revert", List.of(snapshotId), Boolean.class);
    if (!Boolean.TRUE.equals(reverted)) {
      throw new IllegalStateException(client + " did not revert to snapshot " + snapshotId);
    }
  }

  /** Mines {@code blocks} empty blocks. */
  public abstract void mine(int blocks);

  /** Moves the clock forward and mines a block with the new time. */
  public void increaseTime(long seconds) {
    call("evm_increaseTime", List.of(seconds), Object.class);
    mine(1);
  }

  public BigInteger blockNumber() {
    try {
      return web3j.ethBlockNumber().send().getBlockNumber();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the block number from " + rpcUrl(), e);
    }
  }

  /** A raw JSON-RPC call for methods Web3j has no typed method for (evm_*, anvil_*...). */
  public <T> T call(String method, List<?> params, Class<T> resultType) {
    try {
      RawResponse response = new Request<>(method, params, http, RawResponse.class).send();
      if (response.hasError()) {
        throw new IllegalStateException(method + " failed on " + client + ": " + response.getError().getMessage());
      }
      return resultType.cast(resultType == Object.class ? response.getResult() : convert(response.getResult(), resultType));
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed on " + client + ": " + e.getMessage(), e);
    }
  }

  private static Object convert(Object value, Class<?> type) {
    if (type.isInstance(value)) return value;
    if (type == String.class) return String.valueOf(value);
    throw new IllegalStateException("unexpected JSON-RPC result " + value + " for " + type.getSimpleName());
  }

  /** The last lines of the node's log, for failure messages. */
  public String logTail(int lines) {
    return tail(logFile, lines);
  }

  @Override
  public void close() {
    web3j.shutdown();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException jvmAlreadyExiting) {
      // the hook runs anyway
    }
  }

  @Override
  public String toString() {
    return client + "[" + rpcUrl() + ", chainId " + chainId() + ", pid " + process.pid() + "]";
  }

  /** Per-test isolation: reverts the chain to the state of its creation when closed. */
  public static final class Snapshot implements AutoCloseable {
    private final EvmNode node;
    private final String id;

    Snapshot(EvmNode node, String id) {
      this.node = node;
      this.id = id;
    }

    public String id() {
      return id;
    }

    @Override
    public void close() {
      node.revertTo(id);
    }
  }

  /** JSON-RPC response with an untyped result. */
  public static final class RawResponse extends Response<Object> {}

  // ---------------------------------------------------------------- starting

  /** Builds the command line for a node listening on {@code port}. */
  interface CommandLine {
    List<String> command(int port);
  }

  /** Starts the node on a free port, retrying when another process took the port first. */
  static Process launch(EvmClient client, EvmNodeOptions options, CommandLine commandLine, Path logFile, int[] portOut) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int port = FreePorts.next();
      List<String> command = commandLine.command(port);
      Process process;
      try {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start " + client + " (" + command.get(0) + "): " + e.getMessage(), e);
      }
      try {
        awaitRpc(client, process, port, logFile);
        portOut[0] = port;
        return process;
      } catch (IllegalStateException e) {
        process.destroyForcibly();
        last = e;
      }
    }
    throw last;
  }

  private static void awaitRpc(EvmClient client, Process process, int port, Path logFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
        .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(client + " exited with code " + process.exitValue()
            + " before its RPC answered; log " + logFile + ":\n" + tail(logFile, 30));
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"result\"")) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + client, e);
      }
      sleep(200);
    }
    throw new IllegalStateException(client + " did not answer on port " + port + " within " + START_TIMEOUT
        + "; log " + logFile + ":\n" + tail(logFile, 30));
  }

  static Path defaultLogFile(EvmClient client) {
    Path dir = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
    return dir.resolve(client.name().toLowerCase() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".log")
        .toAbsolutePath();
  }

  static List<String> commandOf(String... parts) {
    return new ArrayList<>(List.of(parts));
  }

  private static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) return "";
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
