package io.coracle.attestation.cert;

import io.coracle.attestation.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Memoizes the expensive, pure parts of chain verification, keyed by the SHA-256 of DER bytes:
 * certificate parsing, and "issuer signed subject" (RSA-4096 PSS verification). Validity at an
 * instant and trust-root pinning are never cached, so verification stays a pure function of
 * (evidence, policy, trust roots, instant). Bounded (LRU) and thread-safe.
 */
public final class CertificateChainCache {
  private final int capacity;
  private final Map<Bytes, AmdCertificate> parsed;
  private final Map<Bytes, Optional<String>> signatures;
  private long hits;
  private long misses;

  public CertificateChainCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.parsed = lru();
    this.signatures = lru();
  }

  private <V> Map<Bytes, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Bytes, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Parses (or returns the cached parse of) a DER certificate. Failures are not cached. */
  public AmdCertificate parse(byte[] der) throws CertificateFormatException {
    Bytes key = Bytes.of(AmdCertificate.sha256(der));
    synchronized (this) {
      AmdCertificate c = parsed.get(key);
      if (c != null) {
        hits++;
        return c;
      }
      misses++;
    }
    AmdCertificate c = AmdCertificate.parse(der);
    synchronized (this) {
      parsed.put(key, c);
    }
    return c;
  }

  /** {@link CertificateSignatures#problem}, memoized on (issuer, subject) fingerprints. */
  public Optional<String> signatureProblem(AmdCertificate issuer, AmdCertificate subject) {
    byte[] k = new byte[64];
    System.arraycopy(issuer.sha256().toArray(), 0, k, 0, 32);
    System.arraycopy(subject.sha256().toArray(), 0, k, 32, 32);
    Bytes key = Bytes.of(k);
    synchronized (this) {
      Optional<String> r = signatures.get(key);
      if (r != null) {
        hits++;
        return r;
      }
      misses++;
    }
    Optional<String> r = CertificateSignatures.problem(issuer, subject);
    synchronized (this) {
      signatures.put(key, r);
    }
    return r;
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized void clear() {
    parsed.clear();
    signatures.clear();
  }
}
