package io.coracle.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * A {@link WatchedEvent} described by its Solidity ABI (a Web3j {@link Event}, as generated
 * wrappers define them) and the names of its parameters in declaration order.
 */
public final class AbiWatchedEvent implements WatchedEvent {
  private final String name;
  private final String contract;
  private final Event event;
  private final List<String> paramNames;
  private final String keyField;
  private final ToIntFunction<Map<String, String>> confirmations;
  private final String topic0;

  /**
   * @param keyField the parameter that keys the event (e.g. {@code requestId})
   * @param confirmations how many confirmations a decoded event needs (e.g. read from one of its fields)
   */
  public AbiWatchedEvent(
      String contract,
      Event event,
      List<String> paramNames,
      String keyField,
      ToIntFunction<Map<String, String>> confirmations) {
    this.contract = contract.toLowerCase(java.util.Locale.ROOT);
    this.event = Objects.requireNonNull(event, "event");
    this.name = event.getName();
    if (paramNames.size() != event.getParameters().size()) {
      throw new IllegalArgumentException(
          name + " has " + event.getParameters().size() + " parameters, " + paramNames.size() + " names given");
    }
    if (!paramNames.contains(keyField)) {
      throw new IllegalArgumentException(name + " has no parameter " + keyField);
    }
    this.paramNames = List.copyOf(paramNames);
    this.keyField = keyField;
    this.confirmations = confirmations;
    this.topic0 = EventEncoder.encode(event).toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String contract() {
    return contract;
  }

  @Override
  public String topic0() {
    return topic0;
  }

  @Override
  public Decoded decode(Log log) {
    List<TypeReference<Type>> indexed = event.getIndexedParameters();
    List<TypeReference<Type>> plain = event.getNonIndexedParameters();
    List<String> topics = log.getTopics();
    if (topics.size() != indexed.size() + 1) {
      throw new IllegalArgumentException("expected " + (indexed.size() + 1) + " topics, got " + topics.size());
    }
    List<Type> indexedValues = new ArrayList<>();
    for (int i = 0; i < indexed.size(); i++) {
      Type v = FunctionReturnDecoder.decodeIndexedValue(topics.get(i + 1), indexed.get(i));
      if (v == null) {
        throw new IllegalArgumentException("indexed parameter " + i + " does not decode");
      }
      indexedValues.add(v);
    }
    List<Type> plainValues = FunctionReturnDecoder.decode(log.getData(), plain);
    if (plainValues.size() != plain.size()) {
      throw new IllegalArgumentException("data holds " + plainValues.size() + " of " + plain.size() + " values");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    int ii = 0;
    int pi = 0;
    for (int p = 0; p < paramNames.size(); p++) {
      boolean isIndexed = event.getParameters().get(p).isIndexed();
      Type v = isIndexed ? indexedValues.get(ii++) : plainValues.get(pi++);
      fields.put(paramNames.get(p), render(v));
    }
    return new Decoded(fields.get(keyField), fields, confirmations.applyAsInt(fields));
  }

  static String render(Type<?> t) {
    Object v = t.getValue();
    if (t instanceof Address a) {
      return a.getValue().toLowerCase(java.util.Locale.ROOT);
    }
    if (v instanceof BigInteger b) {
      return b.toString();
    }
    if (v instanceof byte[] b) {
      return Numeric.toHexString(b);
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(render((Type<?>) list.get(i)));
      }
      return sb.append(']').toString();
    }
    return String.valueOf(v);
  }
}
