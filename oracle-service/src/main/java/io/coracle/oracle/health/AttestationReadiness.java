package io.coracle.oracle.health;

import io.coracle.oracle.attest.RegistrationService;
import io.coracle.oracle.config.CoracleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to serve randomness only with keys active in the registry: a Kubernetes readiness gate
 * keeps traffic (and the rollout) waiting until the verifiers have approved this guest.
 */
@Readiness
@ApplicationScoped
public class AttestationReadiness implements HealthCheck {
  @Inject RegistrationService registration;
  @Inject CoracleConfig config;

  @Override
  public HealthCheckResponse call() {
    var b = HealthCheckResponse.named("attestation")
        .withData("state", registration.state().name())
        .withData("detail", registration.detail());
    boolean ok = !config.attestation().register() || registration.state() == RegistrationService.State.ACTIVE;
    return (ok ? b.up() : b.down()).build();
  }
}
