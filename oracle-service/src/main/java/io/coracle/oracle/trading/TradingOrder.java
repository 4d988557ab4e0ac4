package io.coracle.oracle.trading;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One intent addressed to this guest: its public bounds, its ciphertext (public on-chain; the
 * plaintext is never stored: it is decrypted again in memory when needed), its state and progress.
 */
@Entity
@Table(name = "trading_order")
public class TradingOrder extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "chain_id") public long chainId;
  @Column(name = "intent_id") public String intentId;
  public String vault;
  public String trader;
  @Column(name = "guest_key_hash") public String guestKeyHash;
  @Column(name = "token_in") public String tokenIn;
  @Column(name = "token_out") public String tokenOut;
  public String pair;
  @Column(name = "max_per_execution") public BigDecimal maxPerExecution;
  @Column(name = "max_total") public BigDecimal maxTotal;
  public long expiry;
  @Column(name = "max_slippage_bps") public int maxSlippageBps;
  @Column(name = "submitted_at") public long submittedAt;
  @Column(name = "submitted_block") public long submittedBlock;
  @Column(name = "block_hash") public String blockHash;
  @Column(name = "tx_hash") public String txHash;
  @Column(name = "encrypted_strategy") public String encryptedStrategy;

  @Enumerated(EnumType.STRING) public OrderState state;
  @Column(name = "close_code") public Integer closeCode;
  @Column(name = "reject_code") public Integer rejectCode;
  public int executions;
  public BigDecimal spent;
  public BigDecimal received;
  @Column(name = "gas_paid_wei") public BigDecimal gasPaidWei;
  @Column(name = "last_execution_at") public long lastExecutionAt;
  /** The outbox intent in flight for this order (a slice, a reject, a close); null when none. */
  @Column(name = "pending_intent_id") public String pendingIntentId;
  /** Failed attempts of the next slice. */
  @Column(name = "failed_attempts") public int failedAttempts;
  /** Every attempt ever made, numbering outbox ids. */
  public int attempts;
  public boolean paper;

  @Column(name = "received_at") public Instant receivedAt;
  @Column(name = "updated_at") public Instant updatedAt;
  @Column(name = "finished_at") public Instant finishedAt;

  @Version public long version;

  public static String idOf(long chainId, String intentId) {
    return chainId + ":" + intentId.toLowerCase(java.util.Locale.ROOT);
  }
}
