package io.coracle.attestation.cert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads certificates given as DER or PEM ("-----BEGIN CERTIFICATE-----"). */
public final class CertificateDecoding {
  /** Larger than any AMD certificate (about 1.4 KB VCEK, 1.7 KB ARK) by a wide margin. */
  public static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private CertificateDecoding() {}

  public static boolean looksLikePem(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.ISO_8859_1);
    return head.contains(BEGIN);
  }

  /** Exactly one certificate, as DER. */
  public static byte[] toDer(byte[] bytes) throws CertificateFormatException {
    List<byte[]> all = toDerList(bytes);
    if (all.size() != 1) {
      throw new CertificateFormatException("expected one certificate, found " + all.size());
    }
    return all.get(0);
  }

  /** One or more certificates: a DER certificate, or PEM blocks in order. */
  public static List<byte[]> toDerList(byte[] bytes) throws CertificateFormatException {
    if (bytes == null || bytes.length == 0) {
      throw new CertificateFormatException("empty input");
    }
    if (bytes.length > 4 * MAX_CERTIFICATE_BYTES) {
      throw new CertificateFormatException("input of " + bytes.length + " bytes is too large for certificates");
    }
    if (!looksLikePem(bytes)) {
      if (bytes.length > MAX_CERTIFICATE_BYTES) {
        throw new CertificateFormatException("certificate of " + bytes.length + " bytes exceeds " + MAX_CERTIFICATE_BYTES);
      }
      return List.of(bytes.clone());
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, at);
      if (begin < 0) {
        break;
      }
      int end = text.indexOf(END, begin);
      if (end < 0) {
        throw new CertificateFormatException("PEM block without " + END);
      }
      String body = text.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
      try {
        out.add(Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException e) {
        throw new CertificateFormatException("PEM block is not valid base64");
      }
      at = end + END.length();
    }
    if (out.isEmpty()) {
      throw new CertificateFormatException("no PEM certificate block");
    }
    return out;
  }

  public static String toPem(byte[] der) {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return BEGIN + "\n" + b64 + "\n" + END + "\n";
  }
}
