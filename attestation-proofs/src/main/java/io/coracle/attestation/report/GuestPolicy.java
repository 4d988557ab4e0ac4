package io.coracle.attestation.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The guest POLICY field (report offset 0x08), fixed at launch and enforced by the firmware. */
public record GuestPolicy(long raw) {
  public static final int SMT_BIT = 16;
  public static final int RESERVED_ONE_BIT = 17;
  public static final int MIGRATE_MA_BIT = 18;
  public static final int DEBUG_BIT = 19;
  public static final int SINGLE_SOCKET_BIT = 20;
  public static final int CXL_ALLOW_BIT = 21;
  public static final int MEM_AES_256_XTS_BIT = 22;
  public static final int RAPL_DIS_BIT = 23;
  public static final int CIPHERTEXT_HIDING_BIT = 24;
  public static final int PAGE_SWAP_DISABLE_BIT = 25;
  /** Bits 63:26 are reserved and must be zero. */
  public static final long RESERVED_MASK = ~((1L << 26) - 1);

  private boolean bit(int n) {
    return (raw & (1L << n)) != 0;
  }

  public int abiMinor() {
    return (int) (raw & 0xff);
  }

  public int abiMajor() {
    return (int) ((raw >>> 8) & 0xff);
  }

  public boolean smtAllowed() {
    return bit(SMT_BIT);
  }

  public boolean migrationAgentAllowed() {
    return bit(MIGRATE_MA_BIT);
  }

  public boolean debugAllowed() {
    return bit(DEBUG_BIT);
  }

  public boolean singleSocket() {
    return bit(SINGLE_SOCKET_BIT);
  }

  /** Problems with reserved bits, empty when the field is well-formed. */
  public List<String> formatProblems() {
    List<String> problems = new ArrayList<>();
    if (!bit(RESERVED_ONE_BIT)) {
      problems.add("policy bit 17 is reserved and must be 1, is 0");
    }
    if ((raw & RESERVED_MASK) != 0) {
      problems.add(String.format("policy bits 63:26 are reserved and must be 0 (policy=0x%x)", raw));
    }
    return problems;
  }

  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("raw", String.format("0x%x", raw));
    m.put("abi", abiMajor() + "." + abiMinor());
    m.put("smt", smtAllowed());
    m.put("migrateMa", migrationAgentAllowed());
    m.put("debug", debugAllowed());
    m.put("singleSocket", singleSocket());
    m.put("cxlAllow", bit(CXL_ALLOW_BIT));
    m.put("memAes256Xts", bit(MEM_AES_256_XTS_BIT));
    m.put("raplDis", bit(RAPL_DIS_BIT));
    m.put("ciphertextHiding", bit(CIPHERTEXT_HIDING_BIT));
    m.put("pageSwapDisable", bit(PAGE_SWAP_DISABLE_BIT));
    return m;
  }
}
