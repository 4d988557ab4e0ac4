package io.coracle.attestation.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** SIGNER_INFO (report offset 0x48). */
public record SignerInfo(int raw) {
  public boolean authorKeyEnabled() {
    return (raw & 1) != 0;
  }

  /** The host asked the firmware to zero CHIP_ID (MASK_CHIP_KEY). */
  public boolean maskChipKey() {
    return (raw & 2) != 0;
  }

  public int signingKeyField() {
    return (raw >>> 2) & 7;
  }

  public SigningKey signingKey() {
    return SigningKey.fromField(signingKeyField());
  }

  /** Bits 31:5 are reserved and must be zero. */
  public boolean reservedBitsZero() {
    return (raw >>> 5) == 0;
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("raw", String.format("0x%x", raw));
    m.put("signingKey", signingKey().name());
    m.put("maskChipKey", maskChipKey());
    m.put("authorKeyEn", authorKeyEnabled());
    return m;
  }
}
