package io.coracle.contracts;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The addresses of one deployment of the whole set, wired together.
 *
 * @param exampleSubscriptionId the subscription TraitMinter and Lottery request with (owned by the deployer)
 */
public record ContractSet(
    long chainId,
    String deployer,
    String coordinator,
    String registry,
    String blockhashStore,
    String verifier,
    String traitMinter,
    String lottery,
    BigInteger exampleSubscriptionId) {

  public ContractSet {
    Objects.requireNonNull(coordinator, "coordinator");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(blockhashStore, "blockhashStore");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(traitMinter, "traitMinter");
    Objects.requireNonNull(lottery, "lottery");
  }

  /** The addresses under the names the command line prints, in that order. */
  public Map<String, String> addresses() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("coordinator", coordinator);
    m.put("registry", registry);
    m.put("blockhashStore", blockhashStore);
    m.put("verifier", verifier);
    m.put("traitMinter", traitMinter);
    m.put("lottery", lottery);
    return m;
  }
}
