package io.coracle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.contracts.VrfProofCalldata;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VrfCalldataCommandTest {
  /** One ./coracle invocation, in process: exit code, stdout, stderr. */
  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (Exception e) {
        throw new AssertionError("stdout is not JSON: " + out, e);
      }
    }
  }

  static Run run(String... args) {
    CommandLine cl = Coracle.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  // The first ECVRF-SECP256K1-SHA256-TAI vector (shared vectors, sedaprotocol/vrf-rs).
  static final String PK = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
  static final String ALPHA = "73616d706c65";
  static final String PI = "02740dbf5b241f1badd8b7a79af219b9967c2fd0606a55e0e9331b391d70d544c6"
      + "21a2704cf30227a63b58e41b45e5dd589a16c2d886d71c2d5a0901a315027d0b7602a777a99693ffd8cca7054799ac95";

  @Test
  void printsTheVerifyCallWithHelpers() {
    Run run = run("vrf", "calldata", "--pk", "0x" + PK, "--alpha", ALPHA, "--pi", PI);
    assertThat(run.exit()).isEqualTo(0);
    String expected = VrfProofCalldata.from(Hex.decode(PK), Hex.decode(ALPHA), Hex.decode(PI)).calldata().verifierCallDataHex();
    assertThat(run.json().get("calldata").asText()).isEqualTo(expected).startsWith("0x");
    assertThat(run.json().size()).isEqualTo(1);
  }

  @Test
  void anUndecodableProofExitsOneWithTheReason() {
    Run run = run("vrf", "calldata", "--pk", PK, "--alpha", ALPHA, "--pi", PI.substring(0, 160));
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("proof is shorter").contains("proof_too_short");
    Run badKey = run("vrf", "calldata", "--pk", "05" + PK.substring(2), "--alpha", ALPHA, "--pi", PI);
    assertThat(badKey.exit()).isEqualTo(1);
    assertThat(badKey.err()).contains("public_key_bad_prefix");
  }

  @Test
  void malformedHexIsAUsageError() {
    Run run = run("vrf", "calldata", "--pk", "zz", "--alpha", ALPHA, "--pi", PI);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--pk is not hex");
    assertThat(run("vrf", "calldata", "--pk", PK, "--alpha", ALPHA).exit()).isEqualTo(2);
  }

  @Test
  void deployRejectsBadArgumentsWithoutEchoingTheKey() {
    String key = "4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d";
    Run badUrl = run("contracts", "deploy", "--rpc", "not a url", "--private-key", key);
    assertThat(badUrl.exit()).isEqualTo(2);
    assertThat(badUrl.err()).contains("--rpc").doesNotContain(key);
    Run ftp = run("contracts", "deploy", "--rpc", "ftp://127.0.0.1:8545", "--private-key", key);
    assertThat(ftp.exit()).isEqualTo(2);
    String shortKey = key.substring(0, 62) + "zz";
    Run badKey = run("contracts", "deploy", "--rpc", "http://127.0.0.1:8545", "--private-key", shortKey);
    assertThat(badKey.exit()).isEqualTo(2);
    assertThat(badKey.err()).contains("--private-key").doesNotContain(shortKey).doesNotContain(key.substring(0, 62));
    Run zero = run("contracts", "deploy", "--rpc", "http://127.0.0.1:8545", "--private-key", "00".repeat(32));
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("not a valid secp256k1 key");
  }
}
