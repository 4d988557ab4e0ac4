package io.coracle.attestation.cert;

import io.coracle.attestation.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * AMD's VCEK/VLEK extensions (VCEK Certificate and KDS Interface Specification), under
 * 1.3.6.1.4.1.3704.1: .1 structVersion, .2 productName, .3.1 blSPL, .3.2 teeSPL, .3.3 snpSPL,
 * .3.8 ucodeSPL, .3.9 fmcSPL (Turin), .4 hwID (raw bytes, not DER), .5 cspID (VLEK).
 * Values that were present but malformed are listed in {@code problems}.
 */
public record VekExtensions(
    OptionalInt structVersion,
    Optional<String> productName,
    OptionalInt bootloaderSpl,
    OptionalInt teeSpl,
    OptionalInt snpSpl,
    OptionalInt microcodeSpl,
    OptionalInt fmcSpl,
    Optional<Bytes> hwId,
    Optional<String> cspId,
    List<String> problems) {

  public static final String PREFIX = "1.3.6.1.4.1.3704.1";
  public static final String STRUCT_VERSION = PREFIX + ".1";
  public static final String PRODUCT_NAME = PREFIX + ".2";
  public static final String BL_SPL = PREFIX + ".3.1";
  public static final String TEE_SPL = PREFIX + ".3.2";
  public static final String SNP_SPL = PREFIX + ".3.3";
  public static final String SPL_4 = PREFIX + ".3.4";
  public static final String SPL_5 = PREFIX + ".3.5";
  public static final String SPL_6 = PREFIX + ".3.6";
  public static final String SPL_7 = PREFIX + ".3.7";
  public static final String UCODE_SPL = PREFIX + ".3.8";
  public static final String FMC_SPL = PREFIX + ".3.9";
  public static final String HW_ID = PREFIX + ".4";
  public static final String CSP_ID = PREFIX + ".5";

  public VekExtensions {
    problems = List.copyOf(problems);
  }
}
