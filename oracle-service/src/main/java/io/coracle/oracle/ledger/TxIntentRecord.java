package io.coracle.oracle.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A row of the transaction outbox. */
@Entity
@Table(name = "tx_intent")
public class TxIntentRecord extends PanacheEntityBase {
  public static final String QUEUED = "QUEUED";
  public static final String IN_FLIGHT = "IN_FLIGHT";
  public static final String DONE = "DONE";

  @Id @Column(name = "intent_id") public String intentId;

  @Column(name = "seq", insertable = false, updatable = false) public Long seq;
  @Column(name = "chain_id") public long chainId;
  public String sender;
  @Column(name = "to_address") public String toAddress;
  public String data;
  @Column(name = "value_wei") public BigDecimal valueWei;
  @Column(name = "gas_limit") public BigDecimal gasLimit;
  @Column(name = "check_first") public boolean checkFirst;
  public String state;
  public Long nonce;
  public boolean withdrawn;
  public String outcome;
  @Column(name = "outcome_tx_hash") public String outcomeTxHash;
  @Column(name = "outcome_block") public Long outcomeBlock;
  @Column(name = "outcome_reason") public String outcomeReason;
  @Column(name = "gas_used") public BigDecimal gasUsed;
  @Column(name = "created_at") public Instant createdAt;
  @Column(name = "finished_at") public Instant finishedAt;
}
