package io.coracle.oracle.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** The lease that makes one process the owner of a key's nonces, and the last nonce it assigned. */
@Entity
@Table(name = "nonce_owner")
@IdClass(NonceOwnerRecord.Key.class)
public class NonceOwnerRecord extends PanacheEntityBase {
  @Id @Column(name = "chain_id") public long chainId;
  @Id public String sender;
  @Column(name = "owner_id") public String ownerId;
  @Column(name = "lease_until") public Instant leaseUntil;
  @Column(name = "last_nonce") public long lastNonce;

  public static class Key implements Serializable {
    public long chainId;
    public String sender;

    public Key() {}

    public Key(long chainId, String sender) {
      this.chainId = chainId;
      this.sender = sender;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.chainId == chainId && Objects.equals(k.sender, sender);
    }

    @Override
    public int hashCode() {
      return Objects.hash(chainId, sender);
    }
  }
}
