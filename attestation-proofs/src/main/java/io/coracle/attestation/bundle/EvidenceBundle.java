package io.coracle.attestation.bundle;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.report.AttestationReport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * SEV-SNP evidence as one self-describing binary value: the report, the certificate chain
 * (VCEK/VLEK, ASK/ASVK, ARK, DER), the provider that collected it, when, and optional named aux
 * fields. The encoding is canonical (exactly one encoding per bundle), so its Keccak-256 is the
 * evidence reference a contract can recompute from the bytes it received.
 *
 * <pre>
 * bundle  = magic "CSNP" (4) | format version 0x01 (1) | field*
 * field   = tag (1) | length (u32 big-endian) | value        tags strictly increasing
 *   0x01 report        exactly 1184 bytes
 *   0x02 vek           DER, 1..16384 bytes (VCEK or VLEK)
 *   0x03 ask           DER, 1..16384 bytes (ASK or ASVK)
 *   0x04 ark           DER, 1..16384 bytes
 *   0x05 provider      ASCII [a-z0-9.-], 1..32 bytes
 *   0x06 collected-at  8 bytes: milliseconds since the epoch, signed big-endian, >= 0
 *   0x07 aux           optional, only when non-empty: entry+ with keys strictly increasing
 *        entry = key length (1) | key ASCII [a-z0-9.-] (1..32) | value length (u32 BE) | value
 * total size at most 65536 bytes; nothing may follow the last field
 * </pre>
 */
public record EvidenceBundle(
    Bytes report, Bytes vek, Bytes ask, Bytes ark, String provider, Instant collectedAt, SortedMap<String, Bytes> aux) {

  public static final byte[] MAGIC = {'C', 'S', 'N', 'P'};
  public static final int FORMAT_VERSION = 1;
  public static final int MAX_ENCODED_BYTES = 64 * 1024;
  public static final int MAX_CERT_BYTES = 16 * 1024;
  public static final int MAX_AUX_ENTRIES = 16;
  public static final int MAX_AUX_VALUE_BYTES = 16 * 1024;
  static final int TAG_REPORT = 1;
  static final int TAG_VEK = 2;
  static final int TAG_ASK = 3;
  static final int TAG_ARK = 4;
  static final int TAG_PROVIDER = 5;
  static final int TAG_COLLECTED_AT = 6;
  static final int TAG_AUX = 7;
  static final Pattern NAME = Pattern.compile("[a-z0-9.-]{1,32}");

  /** Validates every bound, and normalizes collectedAt to milliseconds (the encoded precision). */
  public EvidenceBundle {
    require(report != null && report.length() == AttestationReport.SIZE,
        "report must be exactly " + AttestationReport.SIZE + " bytes");
    requireCert(vek, "vek");
    requireCert(ask, "ask");
    requireCert(ark, "ark");
    require(provider != null && NAME.matcher(provider).matches(), "provider must match [a-z0-9.-]{1,32}");
    require(collectedAt != null && !collectedAt.isBefore(Instant.EPOCH), "collectedAt must be at or after 1970-01-01");
    collectedAt = Instant.ofEpochMilli(collectedAt.toEpochMilli());
    TreeMap<String, Bytes> a = new TreeMap<>(aux == null ? Map.of() : aux);
    require(a.size() <= MAX_AUX_ENTRIES, "at most " + MAX_AUX_ENTRIES + " aux fields");
    for (Map.Entry<String, Bytes> e : a.entrySet()) {
      require(NAME.matcher(e.getKey()).matches(), "aux key must match [a-z0-9.-]{1,32}");
      require(e.getValue() != null && e.getValue().length() <= MAX_AUX_VALUE_BYTES,
          "aux value '" + e.getKey() + "' exceeds " + MAX_AUX_VALUE_BYTES + " bytes");
    }
    aux = Collections.unmodifiableSortedMap(a);
    require(encodedSize(report, vek, ask, ark, provider, aux) <= MAX_ENCODED_BYTES,
        "encoded bundle would exceed " + MAX_ENCODED_BYTES + " bytes");
  }

  public EvidenceBundle(Bytes report, Bytes vek, Bytes ask, Bytes ark, String provider, Instant collectedAt) {
    this(report, vek, ask, ark, provider, collectedAt, new TreeMap<>());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requireCert(Bytes der, String name) {
    require(der != null && der.length() >= 1 && der.length() <= MAX_CERT_BYTES,
        name + " certificate must be 1.." + MAX_CERT_BYTES + " bytes of DER");
  }

  private static int encodedSize(Bytes report, Bytes vek, Bytes ask, Bytes ark, String provider, Map<String, Bytes> aux) {
    long n = MAGIC.length + 1L + 6 * 5 + report.length() + vek.length() + ask.length() + ark.length()
        + provider.length() + 8;
    if (!aux.isEmpty()) {
      n += 5;
      for (Map.Entry<String, Bytes> e : aux.entrySet()) {
        n += 1 + e.getKey().length() + 4 + e.getValue().length();
      }
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /** The canonical encoding. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encodedSize(report, vek, ask, ark, provider, aux));
    out.writeBytes(MAGIC);
    out.write(FORMAT_VERSION);
    field(out, TAG_REPORT, report.toArray());
    field(out, TAG_VEK, vek.toArray());
    field(out, TAG_ASK, ask.toArray());
    field(out, TAG_ARK, ark.toArray());
    field(out, TAG_PROVIDER, provider.getBytes(StandardCharsets.US_ASCII));
    field(out, TAG_COLLECTED_AT, ByteBuffer.allocate(8).putLong(collectedAt.toEpochMilli()).array());
    if (!aux.isEmpty()) {
      ByteArrayOutputStream a = new ByteArrayOutputStream();
      for (Map.Entry<String, Bytes> e : aux.entrySet()) {
        byte[] k = e.getKey().getBytes(StandardCharsets.US_ASCII);
        a.write(k.length);
        a.writeBytes(k);
        a.writeBytes(ByteBuffer.allocate(4).putInt(e.getValue().length()).array());
        a.writeBytes(e.getValue().toArray());
      }
      field(out, TAG_AUX, a.toByteArray());
    }
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
    out.writeBytes(value);
  }

  /** Strictly decodes a canonical encoding; anything else is a {@link BundleFormatException}. */
  public static EvidenceBundle decode(byte[] bytes) throws BundleFormatException {
    return EvidenceBundleDecoder.decode(bytes);
  }

  /** Keccak-256 of the canonical encoding: the on-chain evidence reference. */
  public Bytes canonicalHash() {
    return keccak256(encode());
  }

  public static Bytes keccak256(byte[] data) {
    KeccakDigest d = new KeccakDigest(256);
    d.update(data, 0, data.length);
    byte[] h = new byte[32];
    d.doFinal(h, 0);
    return Bytes.of(h);
  }

  @Override
  public String toString() {
    return "EvidenceBundle[provider=" + provider + ", collectedAt=" + collectedAt + ", aux=" + aux.keySet()
        + ", hash=" + canonicalHash().hex() + "]";
  }
}
