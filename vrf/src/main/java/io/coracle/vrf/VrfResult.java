package io.coracle.vrf;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of decoding or checking untrusted input: a value, or the {@link VrfFailure} naming the
 * check that rejected it. Expected failures are values; the library never throws on bad bytes.
 */
public sealed interface VrfResult<T> permits VrfResult.Ok, VrfResult.Failed {

  /** The input passed every check. */
  record Ok<T>(T value) implements VrfResult<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The input was rejected by the named check. */
  record Failed<T>(VrfFailure reason) implements VrfResult<T> {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static <T> VrfResult<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> VrfResult<T> failed(VrfFailure reason) {
    return new Failed<>(reason);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value; asking a failed result for its value is a programming error. */
  default T value() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw new IllegalStateException("no value: " + ((Failed<T>) this).reason().code());
  }

  default Optional<VrfFailure> failure() {
    return this instanceof Failed<T> failed ? Optional.of(failed.reason()) : Optional.empty();
  }

  default <U> VrfResult<U> map(Function<? super T, ? extends U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    return new Failed<>(((Failed<T>) this).reason());
  }

  default <U> VrfResult<U> flatMap(Function<? super T, VrfResult<U>> f) {
    if (this instanceof Ok<T> ok) {
      return f.apply(ok.value());
    }
    return new Failed<>(((Failed<T>) this).reason());
  }
}
