package io.coracle.attestation;

import io.coracle.attestation.cert.CertificateFormatException;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.report.ProcessorGeneration;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Simulated hierarchies, generated once per JVM: RSA-4096 key generation takes seconds. */
public final class SimulatedChips {
  public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final Map<ProcessorGeneration, SimulatedHierarchy> CHIPS = new EnumMap<>(ProcessorGeneration.class);
  private static SimulatedHierarchy other;

  private SimulatedChips() {}

  public static synchronized SimulatedHierarchy chip(ProcessorGeneration product) {
    return CHIPS.computeIfAbsent(product,
        p -> SimulatedHierarchy.generate(p, SimulatedHierarchy.typicalTcb(p), CREATED, new SecureRandom()));
  }

  /** A second, unrelated Genoa hierarchy. */
  public static synchronized SimulatedHierarchy otherGenoa() {
    if (other == null) {
      other = SimulatedHierarchy.generate(ProcessorGeneration.GENOA, SimulatedHierarchy.typicalTcb(ProcessorGeneration.GENOA),
          CREATED, new SecureRandom());
    }
    return other;
  }

  public static TrustRoots trusting(SimulatedHierarchy... chips) {
    try {
      TrustRoots t = new TrustRoots(Map.of());
      for (SimulatedHierarchy h : chips) {
        t = t.with(h.arkDer().toArray(), "test simulated " + h.product().productName());
      }
      return t;
    } catch (CertificateFormatException e) {
      throw new IllegalStateException(e);
    }
  }
}
