package io.coracle.cli;

import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.chain.FailoverRpc;
import io.coracle.chain.verifier.KeyApprovalService;
import io.coracle.chain.verifier.VerifierHttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coracle verifier}: run an independent attestation verifier. */
@Command(
    name = "verifier",
    mixinStandardHelpOptions = true,
    description = "An independent verifier of enclave registrations: re-verifies SEV-SNP evidence from chain data and signs EIP-712 approvals.",
    subcommands = {VerifierCommand.Serve.class})
public final class VerifierCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
          "Serve POST /v1/approvals {\"keyHash\", \"expiresAt\"} until stopped. The decision uses chain data only:",
          "the KeysRegistered evidence, the registry's measurement allow-list, the nonce block's hash.",
          "The key comes from --key-env (default CORACLE_VERIFIER_KEY) so it never appears in a process list."})
  public static final class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rpc", paramLabel = "URL", split = ",", description = "JSON-RPC endpoint(s); default $CORACLE_CHAIN_RPC_URLS.")
    List<String> rpc = new ArrayList<>();

    @Option(names = "--chain-id", description = "Expected chain id; default $CORACLE_CHAIN_ID.")
    Long chainId;

    @Option(names = "--registry", paramLabel = "ADDRESS", description = "AttestationRegistry; default $CORACLE_CHAIN_REGISTRY.")
    String registry;

    @Option(names = "--key-env", paramLabel = "VAR", defaultValue = "CORACLE_VERIFIER_KEY",
        description = "Environment variable holding this verifier's private key (hex). Default: ${DEFAULT-VALUE}.")
    String keyEnv;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--port", defaultValue = "0", description = "Port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--policy", paramLabel = "FILE", description = "This verifier's appraisal policy (.properties or .json).")
    Path policy;

    @Option(names = "--trust-root", paramLabel = "PEM", description = "Also trust this ARK (e.g. a devnet's simulated chip). Repeatable.")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--max-validity", defaultValue = "P30D", description = "Longest approval signed (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration maxValidity;

    @Option(names = "--max-nonce-age", defaultValue = "256", description = "Blocks the evidence nonce may precede the registration. Default: ${DEFAULT-VALUE}.")
    long maxNonceAge;

    @Override
    public Integer call() throws Exception {
      List<String> urls = rpc.isEmpty() ? splitEnv("CORACLE_CHAIN_RPC_URLS") : rpc;
      if (urls.isEmpty()) {
        throw new CliErrors.UsageException("give --rpc URL (or set CORACLE_CHAIN_RPC_URLS)");
      }
      String reg = registry != null ? registry : System.getenv("CORACLE_CHAIN_REGISTRY");
      if (reg == null || Numeric.hexStringToByteArray(reg).length != 20) {
        throw new CliErrors.UsageException("give --registry ADDRESS (or set CORACLE_CHAIN_REGISTRY)");
      }
      String keyHex = System.getenv(keyEnv);
      if (keyHex == null || keyHex.isBlank()) {
        throw new CliErrors.UsageException("set the verifier's private key in $" + keyEnv);
      }
      Credentials key;
      try {
        byte[] k = Numeric.hexStringToByteArray(keyHex.strip());
        if (k.length != 32) {
          throw new IllegalArgumentException();
        }
        key = Credentials.create(Numeric.toHexStringNoPrefix(k));
      } catch (RuntimeException e) {
        throw new CliErrors.UsageException("$" + keyEnv + " is not a 32-byte hex private key");
      }
      Web3j web3j = FailoverRpc.web3j(urls);
      long nodeChain = web3j.ethChainId().send().getChainId().longValueExact();
      long expected = chainId != null ? chainId : envLong("CORACLE_CHAIN_ID", nodeChain);
      if (nodeChain != expected) {
        throw new IllegalStateException("the node is on chain " + nodeChain + ", not " + expected);
      }
      KeyApprovalService service =
          new KeyApprovalService(
              web3j,
              key,
              new KeyApprovalService.Config(
                  nodeChain, reg, AttestCommand.appraisalPolicy(policy),
                  new SnpEvidenceVerifier(AttestCommand.trustRoots(trustRoots)), maxNonceAge, maxValidity),
              Clock.systemUTC());
      VerifierHttpServer server = new VerifierHttpServer(service, nodeChain, reg, new InetSocketAddress(bind, port)).start();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("verifier", service.address());
      out.put("url", "http://" + bind + ":" + server.port());
      out.put("chainId", nodeChain);
      out.put("registry", reg.toLowerCase(java.util.Locale.ROOT));
      Json.print(spec.commandLine().getOut(), out);
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        web3j.shutdown();
        stop.countDown();
      }));
      stop.await();
      return CliErrors.OK;
    }

    private static List<String> splitEnv(String name) {
      String v = System.getenv(name);
      List<String> out = new ArrayList<>();
      if (v != null) {
        for (String s : v.split(",")) {
          if (!s.isBlank()) {
            out.add(s.strip());
          }
        }
      }
      return out;
    }

    private static long envLong(String name, long dflt) {
      String v = System.getenv(name);
      if (v == null || v.isBlank()) {
        return dflt;
      }
      try {
        return Long.parseLong(v.strip());
      } catch (NumberFormatException e) {
        throw new CliErrors.UsageException("$" + name + " is not a number");
      }
    }
  }
}
