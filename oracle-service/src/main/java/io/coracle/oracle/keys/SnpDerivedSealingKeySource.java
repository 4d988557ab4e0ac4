package io.coracle.oracle.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sealing key derived by the AMD secure processor (SNP_GET_DERIVED_KEY), obtained through the
 * {@code snpguest key} tool. The derivation mixes in the guest's launch measurement and policy
 * (guest field select bits 0 and 3), and is rooted in the chip's VCEK: another image, another
 * policy or another machine derives a different key and cannot unseal.
 */
public final class SnpDerivedSealingKeySource implements SealingKeySource {
  /**
   * guest_field_select as snpguest takes it, a 6-digit binary string whose rightmost bit is the
   * guest policy, then image id, family id, measurement, SVN, TCB version: policy + measurement.
   */
  static final String GUEST_FIELD_SELECT = "001001";

  private final Path snpguest;
  private final Path workDir;

  public SnpDerivedSealingKeySource(Path snpguest, Path workDir) {
    this.snpguest = snpguest;
    this.workDir = workDir;
  }

  @Override
  public byte[] sealingKey() throws SealingException {
    Path out = null;
    try {
      Files.createDirectories(workDir);
      out = Files.createTempFile(workDir, "derived-", ".key");
      List<String> cmd = new ArrayList<>(List.of(
          snpguest.toString(), "key", out.toString(), "vcek", "-g", GUEST_FIELD_SELECT));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new SealingException("snpguest key did not finish within 30 s");
      }
      if (p.exitValue() != 0) {
        throw new SealingException("snpguest key failed (exit " + p.exitValue() + "): " + firstLine(output));
      }
      byte[] key = Files.readAllBytes(out);
      if (key.length != 32) {
        throw new SealingException("snpguest key produced " + key.length + " bytes, expected 32");
      }
      return key;
    } catch (IOException e) {
      throw new SealingException(
          "cannot obtain the SNP derived key through " + snpguest + " (is this an SEV-SNP guest with /dev/sev-guest?): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SealingException("interrupted while deriving the sealing key");
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover temp file in the guest's private work directory
        }
      }
    }
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    return (i < 0 ? s : s.substring(0, i)).strip();
  }

  @Override
  public String id() {
    return "snp-derived:vcek:gfs=" + GUEST_FIELD_SELECT;
  }

  @Override
  public boolean platformBound() {
    return true;
  }
}
