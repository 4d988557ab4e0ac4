package io.coracle.cli;

import io.coracle.devnet.DemoRun;
import io.coracle.devnet.LocalCluster;
import io.coracle.devnet.OracleProcess;
import io.coracle.testsupport.EvmClient;
import io.coracle.testsupport.NodeModules;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coracle devnet}: the whole system on this machine, with a demonstration. */
@Command(
    name = "devnet",
    mixinStandardHelpOptions = true,
    description = {
        "Start the whole system on this machine: PostgreSQL, Kafka, Ganache, the contracts, a simulated",
        "SEV-SNP guest running the oracle service, and independent verifier processes (2 of 3 must approve).",
        "Then run a demo (NFT traits from VRF words, a lottery draw) and keep running until Ctrl-C."})
public final class DevnetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--rpc", paramLabel = "URL", description = "Use this EVM node instead of starting Ganache.")
  String rpc;

  @Option(names = "--private-key", paramLabel = "HEX", description = "With --rpc: the funded key that deploys (default: Ganache's first dev account).")
  String privateKey;

  @Option(names = "--evm", defaultValue = "ganache", description = "Node to start: ganache or anvil. Default: ${DEFAULT-VALUE}.")
  String evm;

  @Option(names = "--exit-after-demo", description = "Stop after the demo; exit 0 only if every request was fulfilled and verified.")
  boolean exitAfterDemo;

  @Option(names = "--json", description = "Print the deployed addresses and the demo's results as JSON on stdout.")
  boolean json;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where logs, keys and data go. Default: .devnet/<timestamp> in the repository.")
  Path workDir;

  @Option(names = "--verifiers", defaultValue = "3", description = "Independent verifier processes. Default: ${DEFAULT-VALUE}.")
  int verifiers;

  @Option(names = "--threshold", defaultValue = "2", description = "Approvals needed to activate keys. Default: ${DEFAULT-VALUE}.")
  int threshold;

  @Override
  public Integer call() throws Exception {
    if (threshold < 1 || threshold > verifiers || verifiers > 8) {
      throw new CliErrors.UsageException("need 1 <= --threshold <= --verifiers <= 8");
    }
    if (privateKey != null && rpc == null) {
      throw new CliErrors.UsageException("--private-key only makes sense with --rpc");
    }
    EvmClient client;
    try {
      client = EvmClient.valueOf(evm.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliErrors.UsageException("--evm must be ganache or anvil");
    }
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    DateTimeFormatter hhmmss = DateTimeFormatter.ofPattern("HH:mm:ss");
    java.util.function.Consumer<String> say = s -> {
      err.println("[" + LocalTime.now().format(hhmmss) + " +" + (System.nanoTime() - started) / 1_000_000_000 + "s] " + s);
      err.flush();
    };
    Path dir = workDir != null ? workDir
        : NodeModules.repositoryRoot().resolve(".devnet").resolve(java.time.LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(dir);
    CliLogging.everythingTo(dir.resolve("devnet.log"));
    say.accept("Coracle devnet in " + dir + " (logs of every process are there)");
    LocalCluster.Options options = LocalCluster.Options.defaults(dir, say).withEvm(client);
    options = new LocalCluster.Options(options.workDir(), options.rpcUrl(), options.deployerKey(), options.evm(), verifiers, threshold,
        options.confirmations(), options.oracleReplicas(), options.eventPartitions(), options.blockTimeSeconds(), options.oracleEnv(), say);
    if (rpc != null) {
      options = options.withRpc(rpc, Optional.ofNullable(privateKey));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (LocalCluster cluster = LocalCluster.start(options)) {
      Thread hook = new Thread(() -> {
        say.accept("stopping: oracle, verifiers, Kafka, PostgreSQL, EVM node");
        cluster.close();
        stopped.countDown();
      });
      Runtime.getRuntime().addShutdownHook(hook);
      OracleProcess oracle = cluster.oracle();
      DemoRun.Result result = new DemoRun(cluster, say).run(Duration.ofMinutes(3));
      say.accept(result.allVerified()
          ? "demo: every request fulfilled, every proof verified on-chain, attestation valid"
          : "demo: NOT everything checked out (see above)");
      say.accept("REST:    " + oracle.url() + "/v1/keys   " + oracle.url() + "/v1/requests/" + cluster.chainId() + "/{requestId}   "
          + oracle.url() + "/v1/attestation?nonce=<64 hex>");
      say.accept("metrics: " + oracle.url() + "/q/metrics   health: " + oracle.url() + "/q/health   OpenAPI: " + oracle.url() + "/q/openapi");
      say.accept("chain:   " + (rpc != null ? rpc : cluster.evmNode().map(n -> n.rpcUrl()).orElse("?")) + " (chain id " + cluster.chainId() + ")");
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>(cluster.addresses());
        out.put("chainId", cluster.chainId());
        out.put("keyHash", cluster.keyHash());
        out.put("signer", cluster.signer());
        out.put("oracle", oracle.url());
        out.put("verifiers", cluster.verifierUrls());
        out.put("demo", result);
        Json.printPretty(spec.commandLine().getOut(), out);
      }
      if (exitAfterDemo) {
        Runtime.getRuntime().removeShutdownHook(hook);
        return result.allVerified() ? CliErrors.OK : CliErrors.NEGATIVE;
      }
      say.accept("running; press Ctrl-C to stop");
      stopped.await();
      return CliErrors.OK;
    }
  }
}
