package io.coracle.vrf;

import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.util.encoders.Hex;

/** The verdict of ECVRF verification: the VRF output beta, or the check that failed. */
public sealed interface VrfVerification permits VrfVerification.Valid, VrfVerification.Invalid {

  /** The proof is valid for this key and message; {@code beta} is the VRF output (32 bytes). */
  record Valid(byte[] beta) implements VrfVerification {
    public Valid {
      beta = beta.clone();
    }

    @Override
    public byte[] beta() {
      return beta.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Valid v && Arrays.equals(beta, v.beta);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(beta);
    }

    @Override
    public String toString() {
      return "Valid[beta=" + Hex.toHexString(beta) + "]";
    }
  }

  /** The proof was rejected; {@code reason} names the check. */
  record Invalid(VrfFailure reason) implements VrfVerification {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
