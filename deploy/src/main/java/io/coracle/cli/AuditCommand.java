package io.coracle.cli;

import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.Verdict;
import io.coracle.attestation.verify.VerificationPolicy;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfVerification;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.Contract;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coracle audit}: re-check what Coracle did, from chain data alone. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Re-check Coracle's work from chain data alone, trusting neither the operator nor its API.",
    subcommands = {AuditCommand.Fulfilment.class})
public final class AuditCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "fulfilment",
      mixinStandardHelpOptions = true,
      description = {
          "Given a fulfilment transaction: decode its proof and request commitment, recompute the seed from the",
          "request block's hash, verify the ECVRF proof off-chain (coracle-vrf) and recompute the random words;",
          "find the key's KeysRegistered event, re-verify its SEV-SNP evidence and its binding to the key, and",
          "read whether the registry holds the key active. Exit 0 only if everything checks out."})
  public static final class Fulfilment implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rpc", required = true, paramLabel = "URL", description = "An EVM node of the chain.")
    String rpc;

    @Option(names = "--tx", required = true, paramLabel = "HASH", description = "The fulfilment transaction.")
    String tx;

    @Option(names = "--trust-root", paramLabel = "PEM", description = "Also trust this ARK (a devnet's simulated chip). Repeatable.")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--pretty", description = "Indent the JSON.")
    boolean pretty;

    @Override
    public Integer call() throws Exception {
      if (!tx.matches("0x[0-9a-fA-F]{64}")) {
        throw new CliErrors.UsageException("--tx must be a 32-byte 0x-hex transaction hash");
      }
      Web3j web3j = Web3j.build(new HttpService(rpc));
      try {
        return audit(web3j);
      } finally {
        web3j.shutdown();
      }
    }

    private Integer audit(Web3j web3j) throws Exception {
      Map<String, Object> out = io.coracle.devnet.FulfilmentAudit.audit(web3j, tx, AttestCommand.trustRoots(trustRoots));
      boolean verified = Boolean.TRUE.equals(out.get("verified"));
      if (pretty) {
        Json.printPretty(spec.commandLine().getOut(), out);
      } else {
        Json.print(spec.commandLine().getOut(), out);
      }
      return verified ? CliErrors.OK : CliErrors.NEGATIVE;
    }
  }
}
