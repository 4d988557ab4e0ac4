package io.coracle.deploy.measure;

import java.util.List;

/**
 * A value, or the named problems that prevented it. Expected failures (a file that is not an
 * OVMF, a build without SEV metadata) come back this way; exceptions are for bugs.
 */
public record Checked<T>(T value, List<MeasurementProblem> problems) {
  public Checked {
    problems = List.copyOf(problems);
    if ((value == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("either a value or at least one problem");
    }
  }

  public static <T> Checked<T> of(T value) {
    return new Checked<>(value, List.of());
  }

  public static <T> Checked<T> failed(List<MeasurementProblem> problems) {
    return new Checked<>(null, problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** The value; only call after {@link #ok()}. */
  @Override
  public T value() {
    if (value == null) {
      throw new IllegalStateException("no value: " + problems);
    }
    return value;
  }
}
