package io.coracle.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.generated.Uint256;

class RevertReasonsTest {
  private final RevertReasons reasons =
      new RevertReasons().register("InvalidProof()").register("RequestNotFound(uint256)", new TypeReference<Uint256>() {});

  @Test
  void decodesErrorString() {
    // Error("no such request")
    String data = "0x08c379a0"
        + "0000000000000000000000000000000000000000000000000000000000000020"
        + "000000000000000000000000000000000000000000000000000000000000000f"
        + "6e6f2073756368207265717565737400000000000000000000000000000000";
    assertThat(reasons.decode(data + "00")).isEqualTo("no such request");
  }

  @Test
  void decodesPanics() {
    assertThat(reasons.decode("0x4e487b71" + "0".repeat(62) + "11")).isEqualTo("panic 0x11: arithmetic overflow or underflow");
  }

  @Test
  void decodesRegisteredCustomErrorsWithArguments() {
    String selector = org.web3j.crypto.Hash.sha3String("RequestNotFound(uint256)").substring(2, 10);
    assertThat(reasons.decode("0x" + selector + "0".repeat(62) + "2a")).isEqualTo("RequestNotFound(42)");
    String invalid = org.web3j.crypto.Hash.sha3String("InvalidProof()").substring(2, 10);
    assertThat(reasons.decode("0x" + invalid)).isEqualTo("InvalidProof()");
  }

  @Test
  void unknownDataIsShownNotDropped() {
    assertThat(reasons.decode("0xdeadbeef")).isEqualTo("reverted with data 0xdeadbeef");
    assertThat(reasons.decode("0x")).isEqualTo("reverted without a reason");
    assertThat(reasons.decode(null)).isEqualTo("reverted without a reason");
  }

  @Property(tries = 1000)
  void garbageNeverThrows(@ForAll String garbage) {
    assertThat(reasons.decode(garbage)).isNotNull();
    assertThat(reasons.decode("0x08c379a0" + garbage)).isNotNull();
  }
}
