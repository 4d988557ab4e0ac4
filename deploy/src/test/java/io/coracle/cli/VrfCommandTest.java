package io.coracle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.bench.VrfBenchSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class VrfCommandTest {

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
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  // RFC 9381 B.1 Example 10 and the first secp256k1 vector (vrf/src/test/resources/vectors).
  static final String P256_SK = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
  static final String P256_PK = "0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
  static final String P256_PI = "035b5c726e8c0e2c488a107c600578ee75cb702343c153cb1eb8dec77f4b5071b4"
      + "a53f0a46f018bc2c56e58d383f2305e0975972c26feea0eb122fe7893c15af376b33edf7de17c6ea056d4d82de6bc02f";
  static final String P256_BETA = "a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e";
  static final String K1_SK = "0000000000000000000000000000000000000000000000000000000000000001";
  static final String K1_PK = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
  static final String K1_PI = "02740dbf5b241f1badd8b7a79af219b9967c2fd0606a55e0e9331b391d70d544c6"
      + "21a2704cf30227a63b58e41b45e5dd589a16c2d886d71c2d5a0901a315027d0b7602a777a99693ffd8cca7054799ac95";
  static final String K1_BETA = "016314744433d388b614524d2db951ddf0f91d44b73e7535fb21efe33e606f48";
  static final String ALPHA = "73616d706c65";

  static List<String[]> vectors() {
    return List.of(
        new String[] {"p256", P256_SK, P256_PK, P256_PI, P256_BETA},
        new String[] {"ECVRF-P256-SHA256-TAI", P256_SK, P256_PK, P256_PI, P256_BETA},
        new String[] {"secp256k1", K1_SK, K1_PK, K1_PI, K1_BETA},
        new String[] {"ECVRF-SECP256K1-SHA256-TAI", K1_SK, K1_PK, K1_PI, K1_BETA});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void proveAndVerifyReproduceTheVectors(String suite, String sk, String pk, String pi, String beta) {
    Run prove = run("vrf", "prove", "--suite", suite, "--sk", sk, "--alpha", ALPHA);
    assertThat(prove.exit()).isEqualTo(0);
    assertThat(prove.err()).isEmpty();
    assertThat(prove.json().get("pi").asText()).isEqualTo(pi);
    assertThat(prove.json().get("beta").asText()).isEqualTo(beta);

    Run verify = run("vrf", "verify", "--suite", suite, "--pk", pk, "--alpha", ALPHA, "--pi", pi);
    assertThat(verify.exit()).isEqualTo(0);
    assertThat(verify.json().get("valid").asBoolean()).isTrue();
    assertThat(verify.json().get("beta").asText()).isEqualTo(beta);
    assertThat(verify.json().size()).isEqualTo(2);
  }

  @Test
  void hexMayCarryA0xPrefixAndUppercase() {
    Run verify = run("vrf", "verify", "--suite", "SECP256K1", "--pk", "0x" + K1_PK.toUpperCase(),
        "--alpha", "0x" + ALPHA, "--pi", "0X" + K1_PI);
    assertThat(verify.exit()).isEqualTo(0);
    assertThat(verify.json().get("beta").asText()).isEqualTo(K1_BETA);
  }

  @Test
  void secp256k1IsTheDefaultSuite() {
    Run prove = run("vrf", "prove", "--sk", K1_SK, "--alpha", ALPHA);
    assertThat(prove.exit()).isEqualTo(0);
    assertThat(prove.json().get("pi").asText()).isEqualTo(K1_PI);
  }

  @Test
  void keygenPrintsAKeyPairThatProvesAndVerifies() {
    for (String suite : new String[] {"secp256k1", "p256"}) {
      Run keygen = run("vrf", "keygen", "--suite", suite);
      assertThat(keygen.exit()).isEqualTo(0);
      JsonNode keys = keygen.json();
      assertThat(keys.get("sk").asText()).matches("[0-9a-f]{64}");
      assertThat(keys.get("pk").asText()).matches("0[23][0-9a-f]{64}");
      Run prove = run("vrf", "prove", "--suite", suite, "--sk", keys.get("sk").asText(), "--alpha", "");
      assertThat(prove.exit()).isEqualTo(0);
      assertThat(prove.json().get("pi").asText()).matches("[0-9a-f]{162}");
      Run verify = run("vrf", "verify", "--suite", suite, "--pk", keys.get("pk").asText(), "--alpha", "",
          "--pi", prove.json().get("pi").asText());
      assertThat(verify.exit()).isEqualTo(0);
      assertThat(verify.json().get("beta").asText()).isEqualTo(prove.json().get("beta").asText());
    }
  }

  @Test
  void aProofThatDoesNotVerifyExitsOneWithTheReason() {
    Run wrongAlpha = run("vrf", "verify", "--suite", "secp256k1", "--pk", K1_PK, "--alpha", "00", "--pi", K1_PI);
    assertThat(wrongAlpha.exit()).isEqualTo(1);
    assertThat(wrongAlpha.json().get("valid").asBoolean()).isFalse();
    assertThat(wrongAlpha.json().get("reason").asText()).isEqualTo("challenge_mismatch");
    assertThat(wrongAlpha.json().get("detail").asText()).isNotBlank();

    Run shortProof = run("vrf", "verify", "--pk", K1_PK, "--alpha", ALPHA, "--pi", K1_PI.substring(0, 160));
    assertThat(shortProof.exit()).isEqualTo(1);
    assertThat(shortProof.json().get("reason").asText()).isEqualTo("proof_too_short");

    Run badKey = run("vrf", "verify", "--pk", "04" + K1_PK.substring(2), "--alpha", ALPHA, "--pi", K1_PI);
    assertThat(badKey.exit()).isEqualTo(1);
    assertThat(badKey.json().get("reason").asText()).isEqualTo("public_key_bad_prefix");

    // A P-256 proof checked as secp256k1.
    Run otherSuite = run("vrf", "verify", "--pk", P256_PK, "--alpha", ALPHA, "--pi", P256_PI);
    assertThat(otherSuite.exit()).isEqualTo(1);
    assertThat(otherSuite.json().get("valid").asBoolean()).isFalse();
  }

  @Test
  void malformedArgumentsExitTwoWithAMessageOnStderr() {
    String[][] bad = {
        {"vrf", "verify", "--pk", "zz", "--alpha", ALPHA, "--pi", K1_PI},
        {"vrf", "verify", "--pk", K1_PK + "0", "--alpha", ALPHA, "--pi", K1_PI},
        {"vrf", "verify", "--pk", K1_PK, "--alpha", ALPHA},
        {"vrf", "verify", "--suite", "ed25519", "--pk", K1_PK, "--alpha", ALPHA, "--pi", K1_PI},
        {"vrf", "prove", "--sk", K1_SK},
        {"vrf", "prove", "--sk", K1_SK, "--alpha", "abc"},
        {"vrf", "keygen", "--suite", "p384"},
        {"vrf", "frobnicate"},
    };
    for (String[] args : bad) {
      Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).as(String.join(" ", args)).isEmpty();
      assertThat(r.err()).as(String.join(" ", args)).startsWith("coracle: ");
    }
    assertThat(run("vrf", "verify", "--suite", "ed25519", "--pk", K1_PK, "--alpha", ALPHA, "--pi", K1_PI).err())
        .contains("secp256k1").contains("p256");
  }

  @Test
  void aBadSecretKeyIsNeverEchoed() {
    String secretLooking = "c0ffee" + "11".repeat(29) + "7";
    String[] bads = {secretLooking, secretLooking + "zz", "ff".repeat(32), "00".repeat(31)};
    for (String sk : bads) {
      Run r = run("vrf", "prove", "--sk", sk, "--alpha", ALPHA);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("--sk").doesNotContain(sk).doesNotContain("c0ffee").doesNotContain("ffffffff");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void vrfAlonePrintsItsHelp() {
    Run r = run("vrf");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("keygen").contains("prove").contains("verify").contains("secp256k1");
    Run bench = run("bench");
    assertThat(bench.exit()).isEqualTo(0);
    assertThat(bench.out()).contains("vrf");
  }

  @Test
  void benchSummaryComputesRatiosAndTargets() {
    Map<String, Map<String, VrfBenchSummary.Score>> scores = new LinkedHashMap<>();
    Map<String, VrfBenchSummary.Score> k1 = new LinkedHashMap<>();
    k1.put("ecvrfProve", new VrfBenchSummary.Score(180, 2, 170));
    k1.put("ecvrfVerify", new VrfBenchSummary.Score(260, 3, 250));
    k1.put("ecvrfVerifyDecodedKey", new VrfBenchSummary.Score(200, 3, 190));
    k1.put("ecdsaSign", new VrfBenchSummary.Score(60, 1, 50));
    k1.put("ecdsaVerify", new VrfBenchSummary.Score(100, 1, 90));
    k1.put("ecdsaVerifyDecodedKey", new VrfBenchSummary.Score(90, 1, 85));
    scores.put("secp256k1", k1);
    Map<String, Object> summary = VrfBenchSummary.summarize(scores);
    JsonNode json = Json.MAPPER.valueToTree(summary);
    assertThat(json.at("/ratios/secp256k1/ecvrfProve~1ecdsaVerify/ofMeans").asDouble()).isEqualTo(1.8);
    assertThat(json.at("/ratios/secp256k1/ecvrfProve~1ecdsaVerify/ofMins").asDouble()).isEqualTo(1.889);
    assertThat(json.at("/ratios/secp256k1/ecvrfVerify~1ecdsaVerify/ofMeans").asDouble()).isEqualTo(2.6);
    assertThat(json.at("/results/secp256k1/ecvrfProve/minUs").asDouble()).isEqualTo(170.0);
    assertThat(json.at("/results/secp256k1/ecvrfProve/meanUs").asDouble()).isEqualTo(180.0);
    assertThat(json.at("/targets/0/pass").asBoolean()).isTrue();
    assertThat(json.at("/targets/1/pass").asBoolean()).isFalse();
    assertThat(json.at("/targets/2/value").asDouble()).isEqualTo(2.0);
    assertThat(json.at("/targets/2/pass").asBoolean()).isTrue();
    assertThat(json.get("pass").asBoolean()).isFalse();

    k1.put("ecvrfVerify", new VrfBenchSummary.Score(240, 3, 220));
    assertThat(VrfBenchSummary.summarize(scores).get("pass")).isEqualTo(true);
    // A mean within the target does not pass if the fastest iterations say otherwise.
    k1.put("ecvrfVerify", new VrfBenchSummary.Score(240, 3, 239));
    k1.put("ecdsaVerify", new VrfBenchSummary.Score(100, 1, 60));
    assertThat(VrfBenchSummary.summarize(scores).get("pass")).isEqualTo(false);
    k1.remove("ecdsaVerify");
    assertThat(VrfBenchSummary.summarize(scores).get("pass")).isEqualTo(false);
  }

  @Test
  void benchRejectsAnUnknownCurveBeforeRunningAnything() {
    Run r = run("bench", "vrf", "--curve", "p384");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--curve");
  }
}
