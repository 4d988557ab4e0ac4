package io.coracle.deploy.measure;

/**
 * One reason why inputs cannot be measured, named by the check that failed (e.g.
 * {@code sev-metadata-signature}) so tools and tests can tell them apart.
 */
public record MeasurementProblem(String check, String detail) {
  public MeasurementProblem {
    if (check == null || check.isBlank() || detail == null) {
      throw new IllegalArgumentException("a problem needs a check name and a detail");
    }
  }

  @Override
  public String toString() {
    return check + ": " + detail;
  }
}
