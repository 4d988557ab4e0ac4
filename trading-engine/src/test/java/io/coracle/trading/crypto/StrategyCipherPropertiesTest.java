package io.coracle.trading.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Over random keys, bindings and plaintexts: encryption round-trips; any mutation of one byte, any
 * other binding and any random byte string is refused as a value (never an exception, never another
 * plaintext).
 */
class StrategyCipherPropertiesTest {
  private static final BigInteger N = new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  @Provide
  Arbitrary<BigInteger> secrets() {
    return Arbitraries.bigIntegers().between(BigInteger.ONE, N.subtract(BigInteger.ONE));
  }

  @Provide
  Arbitrary<IntentBinding> bindings() {
    return Arbitraries.bytes().array(byte[].class).ofSize(52).map(b ->
        new IntentBinding(java.util.Arrays.copyOf(b, 32), java.util.Arrays.copyOfRange(b, 32, 52)));
  }

  @Property(tries = 60)
  void roundTrips(@ForAll("secrets") BigInteger secret, @ForAll("bindings") IntentBinding binding, @ForAll @Size(max = 600) byte[] plaintext) {
    StrategyDecryptor d = new StrategyDecryptor(secret);
    byte[] envelope = new StrategyEncryptor(d.publicKey(), new SecureRandom()).encrypt(plaintext, binding);
    DecryptionResult r = d.decrypt(envelope, binding);
    assertThat(r).isInstanceOf(DecryptionResult.Decrypted.class);
    assertThat(((DecryptionResult.Decrypted) r).plaintext()).isEqualTo(plaintext);
  }

  @Property(tries = 150)
  void anyOneByteMutationIsRefused(
      @ForAll("secrets") BigInteger secret,
      @ForAll("bindings") IntentBinding binding,
      @ForAll @Size(max = 200) byte[] plaintext,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int mask) {
    StrategyDecryptor d = new StrategyDecryptor(secret);
    byte[] envelope = new StrategyEncryptor(d.publicKey(), new SecureRandom()).encrypt(plaintext, binding);
    envelope[position % envelope.length] ^= (byte) mask;
    assertThat(d.decrypt(envelope, binding)).isInstanceOf(DecryptionResult.Failed.class);
  }

  @Property(tries = 60)
  void anotherBindingOrKeyIsRefused(
      @ForAll("secrets") BigInteger secret,
      @ForAll("secrets") BigInteger otherSecret,
      @ForAll("bindings") IntentBinding binding,
      @ForAll("bindings") IntentBinding other,
      @ForAll @Size(max = 100) byte[] plaintext) {
    StrategyDecryptor d = new StrategyDecryptor(secret);
    byte[] envelope = new StrategyEncryptor(d.publicKey(), new SecureRandom()).encrypt(plaintext, binding);
    if (!other.equals(binding)) assertThat(d.decrypt(envelope, other)).isInstanceOf(DecryptionResult.Failed.class);
    if (!otherSecret.equals(secret)) assertThat(new StrategyDecryptor(otherSecret).decrypt(envelope, binding)).isInstanceOf(DecryptionResult.Failed.class);
  }

  @Property(tries = 200)
  void randomBytesAreRefusedAsValues(@ForAll("bindings") IntentBinding binding, @ForAll @Size(max = 5_000) byte[] junk) {
    assertThat(new StrategyDecryptor(BigInteger.valueOf(12345)).decrypt(junk, binding)).isInstanceOf(DecryptionResult.Failed.class);
  }
}
