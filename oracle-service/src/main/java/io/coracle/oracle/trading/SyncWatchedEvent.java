package io.coracle.oracle.trading;

import io.coracle.chain.WatchedEvent;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.protocol.core.methods.response.Log;

/**
 * A Uniswap V2 pair's {@code Sync(uint112 reserve0, uint112 reserve1)}, keyed by the pair's address
 * (the event names no other key), so one pair's prices stay in order on one partition.
 */
public final class SyncWatchedEvent implements WatchedEvent {
  public static final Event SYNC = new Event("Sync", List.of(new TypeReference<Uint112>() {}, new TypeReference<Uint112>() {}));
  private static final String TOPIC0 = EventEncoder.encode(SYNC).toLowerCase(Locale.ROOT);

  private final String pair;
  private final int confirmations;

  public SyncWatchedEvent(String pair, int confirmations) {
    this.pair = pair.toLowerCase(Locale.ROOT);
    this.confirmations = confirmations;
  }

  @Override
  public String name() {
    return "Sync";
  }

  @Override
  public String contract() {
    return pair;
  }

  @Override
  public String topic0() {
    return TOPIC0;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Decoded decode(Log log) {
    if (log.getTopics().size() != 1) throw new IllegalArgumentException("Sync has no indexed parameters");
    List<Type> values = FunctionReturnDecoder.decode(log.getData(), (List) SYNC.getNonIndexedParameters());
    if (values.size() != 2) throw new IllegalArgumentException("Sync data holds " + values.size() + " of 2 values");
    return new Decoded(pair, Map.of(
        "reserve0", ((BigInteger) values.get(0).getValue()).toString(),
        "reserve1", ((BigInteger) values.get(1).getValue()).toString()), confirmations);
  }
}
