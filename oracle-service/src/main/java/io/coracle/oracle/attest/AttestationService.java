package io.coracle.oracle.attest;

import io.coracle.attestation.binding.BindingException;
import io.coracle.attestation.binding.ReportDataBinding;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.provider.AttestationProvider;
import io.coracle.attestation.provider.ConfigfsTsmProvider;
import io.coracle.attestation.provider.ProviderException;
import io.coracle.attestation.provider.SevGuestProvider;
import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.provider.SimulatedProvider;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.keys.GuestKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.utils.Numeric;

/**
 * Obtains SEV-SNP evidence that binds this guest's keys: report_data is
 * {@code SHA-512("coracle-attest-v1" || chainId || registry || vrfPk || signer || encPk || nonce)}.
 */
@ApplicationScoped
public class AttestationService {
  private static final Logger LOG = Logger.getLogger(AttestationService.class);

  @Inject CoracleConfig config;
  @Inject GuestKeys keys;

  private volatile AttestationProvider provider;

  /** Fresh evidence bound to the keys and to {@code nonce} (32 bytes). */
  public Evidence evidence(byte[] nonce) throws ProviderException, BindingException {
    ReportDataBinding binding =
        ReportDataBinding.of(
            BigInteger.valueOf(config.chain().id()),
            Numeric.hexStringToByteArray(config.chain().registry()),
            keys.publicKeys().vrfCompressed(),
            Numeric.hexStringToByteArray(keys.publicKeys().signerAddress()),
            keys.publicKeys().encryptionCompressed(),
            nonce);
    EvidenceBundle bundle = provider().obtain(binding.reportData().toArray());
    return new Evidence(bundle, binding);
  }

  /** Evidence and what its report_data commits to. */
  public record Evidence(EvidenceBundle bundle, ReportDataBinding binding) {
    public byte[] encoded() {
      return bundle.encode();
    }

    public String evidenceHashHex() {
      return "0x" + java.util.HexFormat.of().formatHex(bundle.canonicalHash().toArray());
    }
  }

  public String providerName() {
    return config.attestation().provider();
  }

  private AttestationProvider provider() throws ProviderException {
    AttestationProvider p = provider;
    if (p == null) {
      synchronized (this) {
        if (provider == null) {
          provider = create();
        }
        p = provider;
      }
    }
    return p;
  }

  private AttestationProvider create() throws ProviderException {
    Clock clock = Clock.systemUTC();
    return switch (config.attestation().provider()) {
      case "configfs" -> ConfigfsTsmProvider.system(clock);
      case "sev-guest" -> new SevGuestProvider(config.attestation().snpguest(), 0, Optional.empty(), Duration.ofSeconds(60), clock);
      case "simulated" -> {
        var dir = config.attestation().simulatedDir()
            .orElseThrow(() -> new ProviderException("coracle.attestation.simulated-dir is required for the simulated provider"));
        SimulatedHierarchy chip = SimulatedHierarchy.loadOrCreate(dir, ProcessorGeneration.MILAN, Instant.now(), new SecureRandom());
        byte[] measurement = HexFormat.of().parseHex(config.attestation().simulatedMeasurement().orElse(DEVNET_MEASUREMENT));
        LOG.warn("SIMULATED SEV-SNP: evidence comes from a locally generated AMD-like hierarchy, not a real chip");
        yield new SimulatedProvider(chip, b -> b.measurement(measurement), clock);
      }
      default -> throw new ProviderException(
          "coracle.attestation.provider must be configfs, sev-guest or simulated, not '" + config.attestation().provider() + "'");
    };
  }

  /** SHA-384("coracle devnet simulated guest image v1"), the measurement the devnet allows. */
  public static final String DEVNET_MEASUREMENT =
      HexFormat.of().formatHex(sha384("coracle devnet simulated guest image v1"));

  private static byte[] sha384(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-384").digest(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
