package io.coracle.attestation.provider;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.ReportBuilder;
import java.time.Clock;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Evidence from a {@link SimulatedHierarchy}: for devnets and tests only. Every use is logged at
 * WARNING, and bundles carry the provider name "simulated" and an aux field saying so.
 */
public final class SimulatedProvider implements AttestationProvider {
  private static final System.Logger LOG = System.getLogger(SimulatedProvider.class.getName());
  private final SimulatedHierarchy hierarchy;
  private final UnaryOperator<ReportBuilder> guest;
  private final Clock clock;

  /**
   * @param guest sets what the simulated guest looks like (measurement, policy, VMPL...) on the
   *     hierarchy's template; report_data is set afterwards from each request
   */
  public SimulatedProvider(SimulatedHierarchy hierarchy, UnaryOperator<ReportBuilder> guest, Clock clock) {
    this.hierarchy = hierarchy;
    this.guest = guest;
    this.clock = clock;
  }

  public SimulatedProvider(SimulatedHierarchy hierarchy, Clock clock) {
    this(hierarchy, UnaryOperator.identity(), clock);
  }

  @Override
  public String name() {
    return "simulated";
  }

  public SimulatedHierarchy hierarchy() {
    return hierarchy;
  }

  @Override
  public EvidenceBundle obtain(byte[] reportData) throws ProviderException {
    AttestationProvider.requireReportData(reportData);
    LOG.log(System.Logger.Level.WARNING, SimulatedHierarchy.BANNER);
    byte[] report = hierarchy.sign(guest.apply(hierarchy.reportTemplate()).reportData(reportData).buildUnsigned());
    TreeMap<String, Bytes> aux = new TreeMap<>();
    aux.put("simulated", Bytes.of("SIMULATED: not a real AMD chip".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    return new EvidenceBundle(Bytes.of(report), hierarchy.vcekDer(), hierarchy.askDer(), hierarchy.arkDer(), name(),
        clock.instant(), aux);
  }
}
