package io.coracle.attestation.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** PLATFORM_INFO (report offset 0x40): how the host platform was configured when it signed. */
public record PlatformInfo(long raw) {
  private boolean bit(int n) {
    return (raw & (1L << n)) != 0;
  }

  public boolean smtEnabled() {
    return bit(0);
  }

  public boolean tsmeEnabled() {
    return bit(1);
  }

  public boolean eccEnabled() {
    return bit(2);
  }

  public boolean raplDisabled() {
    return bit(3);
  }

  public boolean ciphertextHidingEnabled() {
    return bit(4);
  }

  /** The BadRAM alias check completed with no aliasing found (AMD-SB-3015 mitigation). */
  public boolean aliasCheckComplete() {
    return bit(5);
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("raw", String.format("0x%x", raw));
    m.put("smtEnabled", smtEnabled());
    m.put("tsmeEnabled", tsmeEnabled());
    m.put("eccEnabled", eccEnabled());
    m.put("raplDisabled", raplDisabled());
    m.put("ciphertextHidingEnabled", ciphertextHidingEnabled());
    m.put("aliasCheckComplete", aliasCheckComplete());
    return m;
  }
}
