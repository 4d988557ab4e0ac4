package io.coracle.attestation.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.SimulatedChips;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.VerificationPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a directory tree that behaves like the kernel's configfs-tsm: mkdir fills the entry's
 * attributes, writing inblob bumps generation and makes outblob the simulated chip's report for
 * those bytes, rmdir removes the entry.
 */
class ConfigfsTsmProviderTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  final SimulatedHierarchy chip = SimulatedChips.chip(ProcessorGeneration.GENOA);
  @TempDir Path root;

  /** The kernel side. {@code interloper} may write to inblob as another process would. */
  class FakeConfigfs implements ConfigfsTsmProvider.ConfigfsIo {
    String provider = "sev_guest";
    boolean withCertificates = true;
    int racesLeft;
    final AtomicInteger outblobReads = new AtomicInteger();

    @Override
    public synchronized void createEntry(Path entry) throws IOException {
      Files.createDirectory(entry);
      Files.writeString(entry.resolve("provider"), provider + "\n");
      Files.writeString(entry.resolve("generation"), "0\n");
      Files.writeString(entry.resolve("privlevel"), "0\n");
      Files.write(entry.resolve("outblob"), new byte[0]);
      Files.write(entry.resolve("auxblob"), new byte[0]);
    }

    @Override
    public synchronized byte[] read(Path attribute) throws IOException {
      if (attribute.getFileName().toString().equals("outblob")) {
        outblobReads.incrementAndGet();
        if (racesLeft > 0) {
          racesLeft--;
          // another process writes its own request between our write and our read
          byte[] theirs = new byte[64];
          java.util.Arrays.fill(theirs, (byte) 0x55);
          write(attribute.resolveSibling("inblob"), theirs);
        }
      }
      return Files.readAllBytes(attribute);
    }

    @Override
    public synchronized void write(Path attribute, byte[] value) throws IOException {
      Files.write(attribute, value);
      Path entry = attribute.getParent();
      String name = attribute.getFileName().toString();
      if (name.equals("inblob") || name.equals("privlevel")) {
        long g = Long.parseLong(Files.readString(entry.resolve("generation")).strip());
        Files.writeString(entry.resolve("generation"), (g + 1) + "\n");
      }
      if (name.equals("inblob")) {
        if (value.length != 64) {
          throw new IOException("Invalid argument");
        }
        Files.write(entry.resolve("outblob"), chip.sign(chip.reportTemplate().reportData(value).buildUnsigned()));
        Map<String, Bytes> table = new LinkedHashMap<>();
        table.put(CertificateTable.VCEK_GUID, chip.vcekDer());
        table.put(CertificateTable.ASK_GUID, chip.askDer());
        table.put(CertificateTable.ARK_GUID, chip.arkDer());
        Files.write(entry.resolve("auxblob"), withCertificates ? CertificateTable.encode(table) : new byte[0]);
      }
    }

    @Override
    public synchronized void removeEntry(Path entry) throws IOException {
      try (Stream<Path> s = Files.list(entry)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(entry);
    }
  }

  ConfigfsTsmProvider provider(FakeConfigfs fs) {
    return new ConfigfsTsmProvider(root, fs, Clock.fixed(NOW, ZoneOffset.UTC), 0, 3);
  }

  static byte[] reportData() {
    byte[] rd = new byte[64];
    for (int i = 0; i < 64; i++) {
      rd[i] = (byte) (i * 3);
    }
    return rd;
  }

  @Test
  void obtainsVerifiableEvidenceAndRemovesTheEntry() throws Exception {
    FakeConfigfs fs = new FakeConfigfs();
    EvidenceBundle b = provider(fs).obtain(reportData());
    assertThat(b.provider()).isEqualTo("configfs-tsm");
    assertThat(b.collectedAt()).isEqualTo(NOW);
    assertThat(b.aux()).containsKey("tsm.privlevel");
    var v = new SnpEvidenceVerifier(SimulatedChips.trusting(chip)).verify(b,
        VerificationPolicy.builder().expectedReportData(Bytes.of(reportData())).build(), NOW);
    assertThat(v.valid()).as(v.summary()).isTrue();
    try (Stream<Path> s = Files.list(root)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void aConcurrentWriterIsDetectedAndRetried() throws Exception {
    FakeConfigfs fs = new FakeConfigfs();
    fs.racesLeft = 2;
    EvidenceBundle b = provider(fs).obtain(reportData());
    assertThat(fs.outblobReads.get()).isEqualTo(3);
    assertThat(b.report().slice(0x50, 0x90)).isEqualTo(Bytes.of(reportData()));
  }

  @Test
  void aWriterThatNeverStopsFailsClearly() {
    FakeConfigfs fs = new FakeConfigfs();
    fs.racesLeft = 100;
    assertThatThrownBy(() -> provider(fs).obtain(reportData()))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("gave up after 3 attempts")
        .hasMessageContaining("generation went 1 -> 2 -> 3");
  }

  @Test
  void realThreadsRacingOnOneEntryNeverYieldAWrongReport() throws Exception {
    // A second thread writes the same entry's inblob continuously, as a careless process would.
    FakeConfigfs fs = new FakeConfigfs() {
      @Override
      public synchronized void createEntry(Path entry) throws IOException {
        super.createEntry(entry);
        Thread t = new Thread(() -> {
          for (int i = 0; i < 50 && Files.isDirectory(entry); i++) {
            try {
              write(entry.resolve("inblob"), new byte[64]);
              Thread.sleep(1);
            } catch (IOException | InterruptedException | RuntimeException e) {
              return;
            }
          }
        });
        t.setDaemon(true);
        t.start();
      }
    };
    ConfigfsTsmProvider p = new ConfigfsTsmProvider(root, fs, Clock.fixed(NOW, ZoneOffset.UTC), 0, 50);
    try {
      EvidenceBundle b = p.obtain(reportData());
      assertThat(b.report().slice(0x50, 0x90)).isEqualTo(Bytes.of(reportData()));
    } catch (ProviderException e) {
      assertThat(e.getMessage()).contains("concurrent writer");
    }
  }

  @Test
  void clearErrors() throws Exception {
    FakeConfigfs notSnp = new FakeConfigfs();
    notSnp.provider = "tdx_guest";
    assertThatThrownBy(() -> provider(notSnp).obtain(reportData())).hasMessageContaining("not 'sev_guest'");
    FakeConfigfs noCerts = new FakeConfigfs();
    noCerts.withCertificates = false;
    assertThatThrownBy(() -> provider(noCerts).obtain(reportData())).hasMessageContaining("no certificates");
    assertThatThrownBy(() -> new ConfigfsTsmProvider(root.resolve("absent"), new FakeConfigfs(), Clock.systemUTC(), 0, 1)
        .obtain(reportData())).hasMessageContaining("configfs-tsm is not available");
    assertThatThrownBy(() -> provider(new FakeConfigfs()).obtain(new byte[63])).hasMessageContaining("exactly 64 bytes");
  }

  @Test
  void certificateTableParsing() throws Exception {
    Map<String, Bytes> t = new LinkedHashMap<>();
    t.put(CertificateTable.VLEK_GUID, Bytes.of(new byte[] {1, 2, 3}));
    t.put(CertificateTable.ARK_GUID, Bytes.of(new byte[] {4}));
    byte[] enc = CertificateTable.encode(t);
    assertThat(Bytes.slice(enc, 0, 4).hex()).isEqualTo("a8074bc2");
    CertificateTable parsed = CertificateTable.parse(enc);
    assertThat(parsed.endorsementKey()).contains(Bytes.of(new byte[] {1, 2, 3}));
    assertThat(parsed.get(CertificateTable.ARK_GUID)).contains(Bytes.of(new byte[] {4}));
    byte[] bad = enc.clone();
    bad[16] = (byte) 0xff; // offset beyond the table
    assertThatThrownBy(() -> CertificateTable.parse(bad)).hasMessageContaining("points outside the table");
    assertThatThrownBy(() -> CertificateTable.parse(java.util.Arrays.copyOf(enc, 30))).hasMessageContaining("terminator");
  }
}
