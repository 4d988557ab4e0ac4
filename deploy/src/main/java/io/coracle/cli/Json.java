package io.coracle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;

/** JSON on stdout, one document per command, for scripts to read. */
public final class Json {
  /** Keeps insertion order: build outputs from {@link java.util.LinkedHashMap}s. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static void print(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render output as JSON", e);
    }
  }

  public static void printPretty(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render output as JSON", e);
    }
  }
}
