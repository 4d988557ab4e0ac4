package io.coracle.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class FeePolicyTest {
  private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  private final FeePolicy policy = new FeePolicy(20, GWEI.multiply(BigInteger.valueOf(1000)), GWEI, BigInteger.ZERO);

  private static TxAttempt attempt(BigInteger maxFee, BigInteger tip) {
    return new TxAttempt("0x1", "0x", BigInteger.valueOf(21000), maxFee, tip, Instant.EPOCH);
  }

  @Test
  void eip1559FeesAreTwiceTheBaseFeePlusTheTip() {
    var fees = policy.initial(GWEI.multiply(BigInteger.TEN), GWEI.multiply(BigInteger.TWO), null);
    assertThat(fees.isEip1559()).isTrue();
    assertThat(fees.maxPriorityFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.TWO));
    assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(22)));
  }

  @Test
  void aBaseFeeNearZeroStillGetsTheHeadroomFloor() {
    var withFloor = new FeePolicy(20, GWEI.multiply(BigInteger.valueOf(1000)), GWEI, GWEI.multiply(BigInteger.TEN));
    // A decayed base fee of 11 wei: without the floor the max fee would be 1 gwei + 22 wei, and
    // a dozen full blocks later the transaction could no longer be mined.
    var fees = withFloor.initial(BigInteger.valueOf(11), GWEI, null);
    assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(11)));
    // A high base fee is unaffected by the floor.
    assertThat(withFloor.initial(GWEI.multiply(BigInteger.valueOf(30)), GWEI, null).maxFeePerGas())
        .isEqualTo(GWEI.multiply(BigInteger.valueOf(61)));
  }

  @Test
  void aMissingOrTinyTipIsRaisedToTheFloor() {
    assertThat(policy.initial(GWEI, null, null).maxPriorityFeePerGas()).isEqualTo(GWEI);
    assertThat(policy.initial(GWEI, BigInteger.ONE, null).maxPriorityFeePerGas()).isEqualTo(GWEI);
  }

  @Test
  void withoutABaseFeeTheNodesGasPriceIsUsed() {
    var fees = policy.initial(null, null, GWEI.multiply(BigInteger.valueOf(3)));
    assertThat(fees.isEip1559()).isFalse();
    assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(3)));
  }

  @Test
  void feesNeverExceedTheCap() {
    var fees = policy.initial(GWEI.multiply(BigInteger.valueOf(10_000)), GWEI, null);
    assertThat(fees.maxFeePerGas()).isEqualTo(policy.maxFeeCap());
    assertThat(policy.bump(attempt(policy.maxFeeCap(), GWEI), new FeePolicy.Fees(GWEI, GWEI))).isNull();
  }

  @Test
  void bumpsBelowTenPercentAreRefused() {
    assertThatThrownBy(() -> new FeePolicy(9, GWEI, GWEI, GWEI)).hasMessageContaining("at least 10%");
  }

  @Test
  void aBumpFollowsTheMarketWhenItRoseMoreThanTheBump() {
    var bumped = policy.bump(attempt(GWEI, GWEI), new FeePolicy.Fees(GWEI.multiply(BigInteger.TEN), GWEI.multiply(BigInteger.TWO)));
    assertThat(bumped.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.TEN));
    assertThat(bumped.maxPriorityFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.TWO));
  }

  /** Nodes accept a replacement only if both fee fields rise by at least 10%. */
  @Property(tries = 500)
  void everyBumpRaisesBothFieldsByAtLeastTenPercent(
      @ForAll @LongRange(min = 1, max = 900_000_000_000L) long maxFee,
      @ForAll @LongRange(min = 0, max = 900_000_000_000L) long tip,
      @ForAll @LongRange(min = 0, max = 900_000_000_000L) long marketFee) {
    long t = Math.min(tip, maxFee);
    var prev = attempt(BigInteger.valueOf(maxFee), BigInteger.valueOf(t));
    var bumped = policy.bump(prev, new FeePolicy.Fees(BigInteger.valueOf(marketFee), BigInteger.ZERO));
    if (bumped == null) {
      // refused only when a valid bump would break the cap
      BigInteger raised = BigInteger.valueOf(maxFee).multiply(BigInteger.valueOf(120)).add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
      assertThat(raised.max(BigInteger.valueOf(marketFee))).isGreaterThan(policy.maxFeeCap());
      return;
    }
    assertThat(bumped.maxFeePerGas().multiply(BigInteger.TEN)).isGreaterThanOrEqualTo(BigInteger.valueOf(maxFee).multiply(BigInteger.valueOf(11)));
    assertThat(bumped.maxPriorityFeePerGas().multiply(BigInteger.TEN)).isGreaterThanOrEqualTo(BigInteger.valueOf(t).multiply(BigInteger.valueOf(11)));
    assertThat(bumped.maxPriorityFeePerGas()).isLessThanOrEqualTo(bumped.maxFeePerGas());
    assertThat(bumped.maxFeePerGas()).isLessThanOrEqualTo(policy.maxFeeCap());
  }
}
