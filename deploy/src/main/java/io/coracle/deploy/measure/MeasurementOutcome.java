package io.coracle.deploy.measure;

import java.util.List;

/** The expected launch measurement, or why it cannot be computed. */
public sealed interface MeasurementOutcome permits MeasurementOutcome.Measured, MeasurementOutcome.Unmeasurable {

  /** The MEASUREMENT an attestation report of this launch must carry. */
  record Measured(LaunchDigest measurement) implements MeasurementOutcome {}

  /** Every check that failed, by name. */
  record Unmeasurable(List<MeasurementProblem> problems) implements MeasurementOutcome {
    public Unmeasurable {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("an unmeasurable launch names at least one problem");
      }
    }
  }
}
