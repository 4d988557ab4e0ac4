package io.coracle.oracle.trading;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** The global circuit breaker, one row, so it survives restarts and holds for every replica. */
@Entity
@Table(name = "trading_control")
public class TradingControl extends PanacheEntityBase {
  public static final int ROW = 1;

  @Id public int id;
  @Column(name = "circuit_tripped") public boolean circuitTripped;
  @Column(name = "circuit_reason") public String circuitReason;
  @Column(name = "consecutive_failures") public int consecutiveFailures;
  @Column(name = "updated_at") public Instant updatedAt;
  @Version public long version;
}
