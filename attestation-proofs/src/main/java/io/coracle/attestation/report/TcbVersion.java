package io.coracle.attestation.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded TCB_VERSION. {@code fmc} is -1 where the layout has no FMC component (Milan, Genoa).
 */
public record TcbVersion(TcbLayout layout, long raw, int fmc, int bootloader, int tee, int snp, int microcode) {

  public boolean hasFmc() {
    return fmc >= 0;
  }

  /** Little-endian hex of the raw value, as AMD tools print it (e.g. 0300000000000873). */
  public String rawHex() {
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 8; i++) {
      sb.append(String.format("%02x", (raw >>> (8 * i)) & 0xff));
    }
    return sb.toString();
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("raw", rawHex());
    if (hasFmc()) {
      m.put("fmc", fmc);
    }
    m.put("bootloader", bootloader);
    m.put("tee", tee);
    m.put("snp", snp);
    m.put("microcode", microcode);
    return m;
  }

  @Override
  public String toString() {
    return (hasFmc() ? "fmc=" + fmc + " " : "")
        + "bl=" + bootloader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode + " (" + rawHex() + ")";
  }
}
