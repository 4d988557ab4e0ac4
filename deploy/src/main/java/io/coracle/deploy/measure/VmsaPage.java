package io.coracle.deploy.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes {@link VmsaRegisters} into the 4 KiB SEV-ES save area, at the offsets of AMD APM vol. 2
 * table B-4 (Linux {@code struct sev_es_save_area}).
 */
public final class VmsaPage {
  static final int ES = 0x000;
  static final int EFER = 0x0D0;
  static final int CR4 = 0x148;
  static final int CR0 = 0x158;
  static final int DR7 = 0x160;
  static final int DR6 = 0x168;
  static final int RFLAGS = 0x170;
  static final int RIP = 0x178;
  static final int G_PAT = 0x268;
  static final int RDX = 0x310;
  static final int SEV_FEATURES = 0x3B0;
  static final int XCR0 = 0x3E8;
  static final int MXCSR = 0x408;
  static final int X87_FCW = 0x410;

  private VmsaPage() {}

  public static byte[] encode(VmsaRegisters r) {
    ByteBuffer b = ByteBuffer.allocate(GuestContext.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    VmcbSegment[] segments = {r.es(), r.cs(), r.ss(), r.ds(), r.fs(), r.gs(), r.gdtr(), r.ldtr(), r.idtr(), r.tr()};
    for (int i = 0; i < segments.length; i++) {
      VmcbSegment s = segments[i];
      int at = ES + 16 * i;
      b.putShort(at, (short) s.selector()).putShort(at + 2, (short) s.attributes())
          .putInt(at + 4, (int) s.limit()).putLong(at + 8, s.base());
    }
    b.putLong(EFER, r.efer()).putLong(CR4, r.cr4()).putLong(CR0, r.cr0()).putLong(DR7, r.dr7())
        .putLong(DR6, r.dr6()).putLong(RFLAGS, r.rflags()).putLong(RIP, r.rip()).putLong(G_PAT, r.gPat())
        .putLong(RDX, r.rdx()).putLong(SEV_FEATURES, r.sevFeatures()).putLong(XCR0, r.xcr0())
        .putInt(MXCSR, r.mxcsr()).putShort(X87_FCW, (short) r.x87Fcw());
    return b.array();
  }
}
