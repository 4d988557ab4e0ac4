package io.coracle.deploy.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class GuestContextTest {

  @Test
  void rejectsUnalignedAddressesAndLengths() {
    GuestContext gctx = GuestContext.start();
    assertThatThrownBy(() -> gctx.updateNormalPages(0x10, new byte[4096])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gctx.updateNormalPages(0, new byte[100])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gctx.updateContentlessPages(PageType.ZERO, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gctx.updateContentlessPages(PageType.NORMAL, 0, 4096))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gctx.updateVmsaPage(new byte[4095])).isInstanceOf(IllegalArgumentException.class);
    assertThat(gctx.digest()).isEqualTo(LaunchDigest.zero());
  }

  @Property(tries = 100)
  void pagesAreMeasuredOneByOne(@ForAll @Size(3 * 4096) byte[] data, @ForAll @LongRange(max = 1L << 40) long page) {
    long gpa = page * 4096;
    GuestContext whole = GuestContext.start();
    whole.updateNormalPages(gpa, data);
    GuestContext byPage = GuestContext.start();
    for (int i = 0; i < 3; i++) {
      byPage.updateNormalPages(gpa + 4096L * i, data, 4096 * i, 4096);
    }
    assertThat(byPage.digest()).isEqualTo(whole.digest());
  }

  @Property(tries = 200)
  void everyBitOfEveryPageCounts(@ForAll @Size(2 * 4096) byte[] data, @ForAll @IntRange(max = 2 * 4096 - 1) int at,
      @ForAll @IntRange(max = 7) int bit) {
    GuestContext original = GuestContext.start();
    original.updateNormalPages(0x800000, data);
    data[at] ^= (byte) (1 << bit);
    GuestContext flipped = GuestContext.start();
    flipped.updateNormalPages(0x800000, data);
    assertThat(flipped.digest()).isNotEqualTo(original.digest());
  }

  @Property(tries = 200)
  void addressAndTypeCount(@ForAll @LongRange(max = 1L << 30) long a, @ForAll @LongRange(max = 1L << 30) long b) {
    GuestContext first = GuestContext.start();
    first.updateContentlessPages(PageType.ZERO, a * 4096, 4096);
    GuestContext second = GuestContext.start();
    second.updateContentlessPages(PageType.ZERO, b * 4096, 4096);
    GuestContext secrets = GuestContext.start();
    secrets.updateContentlessPages(PageType.SECRETS, a * 4096, 4096);
    assertThat(first.digest().equals(second.digest())).isEqualTo(a == b);
    assertThat(secrets.digest()).isNotEqualTo(first.digest());
  }

  @Test
  void launchDigestsAreValues() {
    LaunchDigest d = LaunchDigest.fromHex("0x" + "ab".repeat(48));
    assertThat(d).isEqualTo(LaunchDigest.fromHex("AB".repeat(48))).hasSameHashCodeAs(LaunchDigest.fromHex("ab".repeat(48)));
    byte[] bytes = d.bytes();
    bytes[0] = 0;
    assertThat(d.hex()).startsWith("abab");
    assertThatThrownBy(() -> LaunchDigest.fromHex("ab")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LaunchDigest(new byte[47])).isInstanceOf(IllegalArgumentException.class);
  }
}
