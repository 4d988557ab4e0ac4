package io.coracle.oracle.health;

import io.coracle.oracle.chain.ChainClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while an RPC endpoint of the configured chain answers. */
@Readiness
@ApplicationScoped
public class ChainReadiness implements HealthCheck {
  @Inject ChainClient chain;

  @Override
  public HealthCheckResponse call() {
    var b = HealthCheckResponse.named("chain-rpc").withData("chainId", chain.chainId());
    try {
      long head = chain.probe();
      return b.up().withData("head", head).build();
    } catch (Exception e) {
      return b.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
