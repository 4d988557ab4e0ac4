package io.coracle.attestation.report;

/** The bytes are not an ATTESTATION_REPORT this library can read (size, version). */
public final class ReportFormatException extends Exception {
  public ReportFormatException(String message) {
    super(message);
  }
}
