package io.coracle.deploy.measure;

import java.util.List;
import java.util.OptionalLong;

/**
 * What a launch measurement needs to know about an OVMF build besides its bytes: the SEV
 * metadata sections in firmware order, the SEV-ES AP reset vector, and where QEMU writes the SEV
 * hashes table for measured direct boot (absent on builds without kernel-hashes support).
 */
public record OvmfLayout(List<SevMetadataSection> sections, OptionalLong apResetEip, OptionalLong hashesTableGpa) {
  public OvmfLayout {
    sections = List.copyOf(sections);
  }

  public boolean has(SectionType type) {
    return sections.stream().anyMatch(s -> s.type() == type);
  }
}
