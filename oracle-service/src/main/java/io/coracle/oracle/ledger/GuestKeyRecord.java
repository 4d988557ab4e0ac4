package io.coracle.oracle.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The public side of the guest's keys and their registration in the AttestationRegistry. */
@Entity
@Table(name = "guest_key")
public class GuestKeyRecord extends PanacheEntityBase {
  @Id @Column(name = "key_hash") public String keyHash;
  @Column(name = "chain_id") public long chainId;
  @Column(name = "vrf_public_key") public String vrfPublicKey;
  @Column(name = "signer_address") public String signerAddress;
  @Column(name = "enc_public_key") public String encPublicKey;
  @Column(name = "evidence_hash") public String evidenceHash;
  public String registration;
  @Column(name = "registered_at") public Instant registeredAt;
  @Column(name = "expires_at") public Instant expiresAt;
  @Column(name = "updated_at") public Instant updatedAt;
}
