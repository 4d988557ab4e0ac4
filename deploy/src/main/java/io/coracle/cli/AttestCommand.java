package io.coracle.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import io.coracle.attestation.Bytes;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.CertificateFormatException;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.provider.AttestationProvider;
import io.coracle.attestation.provider.ConfigfsTsmProvider;
import io.coracle.attestation.provider.SevGuestProvider;
import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.provider.SimulatedProvider;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.report.TcbLayout;
import io.coracle.attestation.verify.CheckResult;
import io.coracle.attestation.verify.PolicyFormatException;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.Verdict;
import io.coracle.attestation.verify.VerificationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./coracle attest ...}: verify SEV-SNP evidence, or obtain it inside a guest. */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = "AMD SEV-SNP attestation: verify evidence against AMD's pinned roots, or obtain it.",
    subcommands = {AttestCommand.Verify.class, AttestCommand.Report.class})
public final class AttestCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: verify or report.");
  }

  /** AMD's production roots plus each extra ARK given (PEM or DER). */
  static TrustRoots trustRoots(List<Path> extra) {
    TrustRoots t = TrustRoots.amdProduction();
    for (Path p : extra) {
      try {
        t = t.with(readFile(p, "trust root"), "--trust-root " + p.getFileName());
      } catch (CertificateFormatException e) {
        throw new CliErrors.UsageException("--trust-root " + p + " is not a certificate: " + e.getMessage());
      }
    }
    return t;
  }

  /** The policy in {@code file} (.properties, or a flat .json object), or the defaults when null. */
  static VerificationPolicy appraisalPolicy(Path file) {
    if (file == null) {
      return VerificationPolicy.defaults();
    }
    byte[] bytes = readFile(file, "policy");
    try {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
        Map<String, Object> m;
        try {
          m = Json.MAPPER.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
          throw new CliErrors.UsageException("--policy " + file + " is not a JSON object");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
          Object v = e.getValue();
          flat.put(e.getKey(), v instanceof List<?> l
              ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
        }
        return VerificationPolicy.fromProperties(flat);
      }
      return VerificationPolicy.load(file);
    } catch (PolicyFormatException e) {
      throw new CliErrors.UsageException("--policy " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliErrors.UsageException("cannot read --policy " + file + ": " + e.getMessage());
    }
  }

  static byte[] readFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new CliErrors.UsageException(what + " file not found: " + file);
    }
    try {
      if (Files.size(file) > 1024 * 1024) {
        throw new CliErrors.UsageException(what + " file is larger than 1 MiB: " + file);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliErrors.UsageException("cannot read " + what + " file " + file + ": " + e.getMessage());
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
          "Verify SEV-SNP evidence and print the verdict as JSON: every check with ok and reason, and the decoded report.",
          "Give either --bundle, or --report with --vek, --ask and --ark (PEM or DER).",
          "Exit 0 only when valid, 1 when invalid, 2 on usage errors."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "FILE", description = "An evidence bundle (from 'attest report').")
    Path bundle;

    @Option(names = "--report", paramLabel = "FILE", description = "The 1184-byte ATTESTATION_REPORT.")
    Path report;

    @Option(names = "--vek", paramLabel = "FILE", description = "The VCEK or VLEK certificate.")
    Path vek;

    @Option(names = "--ask", paramLabel = "FILE", description = "The ASK or ASVK certificate.")
    Path ask;

    @Option(names = "--ark", paramLabel = "FILE", description = "The ARK certificate.")
    Path ark;

    @Option(names = "--at", paramLabel = "ISO-8601",
        description = "Verify as of this instant (e.g. 2025-06-01T00:00:00Z); default: now.")
    String at;

    @Option(names = "--trust-root", paramLabel = "PEM",
        description = "Also trust this ARK (PEM or DER), e.g. a simulated chip's ark.der. Repeatable.")
    List<Path> trustRoots = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE",
        description = "Appraisal policy: a .properties file, or a flat .json object with the same keys.")
    Path policy;

    @Option(names = "--pretty", description = "Indent the JSON.")
    boolean pretty;

    @Override
    public Integer call() {
      boolean files = report != null || vek != null || ask != null || ark != null;
      if (bundle != null && files) {
        throw new CliErrors.UsageException("give either --bundle or --report/--vek/--ask/--ark, not both");
      }
      if (bundle == null && (report == null || vek == null || ask == null || ark == null)) {
        throw new CliErrors.UsageException("give --bundle FILE, or all of --report, --vek, --ask and --ark");
      }
      Instant instant = instant();
      VerificationPolicy appraisal = policy();
      SnpEvidenceVerifier verifier = new SnpEvidenceVerifier(trust());
      Verdict verdict;
      Map<String, Object> evidence = new LinkedHashMap<>();
      if (bundle != null) {
        byte[] bytes = readFile(bundle, "bundle");
        verdict = verifier.verifyEncoded(bytes, appraisal, instant);
        evidence.put("bundleKeccak256", EvidenceBundle.keccak256(bytes).hex());
      } else {
        verdict = verifier.verify(readFile(report, "report"), readFile(vek, "vek"), readFile(ask, "ask"),
            readFile(ark, "ark"), Optional.empty(), appraisal, instant);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("valid", verdict.valid());
      out.put("verifiedAt", instant.toString());
      List<Map<String, Object>> checks = new ArrayList<>();
      for (CheckResult c : verdict.checks()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("ok", c.ok());
        m.put("status", c.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("reason", c.reason());
        checks.add(m);
      }
      out.put("checks", checks);
      verdict.product().ifPresent(p -> out.put("product", p.productName()));
      TcbLayout layout = verdict.product().map(ProcessorGeneration::tcbLayout)
          .orElseGet(() -> verdict.report().map(r -> r.impliedTcbLayout()).orElse(TcbLayout.MILAN_GENOA));
      out.put("report", verdict.report().map(r -> (Object) r.describe(layout)).orElse(null));
      out.putAll(evidence);
      if (pretty) {
        Json.printPretty(spec.commandLine().getOut(), out);
      } else {
        Json.print(spec.commandLine().getOut(), out);
      }
      return verdict.valid() ? CliErrors.OK : CliErrors.NEGATIVE;
    }

    private Instant instant() {
      if (at == null) {
        return Instant.now();
      }
      try {
        return Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw new CliErrors.UsageException("--at: expected an ISO-8601 instant such as 2025-06-01T00:00:00Z, got '" + at + "'");
      }
    }

    private TrustRoots trust() {
      return trustRoots(trustRoots);
    }

    private VerificationPolicy policy() {
      return appraisalPolicy(policy);
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {
          "Obtain SEV-SNP evidence whose REPORT_DATA is the given 64 bytes and write it as an evidence bundle.",
          "Providers: configfs (Linux configfs-tsm), sev-guest (the snpguest tool), simulated (a software chip",
          "for devnets: its evidence proves nothing and verifies only with --trust-root)."})
  static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--provider", required = true, paramLabel = "simulated|configfs|sev-guest")
    String provider;

    @Option(names = "--report-data", required = true, paramLabel = "HEX", description = "64 bytes, 128 hex digits.")
    String reportData;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the bundle.")
    Path out;

    @Option(names = "--simulated-dir", paramLabel = "DIR",
        description = "Simulated chip keys and certificates (created on first use). Default: ~/.coracle/simulated-sev")
    Path simulatedDir;

    @Option(names = "--product", paramLabel = "milan|genoa|turin", defaultValue = "genoa",
        description = "Product line of a new simulated chip (default: ${DEFAULT-VALUE}).")
    String product;

    @Option(names = "--configfs-root", paramLabel = "DIR", description = "Default: /sys/kernel/config/tsm/report")
    Path configfsRoot;

    @Option(names = "--snpguest", paramLabel = "PATH", description = "The snpguest executable (default: found on PATH).")
    Path snpguest;

    @Option(names = "--vmpl", defaultValue = "0", description = "VMPL to request the report at (default: 0).")
    int vmpl;

    @Option(names = "--kds-product", paramLabel = "milan|genoa|turin",
        description = "sev-guest: fetch the chain from AMD KDS for this product when the host supplies none.")
    String kdsProduct;

    @Override
    public Integer call() throws Exception {
      byte[] data;
      try {
        data = Bytes.fromHex(reportData).toArray();
      } catch (IllegalArgumentException e) {
        throw new CliErrors.UsageException("--report-data: " + e.getMessage());
      }
      if (data.length != 64) {
        throw new CliErrors.UsageException("--report-data must be 64 bytes (128 hex digits), got " + data.length);
      }
      if (vmpl < 0 || vmpl > 3) {
        throw new CliErrors.UsageException("--vmpl must be 0-3");
      }
      Clock clock = Clock.systemUTC();
      Map<String, Object> result = new LinkedHashMap<>();
      AttestationProvider p;
      switch (provider) {
        case "simulated" -> {
          Path dir = simulatedDir != null ? simulatedDir
              : Paths.get(System.getProperty("user.home"), ".coracle", "simulated-sev");
          ProcessorGeneration g = product(product, "--product");
          var err = spec.commandLine().getErr();
          err.println("coracle: WARNING: SIMULATED SEV-SNP evidence from a software chip in " + dir
              + ". It proves NOTHING about hardware; verifiers accept it only with --trust-root " + dir.resolve("ark.der"));
          err.flush();
          SimulatedHierarchy h = SimulatedHierarchy.loadOrCreate(dir, g, Instant.now(), new SecureRandom());
          p = new SimulatedProvider(h, clock);
          result.put("simulated", true);
          result.put("trustRoot", dir.resolve("ark.der").toString());
        }
        case "configfs" -> p = new ConfigfsTsmProvider(
            configfsRoot != null ? configfsRoot : ConfigfsTsmProvider.DEFAULT_ROOT,
            ConfigfsTsmProvider.ConfigfsIo.FILES, clock, vmpl, 3);
        case "sev-guest" -> p = new SevGuestProvider(snpguest != null ? snpguest : onPath("snpguest"), vmpl,
            kdsProduct == null ? Optional.empty() : Optional.of(product(kdsProduct, "--kds-product")),
            Duration.ofMinutes(2), clock);
        default -> throw new CliErrors.UsageException("--provider must be simulated, configfs or sev-guest, got '" + provider + "'");
      }
      EvidenceBundle b = p.obtain(data);
      byte[] encoded = b.encode();
      try {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.write(out, encoded);
      } catch (IOException e) {
        throw new CliErrors.UsageException("cannot write --out " + out + ": " + e.getMessage());
      }
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("provider", b.provider());
      o.put("out", out.toString());
      o.put("bytes", encoded.length);
      o.put("collectedAt", b.collectedAt().toString());
      o.put("keccak256", b.canonicalHash().hex());
      o.putAll(result);
      Json.print(spec.commandLine().getOut(), o);
      return CliErrors.OK;
    }

    private static ProcessorGeneration product(String name, String option) {
      return ProcessorGeneration.fromProductName(name)
          .orElseThrow(() -> new CliErrors.UsageException(option + " must be milan, genoa or turin, got '" + name + "'"));
    }

    private static Path onPath(String exe) {
      String path = System.getenv().getOrDefault("PATH", "");
      for (String d : path.split(java.io.File.pathSeparator)) {
        Path c = Paths.get(d, exe);
        if (Files.isExecutable(c)) {
          return c;
        }
      }
      return Paths.get(exe);
    }
  }
}
