package io.coracle.deploy.measure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** EFI GUIDs as firmware stores them: the first three fields little-endian ("mixed endian"). */
final class EfiGuid {
  static final UUID OVMF_TABLE_FOOTER = UUID.fromString("96b582de-1fb2-45f7-baea-a366c55a082d");
  static final UUID SEV_ES_RESET_BLOCK = UUID.fromString("00f771de-1a7e-4fcb-890e-68c77e2fb44e");
  static final UUID SEV_HASH_TABLE_RV = UUID.fromString("7255371f-3a3b-4b04-927b-1da6efa8d454");
  static final UUID OVMF_SEV_METADATA = UUID.fromString("dc886566-984a-4798-a75e-5585a7bf67cc");

  private EfiGuid() {}

  static byte[] toBytes(UUID guid) {
    ByteBuffer b = ByteBuffer.allocate(16);
    long msb = guid.getMostSignificantBits();
    b.order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) (msb >>> 32))
        .putShort((short) (msb >>> 16))
        .putShort((short) msb);
    b.order(ByteOrder.BIG_ENDIAN).putLong(guid.getLeastSignificantBits());
    return b.array();
  }

  static UUID fromBytes(byte[] data, int offset) {
    ByteBuffer b = ByteBuffer.wrap(data, offset, 16).order(ByteOrder.LITTLE_ENDIAN);
    long d1 = b.getInt() & 0xFFFF_FFFFL;
    long d2 = b.getShort() & 0xFFFFL;
    long d3 = b.getShort() & 0xFFFFL;
    long lsb = b.order(ByteOrder.BIG_ENDIAN).getLong();
    return new UUID((d1 << 32) | (d2 << 16) | d3, lsb);
  }
}
