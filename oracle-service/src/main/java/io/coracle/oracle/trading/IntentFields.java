package io.coracle.oracle.trading;

import io.coracle.chain.ChainEvent;
import io.coracle.oracle.ingest.PoisonRecord;
import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validated fields of the vault's and the pools' events; anything malformed is poison (dead-lettered). */
final class IntentFields {
  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-f]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
  private static final Pattern HEX = Pattern.compile("0x([0-9a-f]{2})*");
  private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private IntentFields() {}

  static Intent intent(ChainEvent e) {
    String intentId = bytes32(e, "intentId");
    if (!intentId.equals(e.key())) throw new PoisonRecord("event key " + e.key() + " is not its intentId");
    PublicBounds bounds;
    try {
      bounds = new PublicBounds(address(e, "tokenIn"), address(e, "tokenOut"), uint(e, "maxAmountPerExecution"), uint(e, "maxAmountTotal"),
          uint(e, "expiry").longValueExact(), uint(e, "maxSlippageBps").intValueExact());
    } catch (IllegalArgumentException | ArithmeticException ex) {
      throw new PoisonRecord("IntentSubmitted bounds are inconsistent: " + ex.getMessage());
    }
    return new Intent(intentId, address(e, "trader"), bytes32(e, "guestKeyHash"), bounds, uint(e, "submittedAt").longValueExact(),
        e.blockNumber());
  }

  static byte[] encryptedStrategy(ChainEvent e) {
    String v = e.fields().get("encryptedStrategy");
    if (v == null || !HEX.matcher(v).matches()) throw new PoisonRecord("'encryptedStrategy' is missing or not hex");
    return HexFormat.of().parseHex(v.substring(2));
  }

  static String bytes32(ChainEvent e, String name) {
    String v = e.fields().get(name);
    if (v == null || !BYTES32.matcher(v.toLowerCase(Locale.ROOT)).matches()) throw new PoisonRecord("'" + name + "' is missing or malformed");
    return v.toLowerCase(Locale.ROOT);
  }

  static String address(ChainEvent e, String name) {
    String v = e.fields().get(name);
    if (v == null || !ADDRESS.matcher(v.toLowerCase(Locale.ROOT)).matches()) throw new PoisonRecord("'" + name + "' is missing or malformed");
    return v.toLowerCase(Locale.ROOT);
  }

  static BigInteger uint(ChainEvent e, String name) {
    String v = e.fields().get(name);
    if (v == null) throw new PoisonRecord("'" + name + "' is missing");
    try {
      BigInteger b = new BigInteger(v);
      if (b.signum() < 0 || b.compareTo(UINT256_MAX) > 0) throw new PoisonRecord("'" + name + "' is not a uint256");
      return b;
    } catch (NumberFormatException ex) {
      throw new PoisonRecord("'" + name + "' is not a decimal integer");
    }
  }
}
