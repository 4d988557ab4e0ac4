package io.coracle.chain.tx;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

/**
 * Turns revert data into words a person can read: {@code Error(string)}, {@code Panic(uint256)},
 * and the custom errors of the contracts we call, registered by signature.
 */
public final class RevertReasons {
  private static final String ERROR_SELECTOR = "08c379a0";
  private static final String PANIC_SELECTOR = "4e487b71";
  private static final Map<Integer, String> PANICS =
      Map.of(
          0x01, "assertion failed",
          0x11, "arithmetic overflow or underflow",
          0x12, "division by zero",
          0x21, "invalid enum value",
          0x22, "corrupt storage byte array",
          0x31, "pop on empty array",
          0x32, "array index out of bounds",
          0x41, "out of memory",
          0x51, "call to an uninitialised function");

  private record CustomError(String signature, List<TypeReference<Type>> params) {}

  private final Map<String, CustomError> custom = new LinkedHashMap<>();

  /**
   * Registers a custom error, e.g. {@code register("InvalidProof()")} or
   * {@code register("RequestNotFound(uint256)", new TypeReference<Uint256>() {})}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RevertReasons register(String signature, TypeReference<?>... params) {
    String selector = Hash.sha3String(signature).substring(2, 10);
    custom.put(selector, new CustomError(signature, (List) List.of(params)));
    return this;
  }

  /** Decodes revert data (0x-hex); unknown data is shown as hex rather than dropped. */
  public String decode(String revertData) {
    if (revertData == null || revertData.isBlank() || revertData.equals("0x")) {
      return "reverted without a reason";
    }
    String hex = revertData.startsWith("0x") ? revertData.substring(2) : revertData;
    if (hex.length() < 8) {
      return "reverted with data 0x" + hex;
    }
    String selector = hex.substring(0, 8).toLowerCase(java.util.Locale.ROOT);
    String body = hex.substring(8);
    try {
      if (selector.equals(ERROR_SELECTOR)) {
        byte[] b = HexFormat.of().parseHex(body);
        int len = new BigInteger(1, java.util.Arrays.copyOfRange(b, 32, 64)).intValueExact();
        return new String(b, 64, len, StandardCharsets.UTF_8);
      }
      if (selector.equals(PANIC_SELECTOR)) {
        int code = new BigInteger(body, 16).intValue();
        return "panic 0x" + Integer.toHexString(code) + ": " + PANICS.getOrDefault(code, "unknown panic code");
      }
      CustomError e = custom.get(selector);
      if (e != null) {
        if (e.params().isEmpty()) {
          return e.signature();
        }
        List<Type> values = FunctionReturnDecoder.decode("0x" + body, e.params());
        StringBuilder sb = new StringBuilder(e.signature().substring(0, e.signature().indexOf('(') + 1));
        for (int i = 0; i < values.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(render(values.get(i)));
        }
        return sb.append(')').toString();
      }
    } catch (RuntimeException malformed) {
      // fall through: show the raw data
    }
    return "reverted with data 0x" + hex;
  }

  private static String render(Type<?> t) {
    Object v = t.getValue();
    if (v instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    return String.valueOf(v);
  }
}
