package io.coracle.deploy.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SEV hashes table against QEMU's {@code PaddedSevHashTable} layout, byte by byte. */
class SevHashesTest {
  /** SHA-256 of nothing: what /dev/null, a missing initrd, hash to. */
  private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** SHA-256 of a single NUL: the command line when -append is absent. */
  private static final String NUL = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";

  @Test
  void tableLayoutMatchesQemu(@TempDir Path dir) throws Exception {
    Path kernel = Files.write(dir.resolve("vmlinuz"), new byte[0]);
    SevHashes hashes = SevHashes.ofFiles(kernel, Optional.empty(), Optional.empty());
    assertThat(hashes.kernelSha256Hex()).isEqualTo(EMPTY);
    assertThat(hashes.initrdSha256Hex()).isEqualTo(EMPTY);
    assertThat(hashes.cmdlineSha256Hex()).isEqualTo(NUL);
    String t = HexFormat.of().formatHex(hashes.table());
    assertThat(SevHashes.TABLE_LENGTH).isEqualTo(168);
    assertThat(t).hasSize(2 * 176);
    // GUIDs in EFI byte order, then little-endian lengths 0xa8 and 0x32.
    assertThat(t.substring(0, 36)).isEqualTo("06d63894224fc94cb479a793d411fd21" + "a800");
    assertThat(t.substring(36, 136)).isEqualTo("d82dd09720bd944caa78e7714d36ab2a" + "3200" + NUL);
    assertThat(t.substring(136, 236)).isEqualTo("31f7ba442f3ad74b9af141e29169781d" + "3200" + EMPTY);
    assertThat(t.substring(236, 336)).isEqualTo("3794e74dd2ab7f42b835d5b172d2045b" + "3200" + EMPTY);
    assertThat(t.substring(336)).isEqualTo("0000000000000000");
  }

  @Test
  void commandLineIsHashedWithItsNulAndNotTrimmed(@TempDir Path dir) throws Exception {
    Path kernel = Files.write(dir.resolve("k"), "kernel".getBytes(StandardCharsets.US_ASCII));
    Path initrd = Files.write(dir.resolve("i"), "initrd".getBytes(StandardCharsets.US_ASCII));
    SevHashes hashes = SevHashes.ofFiles(kernel, Optional.of(initrd), Optional.of(" console=ttyS0 "));
    assertThat(hashes.cmdlineSha256Hex())
        .isEqualTo(HexFormat.of().formatHex(SnpMeasurementTest.sha256(" console=ttyS0 \0")));
    assertThat(hashes.kernelSha256Hex()).isEqualTo(HexFormat.of().formatHex(SnpMeasurementTest.sha256("kernel")));
    assertThat(hashes.initrdSha256Hex()).isEqualTo(HexFormat.of().formatHex(SnpMeasurementTest.sha256("initrd")));
  }

  @Test
  void rejectsTablesThatDoNotFitTheirPage() {
    SevHashes h = SevHashes.of(new byte[32], new byte[32], new byte[32]);
    assertThatThrownBy(() -> h.page(4096 - 175)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h.page(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SevHashes.of(new byte[31], new byte[32], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 200)
  void pageHoldsTheTableAtItsOffsetAndZerosElsewhere(@ForAll @Size(32) byte[] kernel, @ForAll @Size(32) byte[] initrd,
      @ForAll @Size(32) byte[] cmdline, @ForAll @IntRange(min = 0, max = 4096 - 176) int offset) {
    SevHashes h = SevHashes.of(kernel, initrd, cmdline);
    byte[] page = h.page(offset);
    assertThat(Arrays.copyOfRange(page, offset, offset + 176)).isEqualTo(h.table());
    assertThat(Arrays.copyOfRange(page, offset + 36, offset + 68)).isEqualTo(cmdline);
    assertThat(Arrays.copyOfRange(page, offset + 86, offset + 118)).isEqualTo(initrd);
    assertThat(Arrays.copyOfRange(page, offset + 136, offset + 168)).isEqualTo(kernel);
    for (int i = 0; i < 4096; i++) {
      if (i < offset || i >= offset + 176) {
        assertThat(page[i]).isZero();
      }
    }
  }
}
