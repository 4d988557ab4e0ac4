package io.coracle.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The signer must produce web3j's bytes exactly (same RFC 6979 nonce, low s, same v), for legacy
 * (EIP-155) and EIP-1559 transactions, and the node must recover the sender from them.
 */
class TransactionSignerTest {
  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  @Provide
  Arbitrary<BigInteger> privateKeys() {
    return Arbitraries.bigIntegers().between(BigInteger.ONE, N.subtract(BigInteger.ONE)).edgeCases(e -> e.includeOnly(BigInteger.ONE, N.subtract(BigInteger.ONE)));
  }

  @Provide
  Arbitrary<String> calldata() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(600).map(Numeric::toHexString);
  }

  @Property(tries = 300)
  void eip1559IsByteIdenticalToWeb3j(
      @ForAll("privateKeys") BigInteger key,
      @ForAll @LongRange(min = 1, max = 1L << 40) long chainId,
      @ForAll @LongRange(min = 0, max = 1L << 40) long nonce,
      @ForAll("calldata") String data,
      @ForAll @IntRange(min = 21_000, max = 30_000_000) int gas) {
    RawTransaction raw = RawTransaction.createTransaction(
        chainId, BigInteger.valueOf(nonce), BigInteger.valueOf(gas), "0x00000000000000000000000000000000000000aa",
        BigInteger.valueOf(nonce % 7), data, BigInteger.valueOf(1_500_000_000L), BigInteger.valueOf(gas).shiftLeft(20));
    ECKeyPair pair = ECKeyPair.create(key);
    byte[] ours = new TransactionSigner(pair).sign(raw, chainId);
    assertThat(Numeric.toHexString(ours))
        .isEqualTo(Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, Credentials.create(pair))));
  }

  @Property(tries = 300)
  void legacyEip155IsByteIdenticalToWeb3j(
      @ForAll("privateKeys") BigInteger key,
      @ForAll @LongRange(min = 1, max = 1L << 40) long chainId,
      @ForAll @LongRange(min = 0, max = 1L << 40) long nonce,
      @ForAll("calldata") String data) {
    RawTransaction raw = RawTransaction.createTransaction(
        BigInteger.valueOf(nonce), BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(500_000),
        "0x00000000000000000000000000000000000000bb", BigInteger.ZERO, data);
    ECKeyPair pair = ECKeyPair.create(key);
    byte[] ours = new TransactionSigner(pair).sign(raw, chainId);
    assertThat(Numeric.toHexString(ours))
        .isEqualTo(Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, Credentials.create(pair))));
  }

  @Property(tries = 500)
  void theRecoveryIdNamesTheSigner(@ForAll("privateKeys") BigInteger key, @ForAll byte[] message) {
    ECKeyPair pair = ECKeyPair.create(key);
    byte[] hash = Hash.sha3(message);
    Sign.SignatureData sig = new TransactionSigner(pair).signHash(hash);
    assertThat(new BigInteger(1, sig.getS())).isLessThanOrEqualTo(N.shiftRight(1));
    assertThat(sig.getV()[0]).isIn((byte) 27, (byte) 28);
    assertThat(recover(sig, hash)).isEqualTo(pair.getPublicKey());
    assertThat(sig.getV()).isEqualTo(Sign.signMessage(hash, pair, false).getV());
  }

  @Test
  void theNodeRecoversTheSenderFromASignedTransaction() throws Exception {
    ECKeyPair pair = ECKeyPair.create(BigInteger.valueOf(0xC0AC1EL));
    RawTransaction raw = RawTransaction.createTransaction(
        1337L, BigInteger.TEN, BigInteger.valueOf(100_000), "0x00000000000000000000000000000000000000cc",
        BigInteger.ONE, "0x1234", BigInteger.ONE, BigInteger.TWO);
    SignedRawTransaction decoded =
        (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(new TransactionSigner(pair).sign(raw, 1337L)));
    assertThat(decoded.getFrom()).isEqualTo(Credentials.create(pair).getAddress());
  }

  @Test
  void refusesWhatIsNotAKeyAndNeverPrintsOne() {
    assertThatThrownBy(() -> new TransactionSigner(ECKeyPair.create(BigInteger.ZERO))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransactionSigner(ECKeyPair.create(N))).isInstanceOf(IllegalArgumentException.class);
    BigInteger key = BigInteger.valueOf(0xC0AC1EL);
    assertThat(new TransactionSigner(ECKeyPair.create(key)).toString()).doesNotContain(key.toString(16)).doesNotContain(key.toString());
  }

  private static BigInteger recover(Sign.SignatureData sig, byte[] hash) {
    try {
      return Sign.signedMessageHashToKey(hash, sig);
    } catch (java.security.SignatureException e) {
      throw new AssertionError(e);
    }
  }
}
