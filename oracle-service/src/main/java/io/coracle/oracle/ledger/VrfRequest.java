package io.coracle.oracle.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/** One randomness request on one chain: what was asked, the proof, and what became of it. */
@Entity
@Table(name = "vrf_request")
public class VrfRequest extends PanacheEntityBase {
  @Id public String id;

  @Column(name = "chain_id") public long chainId;
  @Column(name = "request_id") public BigDecimal requestId;
  @Column(name = "key_hash") public String keyHash;
  @Column(name = "pre_seed") public BigDecimal preSeed;
  @Column(name = "sub_id") public BigDecimal subId;
  public String consumer;
  @Column(name = "callback_gas_limit") public long callbackGasLimit;
  @Column(name = "num_words") public int numWords;
  public int confirmations;
  @Column(name = "block_number") public long blockNumber;
  @Column(name = "block_hash") public String blockHash;
  @Column(name = "tx_hash") public String txHash;
  @Column(name = "log_index") public long logIndex;
  /** The request as the coordinator committed it, JSON, needed to build the fulfilment. */
  public String commitment;

  @Enumerated(EnumType.STRING) public RequestState state;
  public String alpha;
  public String pi;
  public String beta;
  @Column(name = "intent_id") public String intentId;
  @Column(name = "fulfil_tx_hash") public String fulfilTxHash;
  @Column(name = "fulfil_block") public Long fulfilBlock;
  @Column(name = "fulfil_gas_used") public Long fulfilGasUsed;
  @Column(name = "failure_reason") public String failureReason;
  public int generation;
  /** Proven, but its block is too old for BLOCKHASH: the blockhash store must learn it first. */
  @Column(name = "awaiting_blockhash") public boolean awaitingBlockhash;
  /** Another guest's request, watched: answered with this guest's key only after the failover delay. */
  public boolean standby;
  /** The key hash whose proof answers the request (ours; differs from keyHash when we answer as backup). */
  @Column(name = "answered_by_key") public String answeredByKey;

  @Column(name = "received_at") public Instant receivedAt;
  @Column(name = "proven_at") public Instant provenAt;
  @Column(name = "submitted_at") public Instant submittedAt;
  @Column(name = "finished_at") public Instant finishedAt;

  @Version public long version;

  public static String idOf(long chainId, BigInteger requestId) {
    return chainId + ":" + requestId;
  }

  /**
   * The request an intent id ({@code vrf:<chain>:<request>:<generation>[:backup]}) belongs to, if
   * that intent is still the request's current one. A load by primary key: a query here would make
   * Hibernate flush the whole session first, once per intent of a sender's batch.
   */
  public static Uni<VrfRequest> byIntent(String intentId) {
    String id = idOfIntent(intentId);
    if (id == null) {
      return Uni.createFrom().nullItem();
    }
    return VrfRequest.<VrfRequest>findById(id).map(r -> r != null && intentId.equals(r.intentId) ? r : null);
  }

  /** The request id a VRF intent id names, or null if it is not one. */
  public static String idOfIntent(String intentId) {
    String[] parts = intentId.split(":");
    return parts.length < 4 || !"vrf".equals(parts[0]) ? null : parts[1] + ":" + parts[2];
  }

  public static Uni<Long> countByState(RequestState state) {
    return count("state", state);
  }
}
