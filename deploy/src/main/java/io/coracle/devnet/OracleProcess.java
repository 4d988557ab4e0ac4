package io.coracle.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coracle.testsupport.ChildProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One oracle-service process of a local cluster: its environment, its HTTP API, its life. */
public final class OracleProcess {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Path jar;
  private final Map<String, String> env;
  private final Path workDir;
  private final Path log;
  private final int port;
  private ChildProcess process;

  OracleProcess(String name, Path jar, Map<String, String> env, Path workDir, Path log, int port) {
    this.name = name;
    this.jar = jar;
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.log = log;
    this.port = port;
  }

  public String name() {
    return name;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  /** Starts the process (again) and waits until it is live (not necessarily ready). */
  public synchronized OracleProcess start(Duration timeout) {
    if (process != null && process.isAlive()) {
      return this;
    }
    process = ChildProcess.java(name, jar, jvmOptions(), env, workDir, log);
    process.awaitHttpOk(url() + "/q/health/live", timeout);
    return this;
  }

  /**
   * The oracle JVM's options; {@code CORACLE_ORACLE_JAVA_OPTS} (space-separated) is added after the
   * defaults, so it can override them. The devnet's JVMs share two cores with the node, Kafka and
   * PostgreSQL: C2 compiling the service's code took about half of its CPU for minutes (measured
   * with {@code bench e2e}: 0.35-0.7 cores of JIT after 2,000 warm-up requests), so the devnet
   * runs the service on C1 alone (47 -> 84 fulfilments/s on anvil). A long-lived guest with its
   * own cores keeps the JVM's default ({@code -XX:TieredStopAtLevel=4} here restores it).
   */
  static List<String> jvmOptions() {
    List<String> opts = new java.util.ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    String extra = System.getenv("CORACLE_ORACLE_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      opts.addAll(List.of(extra.trim().split("\\s+")));
    }
    return List.copyOf(opts);
  }

  /** Waits until readiness is UP: keys active, chain, Kafka and PostgreSQL reachable. */
  public OracleProcess awaitReady(Duration timeout) {
    process.awaitHttpOk(url() + "/q/health/ready", timeout);
    return this;
  }

  /** SIGKILL, as a crash. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
  }

  public synchronized void stop() {
    if (process != null) {
      process.stop(Duration.ofSeconds(15));
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public JsonNode getJson(String path) throws IOException {
    try {
      HttpResponse<String> r =
          HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body().isEmpty() ? "null" : r.body());
      if (r.statusCode() >= 400 && r.statusCode() != 404 && r.statusCode() != 503) {
        throw new IOException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      return body;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The first (only) key set the service reports. */
  public JsonNode keys() throws IOException {
    return getJson("/v1/keys").get(0);
  }

  /** The process id while it runs (for CPU and memory readings), or -1. */
  public synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  public String tail(int lines) {
    return process == null ? "" : process.tail(lines);
  }
}
