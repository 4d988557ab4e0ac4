package io.coracle.attestation.report;

/** SIGNER_INFO bits 4:2: which endorsement key signed the report. */
public enum SigningKey {
  /** Versioned Chip Endorsement Key: unique to the chip and its TCB. */
  VCEK,
  /** Versioned Loaded Endorsement Key: issued by AMD to a cloud provider, loaded into its fleet. */
  VLEK,
  /** Values 2-6 are reserved by the ABI. */
  RESERVED,
  /** 7: the report is not signed. */
  NONE;

  public static SigningKey fromField(int value) {
    return switch (value) {
      case 0 -> VCEK;
      case 1 -> VLEK;
      case 7 -> NONE;
      default -> RESERVED;
    };
  }
}
