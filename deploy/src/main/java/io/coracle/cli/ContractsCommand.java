package io.coracle.cli;

import io.coracle.contracts.ContractSet;
import io.coracle.contracts.CoracleDeployer;
import io.coracle.contracts.DeploymentOptions;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coracle contracts}: deploy Coracle's contract set to an EVM chain. */
@Command(name = "contracts", mixinStandardHelpOptions = true, versionProvider = Coracle.Version.class,
    description = "Coracle's on-chain contracts: VRF coordinator, attestation registry, ECVRF verifier, examples.",
    subcommands = {ContractsCommand.Deploy.class})
public final class ContractsCommand implements Runnable {
  private static final BigInteger SECP256K1_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: deploy.");
  }

  @Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = Coracle.Version.class,
      description = {
          "Deploy and wire the whole set (ECVRFVerifier, BlockhashStore, AttestationRegistry, VRFCoordinator, "
              + "TraitMinter, Lottery) with the given key, which then owns every contract. Prints the addresses as JSON:",
          "{\"coordinator\", \"registry\", \"blockhashStore\", \"verifier\", \"traitMinter\", \"lottery\"}.",
          "Afterwards: registry governance (measurements, minimum TCB, verifiers), proving keys on the coordinator, "
              + "funding the examples' subscription (see contracts/README.md)."})
  static final class Deploy implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rpc", required = true, paramLabel = "URL", description = "JSON-RPC endpoint, http:// or https://.")
    String rpc;

    @Option(names = "--private-key", required = true, paramLabel = "HEX",
        description = "Deployer's secp256k1 key, 32 bytes hex. Beware: command lines are visible to other local users.")
    String privateKey;

    @Option(names = "--gas-price-wei", paramLabel = "WEI", description = "Gas price of the transactions (default: the node's eth_gasPrice).")
    BigInteger gasPriceWei;

    @Override
    public Integer call() {
      URI uri = rpcUri(rpc);
      Credentials deployer = credentials(privateKey);
      Web3j web3j = Web3j.build(new HttpService(uri.toString()));
      try {
        DeploymentOptions options = DeploymentOptions.defaults();
        if (gasPriceWei != null) options = options.withGasPrice(gasPriceWei);
        ContractSet set = CoracleDeployer.deploy(web3j, deployer, options);
        Json.print(spec.commandLine().getOut(), set.addresses());
        return CliErrors.OK;
      } catch (CoracleDeployer.DeploymentException e) {
        spec.commandLine().getErr().println("coracle: deployment to " + uri + " failed: " + withoutKey(e.getMessage()));
        spec.commandLine().getErr().flush();
        return CliErrors.NEGATIVE;
      } finally {
        web3j.shutdown();
      }
    }

    /** A message must never echo the key, even if a library put it there. */
    private String withoutKey(String message) {
      String key = privateKey.trim().toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
      String m = message == null ? "unknown error" : message;
      return key.length() >= 8 ? m.replaceAll("(?i)(0x)?" + java.util.regex.Pattern.quote(key), "<redacted>") : m;
    }
  }

  static URI rpcUri(String value) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new CliErrors.UsageException("--rpc must be an http:// or https:// URL with a host, e.g. http://127.0.0.1:8545");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CliErrors.UsageException("--rpc is not a URL: " + e.getReason());
    }
  }

  /** Parses the key without ever putting it in a message. */
  static Credentials credentials(String value) {
    byte[] raw = VrfCommand.hex("--private-key", value, true);
    if (raw.length != 32) {
      throw new CliErrors.UsageException("--private-key must be 32 bytes (64 hex digits), got " + raw.length + " bytes");
    }
    BigInteger k = new BigInteger(1, raw);
    if (k.signum() == 0 || k.compareTo(SECP256K1_N) >= 0) {
      throw new CliErrors.UsageException("--private-key is not a valid secp256k1 key (must be in [1, n-1])");
    }
    return Credentials.create(ECKeyPair.create(k));
  }
}
