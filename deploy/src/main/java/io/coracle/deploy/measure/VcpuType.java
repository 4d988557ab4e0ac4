package io.coracle.deploy.measure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * QEMU's EPYC CPU models and the CPUID Fn0000_0001_EAX signature QEMU places in EDX at reset
 * (AMD CPUID specification #25481: family/model/stepping with extended fields).
 */
public record VcpuType(String name, int family, int model, int stepping) {
  private static final Map<String, VcpuType> KNOWN;

  static {
    Map<String, VcpuType> m = new LinkedHashMap<>();
    for (String n : new String[] {"EPYC", "EPYC-v1", "EPYC-v2", "EPYC-IBPB", "EPYC-v3", "EPYC-v4"}) {
      m.put(n, new VcpuType(n, 23, 1, 2));
    }
    for (String n : new String[] {"EPYC-Rome", "EPYC-Rome-v1", "EPYC-Rome-v2", "EPYC-Rome-v3"}) {
      m.put(n, new VcpuType(n, 23, 49, 0));
    }
    for (String n : new String[] {"EPYC-Milan", "EPYC-Milan-v1", "EPYC-Milan-v2"}) {
      m.put(n, new VcpuType(n, 25, 1, 1));
    }
    for (String n : new String[] {"EPYC-Genoa", "EPYC-Genoa-v1"}) {
      m.put(n, new VcpuType(n, 25, 17, 0));
    }
    m.put("EPYC-Turin", new VcpuType("EPYC-Turin", 26, 0, 0));
    KNOWN = Collections.unmodifiableMap(m);
  }

  public VcpuType {
    if (family < 0 || family > 0xf + 0xff || model < 0 || model > 0xff || stepping < 0 || stepping > 0xf) {
      throw new IllegalArgumentException("family 0-270, model 0-255, stepping 0-15");
    }
  }

  public static Optional<VcpuType> ofName(String name) {
    return Optional.ofNullable(KNOWN.get(name));
  }

  public static Map<String, VcpuType> known() {
    return KNOWN;
  }

  public int signature() {
    int familyLow = Math.min(family, 0xf);
    int familyHigh = family > 0xf ? family - 0xf : 0;
    return familyHigh << 20 | (model >> 4 & 0xf) << 16 | familyLow << 8 | (model & 0xf) << 4 | stepping;
  }
}
