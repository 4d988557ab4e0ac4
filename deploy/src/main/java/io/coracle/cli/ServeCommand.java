package io.coracle.cli;

import io.coracle.devnet.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coracle serve}: run the oracle service in this process's place. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Run the oracle service (the guest's Quarkus application) in the foreground. It is configured by the",
        "environment: CORACLE_CHAIN_ID, CORACLE_CHAIN_RPC_URLS, CORACLE_CHAIN_COORDINATOR, CORACLE_CHAIN_REGISTRY,",
        "CORACLE_CHAIN_BLOCKHASH_STORE, KAFKA_BOOTSTRAP_SERVERS, CORACLE_DB_REACTIVE_URL, CORACLE_DB_JDBC_URL,",
        "CORACLE_DB_USER, CORACLE_DB_PASSWORD, CORACLE_KEYS_DIR, CORACLE_KEYS_SEALING, CORACLE_ATTESTATION_PROVIDER,",
        "CORACLE_ATTESTATION_VERIFIERS (see oracle-service/src/main/resources/application.properties).",
        "It starts no embedded infrastructure: for everything on one machine use 'coracle devnet'."})
public final class ServeCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "JVM_OPTION", description = "Extra JVM options, e.g. -Xmx1g.")
  List<String> jvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path jar = LocalCluster.oracleJar();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar.toString());
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
    return p.waitFor() == 0 ? CliErrors.OK : CliErrors.NEGATIVE;
  }
}
