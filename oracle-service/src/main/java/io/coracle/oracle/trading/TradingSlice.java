package io.coracle.oracle.trading;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One attempt at one slice of an order. The id is the outbox intent id, so one attempt is at most
 * one transaction; the database allows one live-or-executed attempt per slice, and the vault one
 * execution per slice index.
 */
@Entity
@Table(name = "trading_slice")
public class TradingSlice extends PanacheEntityBase {
  public static final String PLANNED = "PLANNED";
  public static final String SUBMITTED = "SUBMITTED";
  public static final String EXECUTED = "EXECUTED";
  public static final String FAILED = "FAILED";
  public static final String PAPER_FILLED = "PAPER_FILLED";

  @Id public String id;
  @Column(name = "order_id") public String orderId;
  @Column(name = "slice_index") public int sliceIndex;
  public int attempt;
  @Column(name = "amount_in") public BigDecimal amountIn;
  @Column(name = "expected_out") public BigDecimal expectedOut;
  @Column(name = "min_amount_out") public BigDecimal minAmountOut;
  @Column(name = "gas_cost_out") public BigDecimal gasCostOut;
  public long deadline;
  @Column(name = "decided_block") public long decidedBlock;
  public String state;
  @Column(name = "tx_hash") public String txHash;
  @Column(name = "amount_out") public BigDecimal amountOut;
  @Column(name = "gas_used") public BigDecimal gasUsed;
  public String reason;
  @Column(name = "created_at") public Instant createdAt;
  @Column(name = "finished_at") public Instant finishedAt;
}
