package io.coracle.attestation.cert;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.report.ProcessorGeneration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The ARKs a verifier accepts, pinned by the SHA-256 of their DER encoding. AMD's production roots
 * for Milan, Genoa and Turin are built in; anything else (a simulated hierarchy, a test root) must
 * be added explicitly and is reported as such in every verdict.
 */
public record TrustRoots(Map<Bytes, TrustedRoot> roots) {

  /** One pinned root. {@code amdProduction} is false for roots configured explicitly. */
  public record TrustedRoot(String label, Optional<ProcessorGeneration> product, boolean amdProduction) {}

  public TrustRoots {
    roots = Map.copyOf(roots);
  }

  /** SHA-256 of AMD's ARK certificates (DER), as published in AMD's KDS cert_chain. */
  public static TrustRoots amdProduction() {
    Map<Bytes, TrustedRoot> m = new LinkedHashMap<>();
    m.put(Bytes.fromHex("69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd"),
        new TrustedRoot("AMD ARK-Milan", Optional.of(ProcessorGeneration.MILAN), true));
    m.put(Bytes.fromHex("4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1"),
        new TrustedRoot("AMD ARK-Genoa", Optional.of(ProcessorGeneration.GENOA), true));
    m.put(Bytes.fromHex("1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a"),
        new TrustedRoot("AMD ARK-Turin", Optional.of(ProcessorGeneration.TURIN), true));
    return new TrustRoots(m);
  }

  /** Only the given root: AMD's production roots are NOT included. */
  public static TrustRoots only(byte[] arkDer, String label) throws CertificateFormatException {
    return new TrustRoots(Map.of()).with(arkDer, label);
  }

  /** These roots plus an explicitly configured one (its ARK certificate, DER or PEM). */
  public TrustRoots with(byte[] arkCertificate, String label) throws CertificateFormatException {
    AmdCertificate ark = AmdCertificate.parse(CertificateDecoding.toDer(arkCertificate));
    Map<Bytes, TrustedRoot> m = new LinkedHashMap<>(roots);
    Optional<ProcessorGeneration> product = ark.subjectCommonName().startsWith("ARK-")
        ? ProcessorGeneration.fromProductName(ark.subjectCommonName().substring(4))
        : Optional.empty();
    m.put(ark.sha256(), new TrustedRoot(label, product, false));
    return new TrustRoots(m);
  }

  public Optional<TrustedRoot> lookup(Bytes arkSha256) {
    return Optional.ofNullable(roots.get(arkSha256));
  }
}
