package io.coracle.bench;

import io.coracle.deploy.measure.Checked;
import io.coracle.deploy.measure.LaunchDigest;
import io.coracle.deploy.measure.MeasurementOutcome;
import io.coracle.deploy.measure.OvmfImage;
import io.coracle.deploy.measure.SevHashes;
import io.coracle.deploy.measure.SnpLaunch;
import io.coracle.deploy.measure.SnpMeasurement;
import io.coracle.deploy.measure.VcpuType;
import io.coracle.deploy.measure.VmmType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The launch measurement of a 4 MiB AmdSev-layout firmware (1024 NORMAL pages, the size of
 * edk2's OVMF.amdsev.fd) with measured direct boot and 4 vCPUs: the whole computation
 * ({@code measureFromFirmware}) and the part left once the firmware digest is known
 * ({@code measureFromFirmwareDigest}: 92 metadata pages, the hashes page, 4 VMSAs). Hashing the
 * kernel and initrd files is SHA-256 over their bytes and not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MeasureBenchmark {
  private OvmfImage ovmf;
  private SnpLaunch launch;
  private SevHashes hashes;
  private int signature;

  @Setup
  public void setup() {
    byte[] image = amdSevLikeFirmware(4 * 1024 * 1024);
    Checked<OvmfImage> parsed = OvmfImage.parse(image);
    if (!parsed.ok()) {
      throw new IllegalStateException("benchmark firmware does not parse: " + parsed.problems());
    }
    ovmf = parsed.value();
    byte[] h = new byte[32];
    new Random(7).nextBytes(h);
    hashes = SevHashes.of(h, h, h);
    signature = VcpuType.ofName("EPYC-v4").orElseThrow().signature();
    LaunchDigest firmware = SnpMeasurement.firmwareDigest(ovmf);
    launch = new SnpLaunch(ovmf.layout(), firmware, Optional.of(hashes), 4, signature, 0x1, VmmType.QEMU);
  }

  @Benchmark
  public MeasurementOutcome measureFromFirmware() {
    return SnpMeasurement.measure(ovmf, Optional.of(hashes), 4, signature, 0x1, VmmType.QEMU);
  }

  @Benchmark
  public MeasurementOutcome measureFromFirmwareDigest() {
    return SnpMeasurement.measure(launch);
  }

  /** Random "code" with edk2's footer table and the SEV metadata of an AmdSev build. */
  static byte[] amdSevLikeFirmware(int size) {
    byte[] image = new byte[size];
    new Random(42).nextBytes(image);
    long[][] sections = {
        {0x800000, 0x9000, 1}, {0x80a000, 0x3000, 1}, {0x80d000, 0x1000, 2}, {0x80e000, 0x1000, 3},
        {0x80f000, 0x1000, 0x10}, {0x810000, 0x50000, 1}};
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int meta = 0x1000;
    b.position(meta);
    b.put(new byte[] {'A', 'S', 'E', 'V'}).putInt(16 + 12 * sections.length).putInt(1).putInt(sections.length);
    for (long[] s : sections) {
      b.putInt((int) s[0]).putInt((int) s[1]).putInt((int) s[2]);
    }
    int footer = size - 32 - 18;
    int at = footer;
    at = entry(b, at, "dc886566-984a-4798-a75e-5585a7bf67cc", size - meta, -1);
    at = entry(b, at, "00f771de-1a7e-4fcb-890e-68c77e2fb44e", 0x80b004, -1);
    at = entry(b, at, "7255371f-3a3b-4b04-927b-1da6efa8d454", 0x80fc00, 0x400);
    b.putShort(footer, (short) (footer - at + 18));
    putGuid(b, footer + 2, "96b582de-1fb2-45f7-baea-a366c55a082d");
    return image;
  }

  /** Writes one footer entry ending at {@code end}; returns where it starts. */
  private static int entry(ByteBuffer b, int end, String guid, long value, long second) {
    int dataLength = second < 0 ? 4 : 8;
    int start = end - 18 - dataLength;
    b.putInt(start, (int) value);
    if (second >= 0) {
      b.putInt(start + 4, (int) second);
    }
    b.putShort(end - 18, (short) (dataLength + 18));
    putGuid(b, end - 16, guid);
    return start;
  }

  private static void putGuid(ByteBuffer b, int at, String guid) {
    UUID u = UUID.fromString(guid);
    long msb = u.getMostSignificantBits();
    b.order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) (msb >>> 32)).putShort(at + 4, (short) (msb >>> 16))
        .putShort(at + 6, (short) msb);
    b.order(ByteOrder.BIG_ENDIAN).putLong(at + 8, u.getLeastSignificantBits());
    b.order(ByteOrder.LITTLE_ENDIAN);
  }
}
