package io.coracle.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TokenAmountsTest {
  @Test
  void humanAmountsAndPricesBecomeBaseUnits() {
    assertThat(TokenAmounts.toBaseUnits("1.5", 18)).isEqualTo(new BigInteger("1500000000000000000"));
    assertThat(TokenAmounts.toBaseUnits("10000", 6)).isEqualTo(BigInteger.valueOf(10_000_000_000L));
    assertThat(TokenAmounts.toHuman(new BigInteger("1500000000000000000"), 18)).isEqualTo("1.5");
    // 2,400 USDC (6 decimals) per WETH (18): 2.4e-9 base units of USDC per base unit of WETH
    assertThat(TokenAmounts.rawPrice("2400", 18, 6)).isEqualTo("0.0000000024");
    assertThat(TokenAmounts.rawPrice("2400", 18, 18)).isEqualTo("2400");
  }

  @Test
  void refusesWhatCannotBeAnAmount() {
    assertThatThrownBy(() -> TokenAmounts.toBaseUnits("1.0000001", 6)).hasMessageContaining("more than 6 decimals");
    assertThatThrownBy(() -> TokenAmounts.toBaseUnits("0", 18)).hasMessageContaining("positive");
    assertThatThrownBy(() -> TokenAmounts.toBaseUnits("-1", 18)).hasMessageContaining("positive");
    assertThatThrownBy(() -> TokenAmounts.toBaseUnits("one", 18)).hasMessageContaining("not a decimal");
    assertThatThrownBy(() -> TokenAmounts.rawPrice("x", 18, 18)).hasMessageContaining("not a decimal");
  }

  @Property(tries = 200)
  void roundTrips(@ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long units, @ForAll @IntRange(min = 0, max = 30) int decimals) {
    BigInteger u = BigInteger.valueOf(units);
    assertThat(TokenAmounts.toBaseUnits(TokenAmounts.toHuman(u, decimals), decimals)).isEqualTo(u);
  }
}
