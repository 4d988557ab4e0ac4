package io.coracle.attestation.provider;

import io.coracle.attestation.Bytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate table of an SNP extended report (GHCB specification, MSG_REPORT_REQ; the
 * configfs-tsm {@code auxblob}): entries of (GUID 16 bytes in RFC 4122 byte order, offset u32 LE,
 * length u32 LE) ended by an all-zero entry, then the certificates at their offsets from the start.
 */
public record CertificateTable(Map<String, Bytes> entries) {
  public static final String VCEK_GUID = "63da758d-e664-4564-adc5-f4b93be8accd";
  public static final String VLEK_GUID = "a8074bc2-a25a-483e-aae6-39c045a0b8a1";
  public static final String ASK_GUID = "4ab7b379-bbac-4fe4-a02f-05aef327c782";
  public static final String ARK_GUID = "c0b406a4-a803-4952-9743-3fb6014cd0ae";
  private static final int ENTRY = 24;
  private static final int MAX_ENTRIES = 64;
  public static final int MAX_TABLE_BYTES = 1024 * 1024;

  public CertificateTable {
    entries = Map.copyOf(entries);
  }

  public static CertificateTable parse(byte[] blob) throws ProviderException {
    if (blob == null || blob.length == 0) {
      throw new ProviderException("the certificate table is empty: the host supplied no certificates");
    }
    if (blob.length > MAX_TABLE_BYTES) {
      throw new ProviderException("certificate table of " + blob.length + " bytes exceeds " + MAX_TABLE_BYTES);
    }
    ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    List<Object[]> headers = new ArrayList<>();
    int at = 0;
    while (true) {
      if (at + ENTRY > blob.length) {
        throw new ProviderException("certificate table has no all-zero terminator entry");
      }
      byte[] guid = Arrays.copyOfRange(blob, at, at + 16);
      long offset = Integer.toUnsignedLong(b.getInt(at + 16));
      long length = Integer.toUnsignedLong(b.getInt(at + 20));
      at += ENTRY;
      if (offset == 0 && length == 0 && Bytes.of(guid).isAllZero()) {
        break;
      }
      if (headers.size() == MAX_ENTRIES) {
        throw new ProviderException("certificate table has more than " + MAX_ENTRIES + " entries");
      }
      headers.add(new Object[] {guidString(guid), offset, length});
    }
    Map<String, Bytes> out = new LinkedHashMap<>();
    for (Object[] h : headers) {
      String guid = (String) h[0];
      long offset = (Long) h[1];
      long length = (Long) h[2];
      if (offset < at || offset + length > blob.length) {
        throw new ProviderException("certificate table entry " + guid + " points outside the table (offset "
            + offset + ", length " + length + ", table " + blob.length + " bytes)");
      }
      if (out.put(guid, Bytes.slice(blob, (int) offset, (int) (offset + length))) != null) {
        throw new ProviderException("certificate table lists " + guid + " twice");
      }
    }
    return new CertificateTable(out);
  }

  /** Encodes entries in the given order (used by tests and the simulated host). */
  public static byte[] encode(Map<String, Bytes> ordered) {
    int header = (ordered.size() + 1) * ENTRY;
    int total = header + ordered.values().stream().mapToInt(Bytes::length).sum();
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    int offset = header;
    int at = 0;
    for (Map.Entry<String, Bytes> e : ordered.entrySet()) {
      b.put(at, guidBytes(e.getKey()));
      b.putInt(at + 16, offset);
      b.putInt(at + 20, e.getValue().length());
      b.put(offset, e.getValue().toArray());
      offset += e.getValue().length();
      at += ENTRY;
    }
    return b.array();
  }

  static String guidString(byte[] g) {
    String h = HexFormat.of().formatHex(g);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20);
  }

  static byte[] guidBytes(String guid) {
    return HexFormat.of().parseHex(guid.replace("-", ""));
  }

  public Optional<Bytes> get(String guid) {
    return Optional.ofNullable(entries.get(guid));
  }

  /** The VCEK, or the VLEK when the host provisioned one instead. */
  public Optional<Bytes> endorsementKey() {
    return get(VCEK_GUID).or(() -> get(VLEK_GUID));
  }
}
