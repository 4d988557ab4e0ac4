package io.coracle.oracle.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coracle.chain.ChainEvent;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The fields of a {@code RandomWordsRequested} event, validated. Anything missing or out of range
 * makes the record poison: it can never be fulfilled as it stands.
 */
record RequestFields(
    BigInteger requestId,
    String keyHash,
    BigInteger preSeed,
    BigInteger subId,
    int confirmations,
    long callbackGasLimit,
    int numWords,
    String consumer,
    BigInteger reserve,
    String commitmentJson) {

  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  private static final ObjectMapper JSON = new ObjectMapper();

  static RequestFields of(ChainEvent e) {
    Map<String, String> f = e.fields();
    BigInteger requestId = uint(f, "requestId");
    if (!requestId.toString().equals(e.key())) {
      throw new PoisonRecord("event key " + e.key() + " does not match its requestId " + requestId);
    }
    String keyHash = matching(f, "keyHash", BYTES32);
    int confirmations = (int) bounded(f, "minimumRequestConfirmations", 0, 10_000);
    long gas = bounded(f, "callbackGasLimit", 0, 30_000_000);
    int numWords = (int) bounded(f, "numWords", 1, 10_000);
    String consumer = matching(f, "sender", ADDRESS).toLowerCase(java.util.Locale.ROOT);
    long blockNum = bounded(f, "blockNum", 0, Long.MAX_VALUE);
    if (blockNum != e.blockNumber()) {
      throw new PoisonRecord("blockNum " + blockNum + " is not the block the event was mined in (" + e.blockNumber() + ")");
    }
    BigInteger reserve = uint(f, "reserve");
    String commitment;
    try {
      commitment = JSON.writeValueAsString(new TreeMap<>(f));
    } catch (JsonProcessingException ex) {
      throw new PoisonRecord("event fields do not serialise: " + ex.getMessage());
    }
    return new RequestFields(
        requestId, keyHash, uint(f, "preSeed"), uint(f, "subId"), confirmations, gas, numWords, consumer, reserve, commitment);
  }

  private static BigInteger uint(Map<String, String> f, String name) {
    String v = f.get(name);
    if (v == null) {
      throw new PoisonRecord("RandomWordsRequested lacks '" + name + "'");
    }
    try {
      BigInteger b = new BigInteger(v);
      if (b.signum() < 0 || b.compareTo(UINT256_MAX) > 0) {
        throw new PoisonRecord("'" + name + "' is not a uint256: " + v);
      }
      return b;
    } catch (NumberFormatException ex) {
      throw new PoisonRecord("'" + name + "' is not a decimal integer: " + v);
    }
  }

  private static long bounded(Map<String, String> f, String name, long min, long max) {
    BigInteger v = uint(f, name);
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new PoisonRecord("'" + name + "' = " + v + " is outside [" + min + ", " + max + "]");
    }
    return v.longValueExact();
  }

  private static String matching(Map<String, String> f, String name, Pattern p) {
    String v = f.get(name);
    if (v == null || !p.matcher(v).matches()) {
      throw new PoisonRecord("'" + name + "' is missing or malformed");
    }
    return v;
  }
}
