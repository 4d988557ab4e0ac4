package io.coracle.attestation.verify;

/** One named check of a verdict, with why it passed, failed, or could not run. */
public record CheckResult(String name, Status status, String reason) {
  public enum Status {
    PASSED,
    FAILED,
    /** Could not run because a check it depends on failed; counts as a failure. */
    NOT_RUN
  }

  public static CheckResult pass(String name, String reason) {
    return new CheckResult(name, Status.PASSED, reason);
  }

  public static CheckResult fail(String name, String reason) {
    return new CheckResult(name, Status.FAILED, reason);
  }

  public static CheckResult notRun(String name, String reason) {
    return new CheckResult(name, Status.NOT_RUN, "not run: " + reason);
  }

  public boolean ok() {
    return status == Status.PASSED;
  }
}
