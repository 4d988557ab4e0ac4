package io.coracle.attestation.report;

/**
 * How the 64-bit TCB_VERSION splits into security patch levels (SPLs). Little-endian bytes:
 * Milan/Genoa byte0 bootloader, byte1 TEE, bytes 2-5 reserved, byte6 SNP, byte7 microcode;
 * Turin byte0 FMC, byte1 bootloader, byte2 TEE, byte3 SNP, bytes 4-6 reserved, byte7 microcode.
 */
public enum TcbLayout {
  MILAN_GENOA,
  TURIN;

  public TcbVersion decode(long raw) {
    int[] b = new int[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (int) ((raw >>> (8 * i)) & 0xff);
    }
    if (this == TURIN) {
      return new TcbVersion(this, raw, b[0], b[1], b[2], b[3], b[7]);
    }
    return new TcbVersion(this, raw, -1, b[0], b[1], b[6], b[7]);
  }

  /** Packs SPLs into the 64-bit value ({@code fmc} ignored on Milan/Genoa). */
  public long encode(int fmc, int bootloader, int tee, int snp, int microcode) {
    long v;
    if (this == TURIN) {
      v = (fmc & 0xffL) | (bootloader & 0xffL) << 8 | (tee & 0xffL) << 16 | (snp & 0xffL) << 24;
    } else {
      v = (bootloader & 0xffL) | (tee & 0xffL) << 8 | (snp & 0xffL) << 48;
    }
    return v | (microcode & 0xffL) << 56;
  }
}
