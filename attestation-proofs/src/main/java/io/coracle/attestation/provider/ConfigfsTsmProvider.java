package io.coracle.attestation.provider;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.report.ReportFormatException;
import io.coracle.attestation.report.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * Evidence through Linux configfs-tsm ({@code /sys/kernel/config/tsm/report}): create an entry
 * (mkdir), write 64 bytes to {@code inblob}, read {@code outblob} (the report) and {@code auxblob}
 * (the certificate table), remove the entry. {@code generation} counts writes to the entry; it is
 * read before and after so a concurrent writer to the same entry is detected, and the report's
 * REPORT_DATA is compared with what was written. A race is retried, then reported clearly.
 */
public final class ConfigfsTsmProvider implements AttestationProvider {
  private static final System.Logger LOG = System.getLogger(ConfigfsTsmProvider.class.getName());
  public static final Path DEFAULT_ROOT = Paths.get("/sys/kernel/config/tsm/report");
  private static final int MAX_BLOB = CertificateTable.MAX_TABLE_BYTES;

  /** The file operations on configfs; a seam so tests can emulate the kernel's side. */
  public interface ConfigfsIo {
    void createEntry(Path entry) throws IOException;

    byte[] read(Path attribute) throws IOException;

    void write(Path attribute, byte[] value) throws IOException;

    void removeEntry(Path entry) throws IOException;

    /** Plain file-system calls: what the real configfs needs. */
    ConfigfsIo FILES = new ConfigfsIo() {
      @Override
      public void createEntry(Path entry) throws IOException {
        Files.createDirectory(entry);
      }

      @Override
      public byte[] read(Path attribute) throws IOException {
        return Files.readAllBytes(attribute);
      }

      @Override
      public void write(Path attribute, byte[] value) throws IOException {
        Files.write(attribute, value);
      }

      @Override
      public void removeEntry(Path entry) throws IOException {
        Files.delete(entry);
      }
    };
  }

  private final Path root;
  private final ConfigfsIo io;
  private final Clock clock;
  private final int privilegeLevel;
  private final int maxAttempts;
  private final SecureRandom random = new SecureRandom();

  public ConfigfsTsmProvider(Path root, ConfigfsIo io, Clock clock, int privilegeLevel, int maxAttempts) {
    if (privilegeLevel < 0 || privilegeLevel > 3) {
      throw new IllegalArgumentException("privlevel is 0-3");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive");
    }
    this.root = root;
    this.io = io;
    this.clock = clock;
    this.privilegeLevel = privilegeLevel;
    this.maxAttempts = maxAttempts;
  }

  /** The real kernel interface at the default path, VMPL 0, three attempts. */
  public static ConfigfsTsmProvider system(Clock clock) {
    return new ConfigfsTsmProvider(DEFAULT_ROOT, ConfigfsIo.FILES, clock, 0, 3);
  }

  @Override
  public String name() {
    return "configfs-tsm";
  }

  @Override
  public EvidenceBundle obtain(byte[] reportData) throws ProviderException {
    AttestationProvider.requireReportData(reportData);
    if (!Files.isDirectory(root)) {
      throw new ProviderException("configfs-tsm is not available: " + root + " is not a directory (needs an SEV-SNP "
          + "guest kernel with CONFIG_TSM_REPORTS and configfs mounted on /sys/kernel/config)");
    }
    String lastRace = "";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Path entry = root.resolve("coracle-" + HexFormat.of().formatHex(randomBytes(8)));
      try {
        io.createEntry(entry);
      } catch (IOException e) {
        throw new ProviderException("cannot create the report entry " + entry + ": " + describe(e));
      }
      try {
        Attempt a = attempt(entry, reportData);
        if (a.bundle != null) {
          return a.bundle;
        }
        lastRace = a.race;
        LOG.log(System.Logger.Level.WARNING, "configfs-tsm attempt " + attempt + " of " + maxAttempts + ": " + a.race);
      } finally {
        try {
          io.removeEntry(entry);
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "could not remove configfs-tsm entry " + entry + ": " + describe(e));
        }
      }
    }
    throw new ProviderException("another writer kept changing the configfs-tsm report entry; gave up after "
        + maxAttempts + " attempts (last: " + lastRace + ")");
  }

  private record Attempt(EvidenceBundle bundle, String race) {}

  private Attempt attempt(Path entry, byte[] reportData) throws ProviderException {
    String provider = text(entry.resolve("provider"));
    if (!"sev_guest".equals(provider)) {
      throw new ProviderException("configfs-tsm provider is '" + provider + "', not 'sev_guest': this is not an SEV-SNP guest");
    }
    write(entry.resolve("privlevel"), Integer.toString(privilegeLevel).getBytes(StandardCharsets.US_ASCII));
    long before = generation(entry);
    write(entry.resolve("inblob"), reportData);
    long written = generation(entry);
    byte[] out = read(entry.resolve("outblob"));
    byte[] aux = readOptional(entry.resolve("auxblob"));
    long after = generation(entry);
    if (written != before + 1 || after != written) {
      return new Attempt(null, "generation went " + before + " -> " + written + " -> " + after
          + " (expected " + before + " -> " + (before + 1) + " -> " + (before + 1) + "): a concurrent writer used the entry");
    }
    AttestationReport report;
    try {
      report = AttestationReport.parse(out);
    } catch (ReportFormatException e) {
      throw new ProviderException("outblob is not an SEV-SNP report: " + e.getMessage());
    }
    if (!report.reportData().contentEquals(reportData)) {
      return new Attempt(null, "the report's REPORT_DATA is not what was written to inblob: a concurrent writer used the entry");
    }
    CertificateTable table = CertificateTable.parse(aux);
    boolean vlek = report.signerInfo().signingKey() == SigningKey.VLEK;
    Bytes vek = table.get(vlek ? CertificateTable.VLEK_GUID : CertificateTable.VCEK_GUID).orElseThrow(() ->
        new ProviderException("the host's certificate table has no " + (vlek ? "VLEK" : "VCEK")
            + " (provision it on the host, e.g. with snphost, or fetch it from AMD KDS)"));
    Bytes ask = table.get(CertificateTable.ASK_GUID).orElseThrow(() ->
        new ProviderException("the host's certificate table has no ASK/ASVK"));
    Bytes ark = table.get(CertificateTable.ARK_GUID).orElseThrow(() ->
        new ProviderException("the host's certificate table has no ARK"));
    TreeMap<String, Bytes> auxFields = new TreeMap<>();
    auxFields.put("tsm.privlevel", Bytes.of(Integer.toString(privilegeLevel).getBytes(StandardCharsets.US_ASCII)));
    try {
      return new Attempt(new EvidenceBundle(Bytes.of(out), vek, ask, ark, name(), clock.instant(), auxFields), null);
    } catch (IllegalArgumentException e) {
      throw new ProviderException("the host's evidence does not fit a bundle: " + e.getMessage());
    }
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private long generation(Path entry) throws ProviderException {
    String g = text(entry.resolve("generation"));
    try {
      return Long.parseLong(g);
    } catch (NumberFormatException e) {
      throw new ProviderException("configfs-tsm generation is not a number: '" + g + "'");
    }
  }

  private String text(Path attribute) throws ProviderException {
    byte[] b = read(attribute);
    if (b.length > 64) {
      throw new ProviderException(attribute + " is unexpectedly long");
    }
    return new String(b, StandardCharsets.US_ASCII).strip();
  }

  private byte[] read(Path attribute) throws ProviderException {
    try {
      byte[] b = io.read(attribute);
      if (b.length > MAX_BLOB) {
        throw new ProviderException(attribute + " is larger than " + MAX_BLOB + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw new ProviderException("cannot read " + attribute + ": " + describe(e));
    }
  }

  private byte[] readOptional(Path attribute) throws ProviderException {
    try {
      return io.read(attribute);
    } catch (java.nio.file.NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new ProviderException("cannot read " + attribute + ": " + describe(e));
    }
  }

  private void write(Path attribute, byte[] value) throws ProviderException {
    try {
      io.write(attribute, value);
    } catch (IOException e) {
      throw new ProviderException("cannot write " + attribute + ": " + describe(e));
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " " + e.getMessage();
  }

  static byte[] copy(byte[] b) {
    return Arrays.copyOf(b, b.length);
  }
}
