package io.coracle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.coracle.deploy.measure.VcpuType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks what can be checked without SNP hardware or a cluster: every manifest parses and carries
 * the fields Kubernetes requires and the ones this deployment depends on; the launch script and
 * the libvirt domain launch with debug off and measured direct boot, with the same vCPUs, CPU
 * model and command line that {@code coracle measure} assumes by default.
 */
class DeployFilesTest {
  static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
  static final Path KUBERNETES = MODULE.resolve("kubernetes");
  static final Path GUEST = MODULE.resolve("guest");
  static final YAMLMapper YAML = new YAMLMapper();
  static final long POLICY_SMT = 1L << 16;
  static final long POLICY_RESERVED_ONE = 1L << 17;
  static final long POLICY_MIGRATE_MA = 1L << 18;
  static final long POLICY_DEBUG = 1L << 19;

  @Test
  void everyManifestParsesAndIsNamed() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files).hasSizeGreaterThan(10);
    for (Path f : files) {
      List<JsonNode> docs = documents(f);
      assertThat(docs).as(f.toString()).isNotEmpty();
      for (JsonNode d : docs) {
        assertThat(d.path("apiVersion").asText()).as(f + " apiVersion").isNotBlank();
        assertThat(d.path("kind").asText()).as(f + " kind").isNotBlank();
        if (!d.path("kind").asText().equals("Kustomization")) {
          assertThat(d.at("/metadata/name").asText()).as(f + " metadata.name").matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        }
      }
    }
  }

  @Test
  void kustomizationsReferToFilesThatExistAndPatchObjectsThatExist() throws IOException {
    for (Path k : yamlFiles().stream().filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
      JsonNode kust = documents(k).get(0);
      Path dir = k.getParent();
      for (JsonNode r : kust.path("resources")) {
        assertThat(dir.resolve(r.asText())).as(k + " resource " + r.asText()).exists();
      }
      Set<String> targets = new HashSet<>();
      for (JsonNode doc : resourcesOf(dir)) {
        targets.add(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText());
      }
      for (JsonNode p : kust.path("patches")) {
        Path patch = dir.resolve(p.path("path").asText());
        assertThat(patch).as(k + " patch").exists();
        JsonNode doc = documents(patch).get(0);
        assertThat(targets).as(patch + " patches an object of its bases")
            .contains(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText());
      }
    }
  }

  @Test
  void oracleReplicasShareOneConsumerGroupAndAreReadyOnlyWhenHealthy() throws IOException {
    JsonNode sts = find(KUBERNETES.resolve("base"), "StatefulSet", "coracle-oracle");
    assertThat(sts.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
    JsonNode labels = sts.at("/spec/template/metadata/labels");
    sts.at("/spec/selector/matchLabels").fields()
        .forEachRemaining(e -> assertThat(labels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    JsonNode pod = sts.at("/spec/template/spec");
    JsonNode oracle = pod.at("/containers/0");
    assertThat(oracle.path("image").asText()).isNotBlank();
    assertThat(oracle.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(oracle.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(oracle.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(oracle.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/affinity/podAntiAffinity")).isNotEmpty();
    JsonNode annotations = sts.at("/spec/template/metadata/annotations");
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("8080");

    JsonNode config = find(KUBERNETES.resolve("base"), "ConfigMap", "coracle-oracle").path("data");
    assertThat(oracle.at("/envFrom/0/configMapRef/name").asText()).isEqualTo("coracle-oracle");
    for (String key : List.of("CORACLE_CHAIN_ID", "CORACLE_CHAIN_RPC_URLS", "CORACLE_CHAIN_COORDINATOR",
        "CORACLE_CHAIN_REGISTRY", "CORACLE_CHAIN_BLOCKHASH_STORE", "KAFKA_BOOTSTRAP_SERVERS",
        "CORACLE_DB_REACTIVE_URL", "CORACLE_DB_JDBC_URL", "CORACLE_KEYS_DIR", "CORACLE_KEYS_SEALING",
        "CORACLE_ATTESTATION_PROVIDER")) {
      assertThat(config.path(key).asText()).as(key).isNotBlank();
    }
    // Credentials only from the Secret of the existing PostgreSQL, never from the ConfigMap.
    assertThat(config.has("CORACLE_DB_PASSWORD")).isFalse();
    List<String> secretEnv = new ArrayList<>();
    oracle.path("env").forEach(e -> {
      if (e.at("/valueFrom/secretKeyRef/name").asText().equals("coracle-db")) {
        secretEnv.add(e.path("name").asText());
      }
    });
    assertThat(secretEnv).containsExactlyInAnyOrder("CORACLE_DB_USER", "CORACLE_DB_PASSWORD");
    // Each replica seals its keys on its own volume, where the service expects them.
    assertThat(sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).isEqualTo("keys");
    assertThat(oracle.path("volumeMounts").findValuesAsText("mountPath")).contains(config.path("CORACLE_KEYS_DIR").asText());

    JsonNode job = find(KUBERNETES.resolve("base"), "Job", "coracle-kafka-topics");
    int partitions = Integer.parseInt(envValue(job, "PARTITIONS"));
    assertThat(partitions).as("partitions bound the consumer group's parallelism")
        .isGreaterThanOrEqualTo(sts.at("/spec/replicas").asInt());
    assertThat(job.at("/spec/template/spec/containers/0/args/0").asText()).contains("coracle.chain-events.v1");
  }

  @Test
  void confidentialOverlayRunsEachReplicaInAnSnpGuest() throws IOException {
    Path dir = KUBERNETES.resolve("confidential");
    JsonNode sts = find(dir, "StatefulSet", "coracle-oracle");
    assertThat(sts.at("/spec/template/spec/runtimeClassName").asText()).isEqualTo("kata-qemu-snp");
    double cpuLimit = Double.parseDouble(sts.at("/spec/template/spec/containers/0/resources/limits/cpu").asText());
    assertThat(sts.at("/spec/template/metadata/annotations/coracle.io~1expected-vcpus").asInt())
        .as("Kata sizes the VM as default_vcpus (1) + ceil(cpu limits)").isEqualTo(1 + (int) Math.ceil(cpuLimit));
    JsonNode config = find(dir, "ConfigMap", "coracle-oracle").path("data");
    assertThat(config.path("CORACLE_ATTESTATION_PROVIDER").asText()).isEqualTo("sev-guest");
    assertThat(config.path("CORACLE_KEYS_SEALING").asText()).isEqualTo("snp-derived");
    JsonNode simulated = find(KUBERNETES.resolve("simulated"), "ConfigMap", "coracle-oracle").path("data");
    assertThat(simulated.path("CORACLE_ATTESTATION_PROVIDER").asText()).isEqualTo("simulated");
  }

  @Test
  void verifierRunsApartFromTheOracle() throws IOException {
    Path dir = KUBERNETES.resolve("verifier");
    JsonNode kust = documents(dir.resolve("kustomization.yaml")).get(0);
    JsonNode oracleKust = documents(KUBERNETES.resolve("base/kustomization.yaml")).get(0);
    assertThat(kust.path("namespace").asText()).isNotBlank().isNotEqualTo(oracleKust.path("namespace").asText());
    JsonNode deployment = find(dir, "Deployment", "coracle-verifier");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    String text = Files.readString(dir.resolve("deployment.yaml"));
    assertThat(text).doesNotContain("coracle-db").doesNotContain("name: coracle-oracle");
    assertThat(deployment.at("/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name").asText())
        .isEqualTo("coracle-verifier-signer");
  }

  @Test
  void launchScriptUsesDebugOffPolicyAndMeasuredDirectBoot(@TempDir Path tmp) throws Exception {
    for (String f : List.of("OVMF.fd", "vmlinuz", "initrd.img")) {
      Files.write(tmp.resolve(f), new byte[0]);
    }
    ProcessBuilder pb = new ProcessBuilder("bash", GUEST.resolve("launch-qemu.sh").toString(), "--dry-run")
        .redirectErrorStream(true);
    pb.environment().put("OVMF", tmp.resolve("OVMF.fd").toString());
    pb.environment().put("KERNEL", tmp.resolve("vmlinuz").toString());
    pb.environment().put("INITRD", tmp.resolve("initrd.img").toString());
    pb.environment().remove("VCPUS");
    pb.environment().remove("CPU");
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\\", "");
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("sev-snp-guest,id=sev0").contains("kernel-hashes=on").contains("cbitpos=51")
        .contains("confidential-guest-support=sev0").contains("-bios").doesNotContain("pflash");
    assertPolicyDebugOff(match(out, "policy=(0x[0-9a-fA-F]+)"));
    assertThat(match(out, "-smp (\\d+)")).isEqualTo("4");
    assertThat(match(out, "-cpu (\\S+)")).isEqualTo("EPYC-v4");
    assertThat(out).contains("-append " + cmdline());
    assertThat(out).contains("romfile=");
  }

  @Test
  void libvirtDomainMatchesTheLaunchScript() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(GUEST.resolve("coracle-snp.xml").toFile());
    Element launch = (Element) doc.getElementsByTagName("launchSecurity").item(0);
    assertThat(launch.getAttribute("type")).isEqualTo("sev-snp");
    assertThat(launch.getAttribute("kernelHashes")).isEqualTo("yes");
    assertPolicyDebugOff(text(launch, "policy"));
    assertThat(text(launch, "cbitpos")).isEqualTo("51");
    assertThat(text(doc.getDocumentElement(), "vcpu")).isEqualTo("4");
    assertThat(text(doc.getDocumentElement(), "model")).isEqualTo("EPYC-v4");
    assertThat(VcpuType.ofName("EPYC-v4")).isPresent();
    assertThat(text(doc.getDocumentElement(), "cmdline")).isEqualTo(cmdline());
    assertThat(((Element) doc.getElementsByTagName("loader").item(0)).getAttribute("type")).isEqualTo("rom");
  }

  @Test
  void guestRunsTheServiceUnprivilegedWithoutLoginAndOutboundOnly() throws IOException {
    String unit = Files.readString(GUEST.resolve("rootfs/etc/systemd/system/coracle-oracle.service"));
    assertThat(unit).contains("User=coracle").doesNotContain("User=root").contains("NoNewPrivileges=yes")
        .contains("quarkus-run.jar").contains("Environment=CORACLE_KEYS_DIR=/var/lib/coracle/keys")
        .contains("Environment=CORACLE_KEYS_SEALING=snp-derived").contains("StateDirectoryMode=0700")
        .contains("CapabilityBoundingSet=\n");
    String build = Files.readString(GUEST.resolve("build-guest.sh"));
    assertThat(build).contains("serial-getty@.service").contains("getty@.service").contains("passwd --lock root");
    assertThat(Files.readString(GUEST.resolve("packages.txt"))).doesNotContain("openssh").doesNotContain("getty");
    assertThat(cmdline()).contains("systemd.getty_auto=0");
    String nft = Files.readString(GUEST.resolve("rootfs/etc/nftables.conf"));
    assertThat(nft).contains("hook input priority filter; policy drop;").contains("hook output priority filter; policy drop;")
        .contains("hook forward priority filter; policy drop;");
    String loader = Files.readString(GUEST.resolve("rootfs/usr/local/libexec/coracle/load-config"));
    assertThat(loader).doesNotContain("JAVA_TOOL_OPTIONS|").contains("CORACLE_DB_PASSWORD");
  }

  @Test
  void scriptsFailFastAndPassShellcheckWhereAvailable() throws Exception {
    List<Path> scripts = List.of(GUEST.resolve("launch-qemu.sh"), GUEST.resolve("build-guest.sh"),
        GUEST.resolve("rootfs/usr/local/libexec/coracle/load-config"));
    for (Path s : scripts) {
      assertThat(Files.readString(s)).as(s.toString()).contains("set -euo pipefail");
      assertThat(run("bash", "-n", s.toString())).as("bash -n " + s).isZero();
    }
    if (run("shellcheck", "--version") == 0) {
      List<String> cmd = new ArrayList<>(List.of("shellcheck"));
      scripts.forEach(s -> cmd.add(s.toString()));
      assertThat(run(cmd.toArray(String[]::new))).as("shellcheck").isZero();
    }
  }

  static void assertPolicyDebugOff(String hex) {
    long policy = Long.decode(hex);
    assertThat(policy & POLICY_DEBUG).as("DEBUG must be off in " + hex).isZero();
    assertThat(policy & POLICY_MIGRATE_MA).as("no migration agent in " + hex).isZero();
    assertThat(policy & POLICY_RESERVED_ONE).as("bit 17 must be one in " + hex).isNotZero();
    assertThat(policy & POLICY_SMT).as("SMT allowed in " + hex).isNotZero();
  }

  static String cmdline() throws IOException {
    return Files.readString(GUEST.resolve("cmdline.txt")).strip();
  }

  static String text(Element e, String tag) {
    return e.getElementsByTagName(tag).item(0).getTextContent().strip();
  }

  static String match(String s, String regex) {
    Matcher m = Pattern.compile(regex).matcher(s);
    assertThat(m.find()).as(regex + " in " + s).isTrue();
    return m.group(1);
  }

  static String envValue(JsonNode workload, String name) {
    for (JsonNode e : workload.at("/spec/template/spec/containers/0/env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError(name + " not set");
  }

  static int run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().transferTo(System.out);
      return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException | InterruptedException e) {
      return -2;
    }
  }

  static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> s = Files.walk(KUBERNETES)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static List<JsonNode> documents(Path file) throws IOException {
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isMissingNode() && !d.isNull()) {
          docs.add(d);
        }
      }
      return docs;
    }
  }

  /** The objects a kustomization directory produces, following resources into bases (patches not applied). */
  static List<JsonNode> resourcesOf(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    JsonNode kust = documents(dir.resolve("kustomization.yaml")).get(0);
    for (JsonNode r : kust.path("resources")) {
      Path p = dir.resolve(r.asText()).normalize();
      if (Files.isDirectory(p)) {
        out.addAll(resourcesOf(p));
      } else {
        out.addAll(documents(p));
      }
    }
    return out;
  }

  /** An object of a kustomization, with the overlay's patch of it merged on top (maps only). */
  static JsonNode find(Path dir, String kind, String name) throws IOException {
    JsonNode found = null;
    for (JsonNode d : resourcesOf(dir)) {
      if (d.path("kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name)) {
        found = d.deepCopy();
      }
    }
    assertThat(found).as(kind + "/" + name + " in " + dir).isNotNull();
    JsonNode kust = documents(dir.resolve("kustomization.yaml")).get(0);
    for (JsonNode p : kust.path("patches")) {
      JsonNode patch = documents(dir.resolve(p.path("path").asText())).get(0);
      if (patch.path("kind").asText().equals(kind) && patch.at("/metadata/name").asText().equals(name)) {
        merge((com.fasterxml.jackson.databind.node.ObjectNode) found, patch);
      }
    }
    return found;
  }

  /** Strategic-merge in miniature: maps merge, lists of named items merge by name, scalars replace. */
  static void merge(com.fasterxml.jackson.databind.node.ObjectNode target, JsonNode patch) {
    for (Map.Entry<String, JsonNode> e : iterable(patch)) {
      JsonNode existing = target.get(e.getKey());
      JsonNode value = e.getValue();
      if (existing instanceof com.fasterxml.jackson.databind.node.ObjectNode o && value.isObject()) {
        merge(o, value);
      } else if (existing != null && existing.isArray() && value.isArray() && value.size() > 0
          && value.get(0).has("name")) {
        for (JsonNode item : value) {
          boolean merged = false;
          for (JsonNode old : existing) {
            if (old.path("name").asText().equals(item.path("name").asText())) {
              merge((com.fasterxml.jackson.databind.node.ObjectNode) old, item);
              merged = true;
            }
          }
          if (!merged) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) existing).add(item);
          }
        }
      } else {
        target.set(e.getKey(), value);
      }
    }
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode n) {
    return n::fields;
  }
}
