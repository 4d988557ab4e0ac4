package io.coracle.attestation.verify;

import io.coracle.attestation.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What evidence must show beyond being genuine: the appraisal policy. Immutable; build with
 * {@link #builder()} or load a properties file with {@link #load(Path)}. The defaults are the
 * baseline every Coracle deployment wants (no debug, no migration agent, chip id not masked);
 * measurement, report_data, TCB floor, VMPL and age are unconstrained until configured.
 */
public record VerificationPolicy(
    boolean allowDebug,
    boolean allowMigrationAgent,
    boolean allowSmt,
    boolean allowMaskedChipId,
    Set<Integer> allowedVmpls,
    MinimumTcb minimumTcb,
    Set<Bytes> allowedMeasurements,
    Optional<Bytes> expectedReportData,
    Optional<Duration> maxEvidenceAge,
    Duration clockSkew) {

  /** Minimum security patch level per TCB component; 0 means no floor for that component. */
  public record MinimumTcb(int fmc, int bootloader, int tee, int snp, int microcode) {
    public static final MinimumTcb NONE = new MinimumTcb(0, 0, 0, 0, 0);

    public MinimumTcb {
      for (int v : new int[] {fmc, bootloader, tee, snp, microcode}) {
        if (v < 0 || v > 255) {
          throw new IllegalArgumentException("a TCB component is one byte (0-255), got " + v);
        }
      }
    }

    public boolean isNone() {
      return equals(NONE);
    }
  }

  public VerificationPolicy {
    allowedVmpls = Set.copyOf(allowedVmpls);
    for (int v : allowedVmpls) {
      if (v < 0 || v > 3) {
        throw new IllegalArgumentException("VMPL is 0-3, got " + v);
      }
    }
    if (allowedVmpls.isEmpty()) {
      throw new IllegalArgumentException("allowedVmpls must not be empty");
    }
    allowedMeasurements = Set.copyOf(allowedMeasurements);
    for (Bytes m : allowedMeasurements) {
      if (m.length() != 48) {
        throw new IllegalArgumentException("a measurement is 48 bytes, got " + m.length());
      }
    }
    expectedReportData.ifPresent(r -> {
      if (r.length() != 64) {
        throw new IllegalArgumentException("report_data is 64 bytes, got " + r.length());
      }
    });
    maxEvidenceAge.ifPresent(d -> {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("maxEvidenceAge must be positive");
      }
    });
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The baseline policy: see the class comment. */
  public static VerificationPolicy defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.allowDebug = allowDebug;
    b.allowMigrationAgent = allowMigrationAgent;
    b.allowSmt = allowSmt;
    b.allowMaskedChipId = allowMaskedChipId;
    b.allowedVmpls = new TreeSet<>(allowedVmpls);
    b.minimumTcb = minimumTcb;
    b.allowedMeasurements = new LinkedHashSet<>(allowedMeasurements);
    b.expectedReportData = expectedReportData.orElse(null);
    b.maxEvidenceAge = maxEvidenceAge.orElse(null);
    b.clockSkew = clockSkew;
    return b;
  }

  public static final class Builder {
    private boolean allowDebug;
    private boolean allowMigrationAgent;
    private boolean allowSmt = true;
    private boolean allowMaskedChipId;
    private Set<Integer> allowedVmpls = new TreeSet<>(Set.of(0, 1, 2, 3));
    private MinimumTcb minimumTcb = MinimumTcb.NONE;
    private Set<Bytes> allowedMeasurements = new LinkedHashSet<>();
    private Bytes expectedReportData;
    private Duration maxEvidenceAge;
    private Duration clockSkew = Duration.ofMinutes(5);

    public Builder allowDebug(boolean v) { allowDebug = v; return this; }
    public Builder allowMigrationAgent(boolean v) { allowMigrationAgent = v; return this; }
    public Builder allowSmt(boolean v) { allowSmt = v; return this; }
    public Builder allowMaskedChipId(boolean v) { allowMaskedChipId = v; return this; }
    public Builder allowedVmpls(Set<Integer> v) { allowedVmpls = new TreeSet<>(v); return this; }
    public Builder minimumTcb(MinimumTcb v) { minimumTcb = v; return this; }
    public Builder allowedMeasurements(Set<Bytes> v) { allowedMeasurements = new LinkedHashSet<>(v); return this; }
    public Builder allowMeasurement(Bytes v) { allowedMeasurements.add(v); return this; }
    public Builder expectedReportData(Bytes v) { expectedReportData = v; return this; }
    public Builder maxEvidenceAge(Duration v) { maxEvidenceAge = v; return this; }
    public Builder clockSkew(Duration v) { clockSkew = v; return this; }

    public VerificationPolicy build() {
      return new VerificationPolicy(allowDebug, allowMigrationAgent, allowSmt, allowMaskedChipId, allowedVmpls,
          minimumTcb, allowedMeasurements, Optional.ofNullable(expectedReportData),
          Optional.ofNullable(maxEvidenceAge), clockSkew);
    }
  }

  // ---- policy files ----

  private static final Set<String> KEYS = Set.of(
      "allow-debug", "allow-migration-agent", "allow-smt", "allow-masked-chip-id", "allowed-vmpls",
      "min-tcb.fmc", "min-tcb.bootloader", "min-tcb.tee", "min-tcb.snp", "min-tcb.microcode",
      "allowed-measurements", "expected-report-data", "max-evidence-age", "clock-skew");

  /** Reads a policy from a properties file (format in attestation-proofs/README.md). */
  public static VerificationPolicy load(Path file) throws PolicyFormatException, IOException {
    try (InputStream in = Files.newInputStream(file);
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      try {
        p.load(r);
      } catch (IllegalArgumentException e) {
        throw new PolicyFormatException("malformed properties file: " + e.getMessage());
      }
      return fromProperties(p);
    }
  }

  /** Builds a policy from string keys; unknown keys and bad values are errors, never ignored. */
  public static VerificationPolicy fromProperties(Map<?, ?> p) throws PolicyFormatException {
    for (Object k : p.keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        throw new PolicyFormatException("unknown policy key '" + k + "' (known: " + new TreeSet<>(KEYS) + ")");
      }
    }
    Builder b = builder();
    b.allowDebug(bool(p, "allow-debug", false));
    b.allowMigrationAgent(bool(p, "allow-migration-agent", false));
    b.allowSmt(bool(p, "allow-smt", true));
    b.allowMaskedChipId(bool(p, "allow-masked-chip-id", false));
    String vmpls = str(p, "allowed-vmpls");
    if (vmpls != null) {
      Set<Integer> s = new TreeSet<>();
      for (String part : vmpls.split("[,\\s]+")) {
        if (part.isEmpty()) {
          continue;
        }
        int v = integer("allowed-vmpls", part, 0, 3);
        s.add(v);
      }
      if (s.isEmpty()) {
        throw new PolicyFormatException("allowed-vmpls: list at least one VMPL (0-3)");
      }
      b.allowedVmpls(s);
    }
    b.minimumTcb(new MinimumTcb(spl(p, "min-tcb.fmc"), spl(p, "min-tcb.bootloader"), spl(p, "min-tcb.tee"),
        spl(p, "min-tcb.snp"), spl(p, "min-tcb.microcode")));
    String ms = str(p, "allowed-measurements");
    if (ms != null) {
      for (String part : ms.split("[,\\s]+")) {
        if (!part.isEmpty()) {
          b.allowMeasurement(hex("allowed-measurements", part, 48));
        }
      }
    }
    String rd = str(p, "expected-report-data");
    if (rd != null) {
      b.expectedReportData(hex("expected-report-data", rd, 64));
    }
    String age = str(p, "max-evidence-age");
    if (age != null) {
      Duration d = duration("max-evidence-age", age);
      if (d.isNegative() || d.isZero()) {
        throw new PolicyFormatException("max-evidence-age must be positive");
      }
      b.maxEvidenceAge(d);
    }
    String skew = str(p, "clock-skew");
    if (skew != null) {
      Duration d = duration("clock-skew", skew);
      if (d.isNegative()) {
        throw new PolicyFormatException("clock-skew must not be negative");
      }
      b.clockSkew(d);
    }
    return b.build();
  }

  private static String str(Map<?, ?> p, String key) {
    Object v = p.get(key);
    return v == null ? null : String.valueOf(v).strip();
  }

  private static boolean bool(Map<?, ?> p, String key, boolean dflt) throws PolicyFormatException {
    String v = str(p, key);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new PolicyFormatException(key + ": expected true or false, got '" + v + "'");
  }

  private static int integer(String key, String v, int min, int max) throws PolicyFormatException {
    try {
      int i = Integer.parseInt(v.strip());
      if (i < min || i > max) {
        throw new PolicyFormatException(key + ": " + i + " is outside " + min + "-" + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new PolicyFormatException(key + ": expected an integer, got '" + v + "'");
    }
  }

  private static int spl(Map<?, ?> p, String key) throws PolicyFormatException {
    String v = str(p, key);
    return v == null ? 0 : integer(key, v, 0, 255);
  }

  private static Bytes hex(String key, String v, int length) throws PolicyFormatException {
    Bytes b;
    try {
      b = Bytes.fromHex(v);
    } catch (IllegalArgumentException e) {
      throw new PolicyFormatException(key + ": " + e.getMessage());
    }
    if (b.length() != length) {
      throw new PolicyFormatException(key + ": expected " + length + " bytes (" + 2 * length + " hex digits), got " + b.length());
    }
    return b;
  }

  private static Duration duration(String key, String v) throws PolicyFormatException {
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new PolicyFormatException(key + ": expected an ISO-8601 duration such as PT10M, got '" + v + "'");
    }
  }
}
