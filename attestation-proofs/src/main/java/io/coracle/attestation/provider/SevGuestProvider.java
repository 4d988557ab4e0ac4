package io.coracle.attestation.provider;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.CertificateDecoding;
import io.coracle.attestation.cert.CertificateFormatException;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.report.ReportFormatException;
import io.coracle.attestation.report.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Evidence through virtee's {@code snpguest} tool on {@code /dev/sev-guest}:
 * {@code snpguest report REPORT REQUEST --vmpl N} with our 64 bytes in REQUEST, then
 * {@code snpguest certificates der DIR} for the host-provided chain (ark.der, ask.der, vcek.der or
 * vlek.der). When the host provides no chain and a processor model is configured, the chain is
 * fetched from AMD KDS with {@code snpguest fetch ca der MODEL DIR} and
 * {@code snpguest fetch vcek der MODEL DIR REPORT}.
 */
public final class SevGuestProvider implements AttestationProvider {
  private final Path snpguest;
  private final int vmpl;
  private final Optional<ProcessorGeneration> kdsFallback;
  private final Duration timeout;
  private final Clock clock;

  public SevGuestProvider(Path snpguest, int vmpl, Optional<ProcessorGeneration> kdsFallback, Duration timeout,
      Clock clock) {
    if (vmpl < 0 || vmpl > 3) {
      throw new IllegalArgumentException("VMPL is 0-3");
    }
    this.snpguest = snpguest;
    this.vmpl = vmpl;
    this.kdsFallback = kdsFallback;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "sev-guest";
  }

  @Override
  public EvidenceBundle obtain(byte[] reportData) throws ProviderException {
    AttestationProvider.requireReportData(reportData);
    if (!Files.isRegularFile(snpguest)) {
      throw new ProviderException("snpguest not found at " + snpguest + " (install virtee/snpguest or configure its path)");
    }
    if (!Files.isExecutable(snpguest)) {
      throw new ProviderException("snpguest at " + snpguest + " is not executable");
    }
    Path work;
    try {
      work = Files.createTempDirectory("coracle-snpguest-");
    } catch (IOException e) {
      throw new ProviderException("cannot create a working directory: " + e.getMessage());
    }
    try {
      Path request = work.resolve("request.bin");
      Path reportFile = work.resolve("report.bin");
      Path certs = work.resolve("certs");
      Files.write(request, reportData);
      run(List.of("report", reportFile.toString(), request.toString(), "--vmpl", Integer.toString(vmpl)));
      byte[] reportBytes = readBounded(reportFile, "report");
      AttestationReport report;
      try {
        report = AttestationReport.parse(reportBytes);
      } catch (ReportFormatException e) {
        throw new ProviderException("snpguest wrote something that is not an SEV-SNP report: " + e.getMessage());
      }
      if (!report.reportData().contentEquals(reportData)) {
        throw new ProviderException("snpguest's report carries other REPORT_DATA than requested");
      }
      boolean vlek = report.signerInfo().signingKey() == SigningKey.VLEK;
      String vekName = vlek ? "vlek" : "vcek";
      String hostFailure = null;
      try {
        Files.createDirectories(certs);
        run(List.of("certificates", "der", certs.toString()));
      } catch (ProviderException e) {
        hostFailure = e.getMessage();
      }
      if (!complete(certs, vekName)) {
        if (kdsFallback.isEmpty() || vlek) {
          throw new ProviderException("the host supplied no complete certificate chain"
              + (hostFailure == null ? "" : " (" + hostFailure + ")")
              + (vlek ? "; a VLEK cannot be fetched from AMD KDS" : "; configure a processor model to fetch it from AMD KDS"));
        }
        String model = kdsFallback.get().productName().toLowerCase(java.util.Locale.ROOT);
        run(List.of("fetch", "ca", "der", model, certs.toString()));
        run(List.of("fetch", "vcek", "der", model, certs.toString(), reportFile.toString()));
        if (!complete(certs, vekName)) {
          throw new ProviderException("snpguest fetch did not produce ark.der, ask.der and vcek.der in " + certs);
        }
      }
      TreeMap<String, Bytes> aux = new TreeMap<>();
      aux.put("snpguest.vmpl", Bytes.of(Integer.toString(vmpl).getBytes(StandardCharsets.US_ASCII)));
      return new EvidenceBundle(Bytes.of(reportBytes), cert(certs.resolve(vekName + ".der")), cert(certs.resolve("ask.der")),
          cert(certs.resolve("ark.der")), name(), clock.instant(), aux);
    } catch (IOException e) {
      throw new ProviderException("snpguest evidence: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ProviderException("snpguest evidence does not fit a bundle: " + e.getMessage());
    } finally {
      deleteTree(work);
    }
  }

  private static boolean complete(Path certs, String vekName) {
    return Files.isRegularFile(certs.resolve("ark.der")) && Files.isRegularFile(certs.resolve("ask.der"))
        && Files.isRegularFile(certs.resolve(vekName + ".der"));
  }

  private static Bytes cert(Path file) throws ProviderException {
    try {
      return Bytes.of(CertificateDecoding.toDer(readBounded(file, file.getFileName().toString())));
    } catch (CertificateFormatException e) {
      throw new ProviderException(file.getFileName() + " from snpguest is not a certificate: " + e.getMessage());
    }
  }

  private static byte[] readBounded(Path file, String what) throws ProviderException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ProviderException("snpguest did not write the " + what + " (" + file.getFileName() + ")");
      }
      if (Files.size(file) > 64 * 1024) {
        throw new ProviderException("snpguest's " + what + " is implausibly large (" + Files.size(file) + " bytes)");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ProviderException("cannot read snpguest's " + what + ": " + e.getMessage());
    }
  }

  private void run(List<String> args) throws ProviderException {
    List<String> cmd = new ArrayList<>();
    cmd.add(snpguest.toString());
    cmd.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
    } catch (IOException e) {
      throw new ProviderException("cannot run " + snpguest + ": " + e.getMessage());
    }
    try {
      // Output is drained on another thread so a tool that never closes it still meets the timeout;
      // the first 8 KiB are kept for error messages.
      java.util.concurrent.CompletableFuture<byte[]> drained = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try (var in = p.getInputStream()) {
          byte[] head = in.readNBytes(8192);
          in.transferTo(java.io.OutputStream.nullOutputStream());
          return head;
        } catch (IOException e) {
          return new byte[0];
        }
      });
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new ProviderException("snpguest " + args.get(0) + " did not finish within " + timeout);
      }
      byte[] output;
      try {
        output = drained.get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        output = new byte[0];
      }
      if (p.exitValue() != 0) {
        String text = new String(output, StandardCharsets.UTF_8).strip();
        throw new ProviderException("snpguest " + String.join(" ", args.subList(0, Math.min(2, args.size())))
            + " failed with exit code " + p.exitValue() + (text.isEmpty() ? "" : ": " + lastLines(text)));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ProviderException("interrupted while running snpguest");
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static String lastLines(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 3);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // A leftover temp file holds only public evidence.
        }
      });
    } catch (IOException ignored) {
      // Same.
    }
  }
}
