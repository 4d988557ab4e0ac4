package io.coracle.cli;

import io.coracle.contracts.ProofCalldataResult;
import io.coracle.contracts.VrfProofCalldata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coracle vrf calldata}: the ABI-encoded call of the standalone verifier's
 * {@code verify(bytes alpha, bytes proof)}, helper points included, so that any
 * ECVRF-SECP256K1-SHA256-TAI proof can be checked with a plain eth_call. Exit 0 with
 * {"calldata": "0x.."}; 1 when the key or proof cannot be decoded (with the reason); 2 for
 * malformed hex.
 */
@Command(name = "calldata", mixinStandardHelpOptions = true, versionProvider = Coracle.Version.class,
    description = {
        "Print the ABI-encoded call of ECVRFVerifier.verify(alpha, proof) for a secp256k1 proof, with every "
            + "helper point computed from public data: {\"calldata\": \"0x..\"}.",
        "Check it with eth_call to a deployed verifier; it returns (true, beta) or (false, 0)."})
public final class VrfCalldataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--pk", required = true, paramLabel = "HEX", description = "Public key, 33 bytes SEC1 compressed.")
  String pk;

  @Option(names = "--alpha", required = true, paramLabel = "HEX", description = "The message, hex (may be empty).")
  String alpha;

  @Option(names = "--pi", required = true, paramLabel = "HEX", description = "The proof, 81 bytes (Gamma || c || s).")
  String pi;

  @Override
  public Integer call() {
    ProofCalldataResult result = VrfProofCalldata.from(
        VrfCommand.hex("--pk", pk, false), VrfCommand.hex("--alpha", alpha, false), VrfCommand.hex("--pi", pi, false));
    if (result instanceof ProofCalldataResult.Rejected rejected) {
      spec.commandLine().getErr().println("coracle: cannot build calldata: " + rejected.description() + " (" + rejected.code() + ")");
      spec.commandLine().getErr().flush();
      return CliErrors.NEGATIVE;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("calldata", result.calldata().verifierCallDataHex());
    Json.print(spec.commandLine().getOut(), out);
    return CliErrors.OK;
  }
}
