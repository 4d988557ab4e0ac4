package io.coracle.deploy.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An OVMF (edk2) firmware volume as QEMU maps it: the whole image ends at 4 GiB and every page of
 * it is measured. Parsing reads the GUIDed table that edk2's reset vector keeps just below the
 * last 32 bytes (OvmfPkg/ResetVector/Ia16/ResetVectorVtf0.asm):
 * <pre>
 *   ... [entry data | u16 entry size | GUID] ... [u16 table size | footer GUID] [32 bytes] END
 * </pre>
 * read backwards from the footer, then the SEV metadata block ("ASEV", version 1) that one of
 * the entries points to.
 */
public final class OvmfImage {
  /** Generous: OVMF builds are 2-4 MiB; anything this large is not one. */
  public static final int MAX_SIZE = 64 * 1024 * 1024;
  private static final long FOUR_GIB = 0x1_0000_0000L;
  private static final int FOOTER_TAIL = 32;
  private static final int ENTRY_HEADER = 18;
  private static final int METADATA_HEADER = 16;
  private static final int METADATA_ITEM = 12;
  private static final int MAX_METADATA_ITEMS = 1024;

  private final byte[] data;
  private final OvmfLayout layout;
  private final List<UUID> footerEntries;

  private OvmfImage(byte[] data, OvmfLayout layout, List<UUID> footerEntries) {
    this.data = data;
    this.layout = layout;
    this.footerEntries = List.copyOf(footerEntries);
  }

  public OvmfLayout layout() {
    return layout;
  }

  /** GUIDs of the footer table entries, in the order they appear (for diagnostics). */
  public List<UUID> footerEntries() {
    return footerEntries;
  }

  public int size() {
    return data.length;
  }

  /** Where QEMU maps the first byte: the image ends at 4 GiB. */
  public long gpa() {
    return FOUR_GIB - data.length;
  }

  byte[] data() {
    return data;
  }

  public static Checked<OvmfImage> parse(byte[] image) {
    List<MeasurementProblem> problems = new ArrayList<>();
    int n = image.length;
    if (n == 0 || n % GuestContext.PAGE_SIZE != 0 || n > MAX_SIZE) {
      problems.add(new MeasurementProblem("firmware-size", "an OVMF image is a non-empty multiple of 4096 bytes"
          + " up to " + MAX_SIZE + " bytes, this one has " + n));
      return Checked.failed(problems);
    }
    int footer = n - FOOTER_TAIL - ENTRY_HEADER;
    if (!EfiGuid.OVMF_TABLE_FOOTER.equals(EfiGuid.fromBytes(image, footer + 2))) {
      problems.add(new MeasurementProblem("footer-table", "no OVMF GUIDed table footer ("
          + EfiGuid.OVMF_TABLE_FOOTER + ") 50 bytes before the end: not an OVMF/edk2 x86 firmware image"));
      return Checked.failed(problems);
    }
    int tableSize = u16(image, footer);
    if (tableSize < ENTRY_HEADER || tableSize - ENTRY_HEADER > footer) {
      problems.add(new MeasurementProblem("footer-table-length", "footer table size " + tableSize
          + " is outside [18, " + (footer + ENTRY_HEADER) + "]"));
      return Checked.failed(problems);
    }
    int start = footer - (tableSize - ENTRY_HEADER);
    int end = footer;
    Map<UUID, byte[]> entries = new LinkedHashMap<>();
    while (end > start) {
      if (end - start < ENTRY_HEADER) {
        problems.add(new MeasurementProblem("footer-table-length", (end - start)
            + " stray bytes at the start of the footer table"));
        return Checked.failed(problems);
      }
      int size = u16(image, end - ENTRY_HEADER);
      UUID guid = EfiGuid.fromBytes(image, end - 16);
      if (size < ENTRY_HEADER || size > end - start) {
        problems.add(new MeasurementProblem("footer-entry-length", "footer entry " + guid + " claims " + size
            + " bytes, " + (end - start) + " remain"));
        return Checked.failed(problems);
      }
      entries.put(guid, Arrays.copyOfRange(image, end - size, end - ENTRY_HEADER));
      end -= size;
    }

    List<SevMetadataSection> sections = sections(image, entries.get(EfiGuid.OVMF_SEV_METADATA), problems);
    OptionalLong resetEip = OptionalLong.empty();
    byte[] reset = entries.get(EfiGuid.SEV_ES_RESET_BLOCK);
    if (reset != null) {
      if (reset.length < 4) {
        problems.add(new MeasurementProblem("sev-es-reset-block", "SEV-ES reset block holds " + reset.length
            + " bytes, the AP reset vector needs 4"));
      } else {
        resetEip = OptionalLong.of(u32(reset, 0));
      }
    }
    OptionalLong hashesTable = OptionalLong.empty();
    byte[] table = entries.get(EfiGuid.SEV_HASH_TABLE_RV);
    if (table != null) {
      if (table.length < 4) {
        problems.add(new MeasurementProblem("sev-hashes-table", "SEV hashes table entry holds " + table.length
            + " bytes, its address needs 4"));
      } else if (u32(table, 0) != 0) {
        // Builds without kernel-hashes support reserve the entry with address 0.
        hashesTable = OptionalLong.of(u32(table, 0));
      }
    }
    if (!problems.isEmpty()) {
      return Checked.failed(problems);
    }
    // A copy: the measurement must not change if the caller reuses its buffer.
    return Checked.of(new OvmfImage(image.clone(), new OvmfLayout(sections, resetEip, hashesTable),
        new ArrayList<>(entries.keySet())));
  }

  private static List<SevMetadataSection> sections(byte[] image, byte[] entry, List<MeasurementProblem> problems) {
    List<SevMetadataSection> sections = new ArrayList<>();
    if (entry == null || entry.length < 4) {
      problems.add(new MeasurementProblem("sev-metadata", "no SEV metadata entry (" + EfiGuid.OVMF_SEV_METADATA
          + ") in the footer table: this OVMF was built without SEV-SNP support"));
      return sections;
    }
    long offset = u32(entry, 0);
    int n = image.length;
    if (offset < METADATA_HEADER || offset > n) {
      problems.add(new MeasurementProblem("sev-metadata-offset", "SEV metadata offset " + offset
          + " from the end does not fit an image of " + n + " bytes"));
      return sections;
    }
    int start = (int) (n - offset);
    if (image[start] != 'A' || image[start + 1] != 'S' || image[start + 2] != 'E' || image[start + 3] != 'V') {
      problems.add(new MeasurementProblem("sev-metadata-signature", "SEV metadata does not start with 'ASEV'"));
      return sections;
    }
    long length = u32(image, start + 4);
    long version = u32(image, start + 8);
    long count = u32(image, start + 12);
    if (version != 1) {
      problems.add(new MeasurementProblem("sev-metadata-version", "SEV metadata version " + version
          + ", only version 1 is known"));
      return sections;
    }
    if (count > MAX_METADATA_ITEMS || length < METADATA_HEADER + METADATA_ITEM * count || length > offset) {
      problems.add(new MeasurementProblem("sev-metadata-length", "SEV metadata of " + length + " bytes with "
          + count + " sections does not fit (each section is 12 bytes, " + offset + " bytes remain)"));
      return sections;
    }
    for (int i = 0; i < count; i++) {
      int at = start + METADATA_HEADER + METADATA_ITEM * i;
      long gpa = u32(image, at);
      long size = u32(image, at + 4);
      long code = u32(image, at + 8);
      var type = SectionType.ofCode(code);
      if (type.isEmpty()) {
        problems.add(new MeasurementProblem("sev-metadata-section-type", "section " + i + " has unknown type 0x"
            + Long.toHexString(code)));
      } else if (size == 0 || (gpa & 0xFFF) != 0 || (size & 0xFFF) != 0) {
        problems.add(new MeasurementProblem("sev-metadata-section-alignment", "section " + i + " (" + type.get()
            + ") at 0x" + Long.toHexString(gpa) + " size 0x" + Long.toHexString(size)
            + " is not a non-empty 4 KiB aligned range"));
      } else {
        sections.add(new SevMetadataSection(gpa, size, type.get()));
      }
    }
    return sections;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }
}
