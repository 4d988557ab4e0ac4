package io.coracle.deploy.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VcpuTypeTest {
  @Test
  void signaturesOfTheEpycGenerations() {
    // EPYC-v4 0x800f12: sev-snp-measure's README ("--vcpu-sig=0x800f12" is the same as EPYC-v4).
    assertThat(VcpuType.ofName("EPYC-v4").orElseThrow().signature()).isEqualTo(0x800f12);
    assertThat(VcpuType.ofName("EPYC-Rome").orElseThrow().signature()).isEqualTo(0x830f10);
    assertThat(VcpuType.ofName("EPYC-Milan").orElseThrow().signature()).isEqualTo(0xa00f11);
    assertThat(VcpuType.ofName("EPYC-Genoa").orElseThrow().signature()).isEqualTo(0xa10f10);
    assertThat(VcpuType.ofName("EPYC-Turin").orElseThrow().signature()).isEqualTo(0xb00f00);
    assertThat(VcpuType.ofName("EPYC-v9")).isEmpty();
  }
}
