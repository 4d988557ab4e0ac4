package io.coracle.attestation.verify;

import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.report.ProcessorGeneration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one piece of evidence: every check by name, and the decoded report when
 * it parsed. Valid only if every check passed; there is no partial acceptance.
 */
public record Verdict(
    List<CheckResult> checks, Optional<AttestationReport> report, Optional<ProcessorGeneration> product) {

  public Verdict {
    checks = List.copyOf(checks);
  }

  public boolean valid() {
    return !checks.isEmpty() && checks.stream().allMatch(CheckResult::ok);
  }

  public List<CheckResult> failures() {
    return checks.stream().filter(c -> !c.ok()).toList();
  }

  public Optional<CheckResult> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** One line per failed check, for logs and error messages. */
  public String summary() {
    if (valid()) {
      return "valid: all " + checks.size() + " checks passed";
    }
    StringBuilder sb = new StringBuilder("invalid:");
    for (CheckResult c : failures()) {
      sb.append("\n  ").append(c.name()).append(": ").append(c.reason());
    }
    return sb.toString();
  }
}
