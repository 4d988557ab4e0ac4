package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The constant-time combs (secp256k1's own, and the generic one on Bouncy Castle's arithmetic)
 * against Bouncy Castle's reference multiplication.
 */
class SecretMultiplierTest {
  private static final BigInteger K1_LAMBDA =
      new BigInteger("5363ad4cc05c30e0a5261c028812645a122e22ea20816678df02967c1b23bd72", 16);

  static BigInteger scalar(Ecvrf vrf, byte[] bytes) {
    return new BigInteger(1, bytes).mod(vrf.order().subtract(BigInteger.ONE)).add(BigInteger.ONE);
  }

  /** What prove uses on the suite, and the generic comb with other widths. */
  static List<SecretArithmetic> multipliers(Ecvrf vrf) {
    return List.of(vrf.secretArithmetic(),
        SecretMultiplier.plain(vrf.curve(), 4), SecretMultiplier.plain(vrf.curve(), 6));
  }

  @Test
  void secp256k1HasItsOwnArithmeticAndP256UsesTheGenericComb() {
    assertThat(Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI).secretArithmetic())
        .isInstanceOf(Secp256k1SecretMultiplier.class);
    assertThat(Ecvrf.of(EcvrfSuite.P256_SHA256_TAI).secretArithmetic())
        .isInstanceOf(SecretMultiplier.class);
  }

  @Property(tries = 300)
  void combEqualsReferenceMultiplication(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] base,
      @ForAll @Size(32) byte[] a, @ForAll @Size(32) byte[] b) {
    Ecvrf vrf = Ecvrf.of(suite);
    ECPoint p = vrf.generator().multiply(scalar(vrf, base)).normalize();
    BigInteger ka = scalar(vrf, a);
    BigInteger kb = scalar(vrf, b);
    for (SecretArithmetic m : multipliers(vrf)) {
      ECPoint[] r = m.multiply(p, ka, kb);
      assertThat(r[0].normalize()).isEqualTo(p.multiply(ka).normalize());
      assertThat(r[1].normalize()).isEqualTo(p.multiply(kb).normalize());
    }
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void publicEntryPointChecksItsArguments(EcvrfSuite suite) {
    Ecvrf vrf = Ecvrf.of(suite);
    ECPoint p = vrf.generator().multiply(BigInteger.TEN);
    assertThat(vrf.multiplySecret(p, BigInteger.TWO, BigInteger.ONE)[0].normalize())
        .isEqualTo(p.multiply(BigInteger.TWO).normalize());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> vrf.multiplySecret(p, BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> vrf.multiplySecret(p, vrf.order()))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> vrf.multiplySecret(vrf.curve().getInfinity(), BigInteger.ONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(EcvrfSuite.class)
  void edgeScalars(EcvrfSuite suite) {
    Ecvrf vrf = Ecvrf.of(suite);
    BigInteger n = vrf.order();
    List<BigInteger> scalars = new ArrayList<>();
    for (long small = 1; small <= 20; small++) {
      scalars.add(BigInteger.valueOf(small));
      scalars.add(n.subtract(BigInteger.valueOf(small)));
    }
    for (int bits : new int[] {64, 127, 128, 129, 130, 192, 255}) {
      BigInteger pow = BigInteger.ONE.shiftLeft(bits);
      scalars.add(pow.mod(n));
      scalars.add(pow.subtract(BigInteger.ONE).mod(n));
      scalars.add(pow.add(BigInteger.ONE).mod(n));
    }
    scalars.add(n.shiftRight(1));
    scalars.add(n.shiftRight(1).add(BigInteger.ONE));
    // Scalars whose GLV halves sit at the edges: multiples and neighbours of lambda.
    for (int i = 1; i <= 4; i++) {
      BigInteger l = K1_LAMBDA.multiply(BigInteger.valueOf(i)).mod(n);
      scalars.add(l);
      scalars.add(l.add(BigInteger.ONE).mod(n));
      scalars.add(n.subtract(l));
    }
    scalars.removeIf(k -> k.signum() == 0);
    ECPoint p = vrf.generator().multiply(BigInteger.valueOf(0x5eed)).normalize();
    for (SecretArithmetic m : multipliers(vrf)) {
      ECPoint[] r = m.multiply(p, scalars.toArray(BigInteger[]::new));
      for (int i = 0; i < r.length; i++) {
        assertThat(r[i].normalize()).as("k = %s", scalars.get(i).toString(16))
            .isEqualTo(p.multiply(scalars.get(i)).normalize());
      }
    }
  }
}
