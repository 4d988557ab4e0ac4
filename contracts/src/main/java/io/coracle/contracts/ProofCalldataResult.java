package io.coracle.contracts;

import io.coracle.vrf.VrfFailure;
import java.util.Objects;

/** Calldata built from a proof, or the reason it cannot be built. Never an exception for bad input. */
public sealed interface ProofCalldataResult permits ProofCalldataResult.Built, ProofCalldataResult.Rejected {

  record Built(VrfProofCalldata calldata) implements ProofCalldataResult {
    public Built {
      Objects.requireNonNull(calldata, "calldata");
    }
  }

  /**
   * @param code machine-readable: a {@link VrfFailure#code()} when the key or proof does not decode,
   *     or {@value #NOT_EXPRESSIBLE_ON_CHAIN}
   * @param description one sentence for a person
   */
  record Rejected(String code, String description) implements ProofCalldataResult {
    public static final String NOT_EXPRESSIBLE_ON_CHAIN = "not_expressible_on_chain";

    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(description, "description");
    }

    static Rejected of(VrfFailure failure) {
      return new Rejected(failure.code(), failure.description());
    }
  }

  default boolean isBuilt() {
    return this instanceof Built;
  }

  /** The calldata; asking a rejected result for it is a programming error. */
  default VrfProofCalldata calldata() {
    if (this instanceof Built built) {
      return built.calldata();
    }
    Rejected r = (Rejected) this;
    throw new IllegalStateException("no calldata: " + r.code() + ": " + r.description());
  }
}
