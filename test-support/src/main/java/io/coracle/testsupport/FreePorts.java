package io.coracle.testsupport;

import java.io.IOException;
import java.net.ServerSocket;

/** A port nothing listens on right now (for components that must know their port before they start). */
public final class FreePorts {
  private FreePorts() {}

  public static int next() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    }
  }
}
