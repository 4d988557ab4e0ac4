package io.coracle.trading.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coracle.chain.ChainEvent;
import io.coracle.chain.ChainEventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recorded chain activity as JSON lines, what a backtest replays. Each line is either a chain event
 * exactly as published to Kafka ({@link ChainEventCodec}, schema {@code coracle.chain-event}; the
 * pool's {@code Sync} events carry {@code reserve0}, {@code reserve1}) or a block header line:
 *
 * <pre>{"schema":"coracle.block","number":120,"timestamp":1767225600,"baseFeePerGas":"875000000"}</pre>
 *
 * Lines are in chain order; a block's line comes before its events.
 */
public record Recording(List<Entry> entries) {
  public static final String BLOCK_SCHEMA = "coracle.block";
  private static final ObjectMapper JSON = new ObjectMapper();

  public Recording {
    entries = List.copyOf(entries);
  }

  public sealed interface Entry permits Block, Event {}

  /** A block: its number, time, and base fee (the gas price the engine assumes for it). */
  public record Block(long number, long timestamp, BigInteger baseFeePerGas) implements Entry {
    public Block {
      Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
    }
  }

  public record Event(ChainEvent event) implements Entry {}

  /** A line that is neither: where, and why. */
  public static final class MalformedRecording extends Exception {
    public MalformedRecording(int line, String reason) {
      super("line " + line + ": " + reason, null, false, false);
    }
  }

  public static Recording read(Reader reader) throws IOException, MalformedRecording {
    List<Entry> entries = new ArrayList<>();
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    String line;
    int n = 0;
    long lastBlock = -1;
    while ((line = in.readLine()) != null) {
      n++;
      if (line.isBlank()) continue;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new MalformedRecording(n, "not JSON");
      }
      String schema = node != null && node.path("schema").isTextual() ? node.get("schema").asText() : "";
      Entry entry;
      long block;
      if (BLOCK_SCHEMA.equals(schema)) {
        JsonNode number = node.get("number");
        JsonNode ts = node.get("timestamp");
        JsonNode fee = node.get("baseFeePerGas");
        if (number == null || !number.canConvertToLong() || ts == null || !ts.canConvertToLong() || fee == null || !fee.isTextual()
            || !fee.asText().matches("[0-9]{1,40}")) {
          throw new MalformedRecording(n, "a block line needs integer 'number', 'timestamp' and a decimal string 'baseFeePerGas'");
        }
        entry = new Block(number.asLong(), ts.asLong(), new BigInteger(fee.asText()));
        block = number.asLong();
      } else if (ChainEventCodec.SCHEMA.equals(schema)) {
        ChainEventCodec.Decoding d = ChainEventCodec.decode(line.getBytes(StandardCharsets.UTF_8));
        if (d instanceof ChainEventCodec.Malformed m) throw new MalformedRecording(n, m.reason());
        ChainEvent e = ((ChainEventCodec.Decoded) d).event();
        entry = new Event(e);
        block = e.blockNumber();
      } else {
        throw new MalformedRecording(n, "unknown schema '" + (schema.length() > 40 ? schema.substring(0, 40) : schema) + "'");
      }
      if (block < lastBlock) throw new MalformedRecording(n, "block " + block + " comes after block " + lastBlock);
      lastBlock = block;
      entries.add(entry);
    }
    return new Recording(entries);
  }

  /** Writes one block line. */
  public static void writeBlock(Writer out, long number, long timestamp, BigInteger baseFeePerGas) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("schema", BLOCK_SCHEMA);
    n.put("number", number);
    n.put("timestamp", timestamp);
    n.put("baseFeePerGas", baseFeePerGas.toString());
    out.write(JSON.writeValueAsString(n));
    out.write('\n');
  }

  /** Writes one chain event line, as Kafka carries it. */
  public static void writeEvent(Writer out, ChainEvent e) throws IOException {
    out.write(new String(ChainEventCodec.encode(e), StandardCharsets.UTF_8));
    out.write('\n');
  }
}
