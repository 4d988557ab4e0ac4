package io.coracle.oracle.keys;

import io.coracle.oracle.config.CoracleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Loads (or on first start generates and seals) the guest's keys, once per process. */
@ApplicationScoped
public class GuestKeyProvider {

  @Produces
  @Singleton
  GuestKeys guestKeys(CoracleConfig config) {
    Path dir = config.keys().dir();
    SealingKeySource sealing =
        switch (config.keys().sealing()) {
          case "snp-derived" -> new SnpDerivedSealingKeySource(Path.of(System.getProperty("coracle.snpguest", "/usr/bin/snpguest")), dir.resolve("work"));
          case "file" -> new FileSealingKeySource(dir);
          default -> throw new IllegalArgumentException(
              "coracle.keys.sealing must be 'snp-derived' or 'file', not '" + config.keys().sealing() + "'");
        };
    try {
      return SealedKeyStore.loadOrCreate(dir, sealing, new SecureRandom());
    } catch (SealingException e) {
      throw new IllegalStateException("guest keys unavailable: " + e.getMessage(), e);
    }
  }
}
