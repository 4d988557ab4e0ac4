package io.coracle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** ./coracle attest: exit codes, JSON shape, real evidence, and report -> verify with --trust-root. */
class AttestCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(out);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Coracle.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Path resource(String set, String file) throws IOException {
    Path target = dir.resolve(set).resolve(file);
    Files.createDirectories(target.getParent());
    try (InputStream in = getClass().getResourceAsStream("/sev-snp/" + set + "/" + file)) {
      Files.copy(in, target);
    }
    return target;
  }

  String[] files(String set) throws IOException {
    return new String[] {"--report", resource(set, "report.bin").toString(), "--vek", resource(set, "vek.der").toString(),
        "--ask", resource(set, "ask.pem").toString(), "--ark", resource(set, "ark.pem").toString()};
  }

  static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  @Test
  void realEvidenceIsValidWithJsonShape() throws Exception {
    Run r = run(concat(new String[] {"attest", "verify"}, concat(files("milan-v2-trustee"), "--at", "2026-11-23T12:00:00Z")));
    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    JsonNode j = r.json();
    assertThat(j.get("valid").asBoolean()).isTrue();
    assertThat(j.get("checks").size()).isEqualTo(24);
    JsonNode first = j.get("checks").get(0);
    assertThat(first.get("name").asText()).isEqualTo("report.parse");
    assertThat(first.get("ok").asBoolean()).isTrue();
    assertThat(first.has("reason")).isTrue();
    assertThat(j.get("report").get("reportedTcb").get("microcode").asInt()).isEqualTo(115);
    assertThat(j.get("report").get("chipId").asText()).startsWith("c38427a30d4c7af9");
    assertThat(j.get("product").asText()).isEqualTo("Milan");
  }

  @Test
  void expiredVlekExitsOneNamingTheCheckAndPassesAtAnEarlierInstant() throws Exception {
    String[] f = files("milan-v3-vlek-aws-trustee");
    Run today = run(concat(new String[] {"attest", "verify"}, concat(f, "--at", "2026-11-23T00:00:00Z")));
    assertThat(today.exit()).isEqualTo(1);
    JsonNode failed = null;
    for (JsonNode c : today.json().get("checks")) {
      if (!c.get("ok").asBoolean()) {
        failed = c;
      }
    }
    assertThat(failed.get("name").asText()).isEqualTo("chain.vek-validity");
    Run before = run(concat(new String[] {"attest", "verify"}, concat(f, "--at", "2025-06-01T00:00:00Z")));
    assertThat(before.exit()).isEqualTo(0);
  }

  @Test
  void policyFileIsAppliedPropertiesAndJson() throws Exception {
    String[] f = files("milan-v2-trustee");
    Path props = dir.resolve("p.properties");
    Files.writeString(props, "min-tcb.snp=9\n");
    Run low = run(concat(new String[] {"attest", "verify"}, concat(f, "--at", "2026-11-23T00:00:00Z", "--policy", props.toString())));
    assertThat(low.exit()).isEqualTo(1);
    assertThat(low.out()).contains("\"name\":\"policy.min-tcb\",\"ok\":false");
    Path json = dir.resolve("p.json");
    Files.writeString(json, "{\"allowed-vmpls\": [0], \"min-tcb.snp\": 8}");
    assertThat(run(concat(new String[] {"attest", "verify"}, concat(f, "--at", "2026-11-23T00:00:00Z", "--policy",
        json.toString()))).exit()).isEqualTo(0);
    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "allow-debgu=true\n");
    Run b = run(concat(new String[] {"attest", "verify"}, concat(f, "--policy", bad.toString())));
    assertThat(b.exit()).isEqualTo(2);
    assertThat(b.err()).contains("unknown policy key 'allow-debgu'");
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    assertThat(run("attest", "verify").exit()).isEqualTo(2);
    Run missing = run("attest", "verify", "--bundle", dir.resolve("nope.bin").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("bundle file not found");
    String[] f = files("milan-v2-trustee");
    assertThat(run(concat(new String[] {"attest", "verify", "--bundle", f[1]}, f)).exit()).isEqualTo(2);
    assertThat(run(concat(new String[] {"attest", "verify"}, concat(f, "--at", "yesterday"))).exit()).isEqualTo(2);
    assertThat(run("attest", "report", "--provider", "simulated", "--report-data", "abcd", "--out",
        dir.resolve("x").toString()).exit()).isEqualTo(2);
    assertThat(run("attest", "report", "--provider", "tpm", "--report-data", "00".repeat(64), "--out",
        dir.resolve("x").toString()).exit()).isEqualTo(2);
  }

  @Test
  void garbageEvidenceExitsOneWithReasons() throws Exception {
    Path junk = dir.resolve("junk.bin");
    Files.write(junk, new byte[] {1, 2, 3});
    Run r = run("attest", "verify", "--bundle", junk.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().get("valid").asBoolean()).isFalse();
    assertThat(r.json().get("checks").get(0).get("reason").asText()).contains("magic");
    assertThat(r.json().get("report").isNull()).isTrue();
  }

  @Test
  void simulatedReportRoundTripsThroughVerifyWithTrustRoot() throws Exception {
    Path chip = dir.resolve("chip");
    Path bundle = dir.resolve("evidence.bin");
    String rd = "ab".repeat(64);
    Run report = run("attest", "report", "--provider", "simulated", "--simulated-dir", chip.toString(),
        "--report-data", rd, "--out", bundle.toString());
    assertThat(report.exit()).as(report.err()).isEqualTo(0);
    assertThat(report.err()).contains("SIMULATED").contains("proves NOTHING");
    assertThat(report.json().get("simulated").asBoolean()).isTrue();
    assertThat(Files.exists(chip.resolve("ark.der"))).isTrue();

    Run untrusted = run("attest", "verify", "--bundle", bundle.toString());
    assertThat(untrusted.exit()).isEqualTo(1);
    assertThat(untrusted.out()).contains("\"name\":\"chain.ark-pinned\",\"ok\":false");

    Path policy = dir.resolve("policy.properties");
    Files.writeString(policy, "expected-report-data=" + rd + "\nmax-evidence-age=PT1H\n");
    Run trusted = run("attest", "verify", "--bundle", bundle.toString(), "--trust-root", chip.resolve("ark.der").toString(),
        "--policy", policy.toString());
    assertThat(trusted.exit()).as(trusted.out()).isEqualTo(0);
    assertThat(trusted.json().get("report").get("reportData").asText()).isEqualTo(rd);
    assertThat(trusted.json().get("bundleKeccak256").asText()).isEqualTo(report.json().get("keccak256").asText());

    // the same chip is reused on the next run (persisted hierarchy)
    Run again = run("attest", "report", "--provider", "simulated", "--simulated-dir", chip.toString(),
        "--report-data", "00".repeat(64), "--out", dir.resolve("second.bin").toString());
    assertThat(again.exit()).isEqualTo(0);
    assertThat(run("attest", "verify", "--bundle", dir.resolve("second.bin").toString(), "--trust-root",
        chip.resolve("ark.der").toString()).exit()).isEqualTo(0);
  }

  @Test
  void configfsProviderWithoutConfigfsFailsClearly() {
    Run r = run("attest", "report", "--provider", "configfs", "--configfs-root", dir.resolve("none").toString(),
        "--report-data", "00".repeat(64), "--out", dir.resolve("x.bin").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("configfs-tsm is not available");
    Run s = run("attest", "report", "--provider", "sev-guest", "--snpguest", dir.resolve("snpguest").toString(),
        "--report-data", "00".repeat(64), "--out", dir.resolve("x.bin").toString());
    assertThat(s.exit()).isEqualTo(1);
    assertThat(s.err()).contains("snpguest not found");
  }
}
