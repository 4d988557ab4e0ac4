package io.coracle.oracle.health;

import io.coracle.oracle.follow.FollowerService;
import io.coracle.oracle.sender.SenderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The service's own loops: the sender (nonce lease, last cycle) and, in the leader, the log follower. */
@Readiness
@ApplicationScoped
public class PipelineReadiness implements HealthCheck {
  @Inject SenderService sender;
  @Inject FollowerService follower;

  @Override
  public HealthCheckResponse call() {
    String senderError = sender.lastError();
    String followerError = follower.lastError();
    var b = HealthCheckResponse.named("pipeline")
        .withData("signer", sender.signerAddress())
        .withData("nonceLeaseHeld", sender.leaseHeld())
        .withData("nonceGap", sender.nonceGap())
        .withData("followerLeader", follower.isLeader())
        .withData("followerLagBlocks", follower.lag());
    if (senderError != null) {
      b.withData("senderError", senderError);
    }
    if (followerError != null) {
      b.withData("followerError", followerError);
    }
    return (senderError == null && followerError == null ? b.up() : b.down()).build();
  }
}
