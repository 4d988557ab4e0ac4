package io.coracle.attestation.cert;

import java.util.Arrays;

/**
 * Splits a DER certificate into its three top-level elements, returning each element's exact
 * bytes. The outer SEQUENCE must span the input exactly (no trailing bytes), with definite lengths.
 */
final class DerCertificateParts {
  private DerCertificateParts() {}

  /** [tbsCertificate, signatureAlgorithm, signatureValue] as raw TLVs. */
  static byte[][] split(byte[] der) throws CertificateFormatException {
    int[] outer = header(der, 0);
    if ((der[0] & 0xff) != 0x30) {
      throw new CertificateFormatException("not a DER SEQUENCE (first byte 0x" + Integer.toHexString(der[0] & 0xff) + ")");
    }
    int contentStart = outer[0];
    int contentEnd = contentStart + outer[1];
    if (contentEnd != der.length) {
      throw new CertificateFormatException(contentEnd > der.length
          ? "truncated certificate: the outer SEQUENCE needs " + contentEnd + " bytes, got " + der.length
          : "trailing bytes after the certificate (" + (der.length - contentEnd) + ")");
    }
    byte[][] parts = new byte[3][];
    int at = contentStart;
    int[] expectedTags = {0x30, 0x30, 0x03};
    for (int i = 0; i < 3; i++) {
      if (at >= contentEnd) {
        throw new CertificateFormatException("certificate has fewer than three elements");
      }
      if ((der[at] & 0xff) != expectedTags[i]) {
        throw new CertificateFormatException("unexpected tag 0x" + Integer.toHexString(der[at] & 0xff)
            + " in certificate element " + i);
      }
      int[] h = header(der, at);
      int end = h[0] + h[1];
      if (end > contentEnd) {
        throw new CertificateFormatException("certificate element " + i + " overruns the certificate");
      }
      parts[i] = Arrays.copyOfRange(der, at, end);
      at = end;
    }
    if (at != contentEnd) {
      throw new CertificateFormatException("certificate has more than three elements");
    }
    return parts;
  }

  /** Returns {contentOffset, contentLength} of the TLV at {@code at}. */
  private static int[] header(byte[] der, int at) throws CertificateFormatException {
    if (at + 2 > der.length) {
      throw new CertificateFormatException("truncated DER header");
    }
    if ((der[at] & 0x1f) == 0x1f) {
      throw new CertificateFormatException("multi-byte DER tags are not used in certificates");
    }
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return new int[] {at + 2, first};
    }
    int n = first & 0x7f;
    if (n == 0) {
      throw new CertificateFormatException("indefinite length is not DER");
    }
    if (n > 3 || at + 2 + n > der.length) {
      throw new CertificateFormatException("DER length field too long or truncated");
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[at + 2 + i] & 0xff);
    }
    if (len < 0x80 || (n > 1 && (der[at + 2] & 0xff) == 0)) {
      throw new CertificateFormatException("non-minimal DER length");
    }
    return new int[] {at + 2 + n, len};
  }
}
