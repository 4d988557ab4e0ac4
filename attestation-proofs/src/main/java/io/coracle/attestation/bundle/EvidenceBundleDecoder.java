package io.coracle.attestation.bundle;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.report.AttestationReport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.TreeMap;

/** The strict decoder behind {@link EvidenceBundle#decode}. */
final class EvidenceBundleDecoder {
  private final byte[] in;
  private int at;

  private EvidenceBundleDecoder(byte[] in) {
    this.in = in;
  }

  static EvidenceBundle decode(byte[] bytes) throws BundleFormatException {
    if (bytes == null || bytes.length == 0) {
      throw new BundleFormatException("empty input");
    }
    if (bytes.length > EvidenceBundle.MAX_ENCODED_BYTES) {
      throw new BundleFormatException("bundle of " + bytes.length + " bytes exceeds " + EvidenceBundle.MAX_ENCODED_BYTES);
    }
    return new EvidenceBundleDecoder(bytes).run();
  }

  private EvidenceBundle run() throws BundleFormatException {
    if (in.length < 5 || !Arrays.equals(Arrays.copyOf(in, 4), EvidenceBundle.MAGIC)) {
      throw new BundleFormatException("not an evidence bundle (magic \"CSNP\" missing)");
    }
    if ((in[4] & 0xff) != EvidenceBundle.FORMAT_VERSION) {
      throw new BundleFormatException("unsupported bundle format version " + (in[4] & 0xff)
          + " (this build reads version " + EvidenceBundle.FORMAT_VERSION + ")");
    }
    at = 5;
    byte[] report = field(EvidenceBundle.TAG_REPORT, "report", AttestationReport.SIZE, AttestationReport.SIZE);
    byte[] vek = field(EvidenceBundle.TAG_VEK, "vek", 1, EvidenceBundle.MAX_CERT_BYTES);
    byte[] ask = field(EvidenceBundle.TAG_ASK, "ask", 1, EvidenceBundle.MAX_CERT_BYTES);
    byte[] ark = field(EvidenceBundle.TAG_ARK, "ark", 1, EvidenceBundle.MAX_CERT_BYTES);
    byte[] provider = field(EvidenceBundle.TAG_PROVIDER, "provider", 1, 32);
    String providerName = new String(provider, StandardCharsets.US_ASCII);
    if (!EvidenceBundle.NAME.matcher(providerName).matches()) {
      throw new BundleFormatException("provider name must match [a-z0-9.-]{1,32}");
    }
    long millis = ByteBuffer.wrap(field(EvidenceBundle.TAG_COLLECTED_AT, "collected-at", 8, 8)).getLong();
    if (millis < 0) {
      throw new BundleFormatException("collected-at is before 1970-01-01");
    }
    TreeMap<String, Bytes> aux = new TreeMap<>();
    if (at < in.length) {
      if ((in[at] & 0xff) != EvidenceBundle.TAG_AUX) {
        throw new BundleFormatException("unexpected field tag 0x" + Integer.toHexString(in[at] & 0xff)
            + " at offset " + at + " (fields must appear once, in tag order)");
      }
      byte[] a = field(EvidenceBundle.TAG_AUX, "aux", 1, EvidenceBundle.MAX_ENCODED_BYTES);
      decodeAux(a, aux);
    }
    if (at != in.length) {
      throw new BundleFormatException((in.length - at) + " trailing bytes after the last field");
    }
    try {
      return new EvidenceBundle(Bytes.of(report), Bytes.of(vek), Bytes.of(ask), Bytes.of(ark), providerName,
          Instant.ofEpochMilli(millis), aux);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException(e.getMessage());
    }
  }

  private byte[] field(int tag, String name, int min, int max) throws BundleFormatException {
    if (at + 5 > in.length) {
      throw new BundleFormatException("truncated: field '" + name + "' missing");
    }
    int t = in[at] & 0xff;
    if (t != tag) {
      throw new BundleFormatException("expected field '" + name + "' (tag " + tag + ") at offset " + at
          + ", found tag " + t + " (fields must appear once, in tag order)");
    }
    long len = Integer.toUnsignedLong(ByteBuffer.wrap(in, at + 1, 4).getInt());
    if (len < min || len > max) {
      throw new BundleFormatException("field '" + name + "' has length " + len + ", allowed " + min + ".." + max);
    }
    if (at + 5 + len > in.length) {
      throw new BundleFormatException("truncated: field '" + name + "' declares " + len + " bytes, "
          + (in.length - at - 5) + " remain");
    }
    byte[] v = Arrays.copyOfRange(in, at + 5, at + 5 + (int) len);
    at += 5 + (int) len;
    return v;
  }

  private static void decodeAux(byte[] a, TreeMap<String, Bytes> aux) throws BundleFormatException {
    int p = 0;
    String previous = null;
    while (p < a.length) {
      int klen = a[p] & 0xff;
      if (klen < 1 || klen > 32 || p + 1 + klen + 4 > a.length) {
        throw new BundleFormatException("malformed aux entry at offset " + p);
      }
      String key = new String(a, p + 1, klen, StandardCharsets.US_ASCII);
      if (!EvidenceBundle.NAME.matcher(key).matches()) {
        throw new BundleFormatException("aux key must match [a-z0-9.-]{1,32}");
      }
      if (previous != null && key.compareTo(previous) <= 0) {
        throw new BundleFormatException("aux keys must be unique and in ascending order ('" + key + "' after '" + previous + "')");
      }
      long vlen = Integer.toUnsignedLong(ByteBuffer.wrap(a, p + 1 + klen, 4).getInt());
      int vstart = p + 1 + klen + 4;
      if (vlen > EvidenceBundle.MAX_AUX_VALUE_BYTES || vstart + vlen > a.length) {
        throw new BundleFormatException("aux value '" + key + "' has a bad length " + vlen);
      }
      aux.put(key, Bytes.slice(a, vstart, vstart + (int) vlen));
      if (aux.size() > EvidenceBundle.MAX_AUX_ENTRIES) {
        throw new BundleFormatException("more than " + EvidenceBundle.MAX_AUX_ENTRIES + " aux fields");
      }
      previous = key;
      p = vstart + (int) vlen;
    }
  }
}
