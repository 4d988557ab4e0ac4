package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * prove, with its dedicated arithmetic, gives byte for byte the proof of a plain RFC 9381 prover
 * written here on Bouncy Castle's reference operations only (BC's square root through the
 * encode_to_curve trace, {@code ECPoint.multiply}, BigInteger for s).
 */
class ProveReferenceTest {

  static byte[] referenceProve(Ecvrf vrf, VrfSecretKey sk, byte[] alpha) {
    BigInteger n = vrf.order();
    BigInteger x = new BigInteger(1, sk.toBytes());
    byte[] pk = sk.publicKey().encoded();
    ECPoint h = vrf.encodeToCurveTrace(pk, alpha).h();
    byte[] hString = h.getEncoded(true);
    BigInteger k = vrf.nonce(x, hString);
    ECPoint gamma = h.multiply(x).normalize();
    ECPoint u = vrf.generator().multiply(k).normalize();
    ECPoint v = h.multiply(k).normalize();
    BigInteger c = vrf.challenge(sk.publicKey().point(), h, gamma, u, v);
    BigInteger s = k.add(c.multiply(x)).mod(n);
    byte[] pi = new byte[81];
    System.arraycopy(gamma.getEncoded(true), 0, pi, 0, 33);
    BigIntegers.asUnsignedByteArray(c, pi, 33, 16);
    BigIntegers.asUnsignedByteArray(s, pi, 49, 32);
    return pi;
  }

  @Property(tries = 300)
  void proveEqualsTheReferenceProver(@ForAll EcvrfSuite suite, @ForAll @Size(32) byte[] seed,
      @ForAll @Size(max = 100) byte[] alpha) {
    Ecvrf vrf = Ecvrf.of(suite);
    VrfSecretKey sk = EcvrfPropertiesTest.key(vrf, seed);
    assertThat(vrf.prove(sk, alpha)).isEqualTo(referenceProve(vrf, sk, alpha));
  }

  @Property(tries = 100)
  void encodeToCurveFastPathEqualsTheTrace(@ForAll EcvrfSuite suite, @ForAll @Size(33) byte[] pk,
      @ForAll @Size(max = 64) byte[] alpha) {
    // The fast path's own square root (secp256k1) against BC's, through the trace.
    Ecvrf vrf = Ecvrf.of(suite);
    assertThat(vrf.encodeToCurve(pk, alpha).value()).isEqualTo(vrf.encodeToCurveTrace(pk, alpha).h());
  }
}
