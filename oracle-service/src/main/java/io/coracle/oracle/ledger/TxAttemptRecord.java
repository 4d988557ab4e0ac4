package io.coracle.oracle.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A signed transaction for an outbox row, recorded before broadcast. */
@Entity
@Table(name = "tx_attempt")
@IdClass(TxAttemptRecord.Key.class)
public class TxAttemptRecord extends PanacheEntityBase {
  @Id @Column(name = "intent_id") public String intentId;
  @Id public int attempt;
  @Column(name = "tx_hash") public String txHash;
  @Column(name = "raw_tx") public String rawTx;
  @Column(name = "gas_limit") public BigDecimal gasLimit;
  @Column(name = "max_fee_per_gas") public BigDecimal maxFeePerGas;
  @Column(name = "max_priority_fee_per_gas") public BigDecimal maxPriorityFeePerGas;
  @Column(name = "signed_at") public Instant signedAt;

  public static class Key implements Serializable {
    public String intentId;
    public int attempt;

    public Key() {}

    public Key(String intentId, int attempt) {
      this.intentId = intentId;
      this.attempt = attempt;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.attempt == attempt && Objects.equals(k.intentId, intentId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(intentId, attempt);
    }
  }
}
