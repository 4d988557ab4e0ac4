package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECPoint;

/** Verification's interleaved multiplication against Bouncy Castle's reference arithmetic. */
class PublicMultiplierTest {

  @Property(tries = 300)
  void uAndVEqualTheReference(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] y,
      @ForAll @Size(32) byte[] h, @ForAll @Size(32) byte[] gamma, @ForAll @Size(32) byte[] s,
      @ForAll @Size(16) byte[] c) {
    Ecvrf vrf = Ecvrf.of(suite);
    BigInteger n = vrf.order();
    ECPoint pY = vrf.generator().multiply(SecretMultiplierTest.scalar(vrf, y)).normalize();
    ECPoint pH = vrf.generator().multiply(SecretMultiplierTest.scalar(vrf, h)).normalize();
    ECPoint pGamma = vrf.generator().multiply(SecretMultiplierTest.scalar(vrf, gamma)).normalize();
    BigInteger sv = new BigInteger(1, s).mod(n);
    BigInteger cv = new BigInteger(1, c);
    PublicMultiplier m = new PublicMultiplier(vrf.curve(), vrf.generator());
    for (int width : new int[] {PublicMultiplier.VARIABLE_WIDTH, PublicMultiplier.FIXED_WIDTH}) {
      PublicMultiplier.Table negY = m.tables(width, pY)[0].negated();
      ECPoint[] uv = m.uv(sv, cv, negY, pH, pGamma);
      assertThat(uv[0].normalize())
          .isEqualTo(vrf.generator().multiply(sv).subtract(pY.multiply(cv)).normalize());
      assertThat(uv[1].normalize()).isEqualTo(pH.multiply(sv).subtract(pGamma.multiply(cv)).normalize());
    }
  }

  @Property(tries = 50)
  void edgeScalarsZeroAndMaximal(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] y) {
    Ecvrf vrf = Ecvrf.of(suite);
    BigInteger n = vrf.order();
    ECPoint pY = vrf.generator().multiply(SecretMultiplierTest.scalar(vrf, y)).normalize();
    PublicMultiplier m = new PublicMultiplier(vrf.curve(), vrf.generator());
    PublicMultiplier.Table negY = m.tables(PublicMultiplier.VARIABLE_WIDTH, pY)[0].negated();
    BigInteger maxC = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    for (BigInteger sv : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, n.subtract(BigInteger.ONE)}) {
      for (BigInteger cv : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, maxC}) {
        ECPoint[] uv = m.uv(sv, cv, negY, pY, vrf.generator());
        assertThat(uv[0].normalize())
            .isEqualTo(vrf.generator().multiply(sv).subtract(pY.multiply(cv)).normalize());
        assertThat(uv[1].normalize())
            .isEqualTo(pY.multiply(sv).subtract(vrf.generator().multiply(cv)).normalize());
      }
    }
  }
}
