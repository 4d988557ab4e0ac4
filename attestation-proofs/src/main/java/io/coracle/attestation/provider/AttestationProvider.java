package io.coracle.attestation.provider;

import io.coracle.attestation.bundle.EvidenceBundle;

/** Obtains SEV-SNP evidence whose REPORT_DATA is the caller's 64 bytes. */
public interface AttestationProvider {
  /** The name recorded in bundles: "configfs-tsm", "sev-guest", "simulated". */
  String name();

  /** Asks for a report carrying {@code reportData} (exactly 64 bytes) and its certificate chain. */
  EvidenceBundle obtain(byte[] reportData) throws ProviderException;

  static void requireReportData(byte[] reportData) throws ProviderException {
    if (reportData == null || reportData.length != 64) {
      throw new ProviderException("report_data must be exactly 64 bytes, got "
          + (reportData == null ? "none" : reportData.length));
    }
  }
}
