package io.coracle.oracle.trading;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** One Sync of a watched pair, from Kafka: the price feed and the manipulation guard's memory. */
@Entity
@Table(name = "trading_price")
public class PriceRecord extends PanacheEntityBase {
  /** '<chainId>:<pair>:<blockNumber>:<logIndex>' */
  @Id public String id;
  @Column(name = "chain_id") public long chainId;
  public String pair;
  @Column(name = "block_number") public long blockNumber;
  @Column(name = "log_index") public long logIndex;
  @Column(name = "block_hash") public String blockHash;
  @Column(name = "tx_hash") public String txHash;
  public BigDecimal reserve0;
  public BigDecimal reserve1;
  @Column(name = "own_execution") public boolean ownExecution;
}
