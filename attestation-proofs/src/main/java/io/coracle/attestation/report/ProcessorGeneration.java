package io.coracle.attestation.report;

import java.util.Locale;
import java.util.Optional;

/**
 * The AMD EPYC product lines that issue SEV-SNP evidence. The product decides the layout of the
 * TCB_VERSION field and the size of the VCEK's hwID, and names the ARK/ASK that certify it.
 */
public enum ProcessorGeneration {
  MILAN("Milan", TcbLayout.MILAN_GENOA, 64),
  GENOA("Genoa", TcbLayout.MILAN_GENOA, 64),
  TURIN("Turin", TcbLayout.TURIN, 8);

  private final String productName;
  private final TcbLayout tcbLayout;
  private final int hwIdLength;

  ProcessorGeneration(String productName, TcbLayout tcbLayout, int hwIdLength) {
    this.productName = productName;
    this.tcbLayout = tcbLayout;
    this.hwIdLength = hwIdLength;
  }

  /** AMD's name, as in the certificates' CN ("ARK-Milan", "SEV-Genoa") and KDS URLs. */
  public String productName() {
    return productName;
  }

  public TcbLayout tcbLayout() {
    return tcbLayout;
  }

  /** Bytes of the VCEK's hwID extension, which equal the report's CHIP_ID prefix. */
  public int hwIdLength() {
    return hwIdLength;
  }

  /**
   * The product line of a VCEK productName extension or a certificate CN suffix: "Milan-B0",
   * "Milan", "Genoa-B1", "Turin" (the part after '-' is the stepping).
   */
  public static Optional<ProcessorGeneration> fromProductName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String family = name.strip();
    int dash = family.indexOf('-');
    if (dash >= 0) {
      family = family.substring(0, dash);
    }
    for (ProcessorGeneration g : values()) {
      if (g.productName.toLowerCase(Locale.ROOT).equals(family.toLowerCase(Locale.ROOT))) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /**
   * The product line from the report's CPUID family/model (reports of version 3 and later).
   * Family 19h: models 00h-0Fh Milan, 10h-1Fh and A0h-AFh Genoa (Genoa-X, Bergamo, Siena are
   * certified by the Genoa ASK). Family 1Ah: Turin.
   */
  public static Optional<ProcessorGeneration> fromCpuid(int family, int model) {
    if (family == 0x19) {
      if (model <= 0x0F) {
        return Optional.of(MILAN);
      }
      if ((model >= 0x10 && model <= 0x1F) || (model >= 0xA0 && model <= 0xAF)) {
        return Optional.of(GENOA);
      }
      return Optional.empty();
    }
    if (family == 0x1A) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }
}
