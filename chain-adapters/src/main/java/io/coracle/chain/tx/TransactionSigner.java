package io.coracle.chain.tx;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs transactions exactly as web3j's {@code TransactionEncoder.signMessage(raw, chainId,
 * credentials)} does (RFC 6979 nonces, low s, EIP-155 for legacy transactions, the same bytes),
 * without its public-key recovery: web3j finds {@code v} by recovering the key from the signature
 * up to four times, each a double multiplication that costs more than the signature. Here
 * {@code v} comes from the nonce point R itself (its y parity, and whether its x exceeded the
 * order), which the signature already computed.
 *
 * <p>k*G uses Bouncy Castle's fixed-base comb, as web3j's signer (Bouncy Castle's ECDSASigner)
 * does: a regular multiplication over a table of the public generator. The key never leaves this
 * object and is never printed.
 */
public final class TransactionSigner {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = CURVE.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final FixedPointCombMultiplier BASE = new FixedPointCombMultiplier();

  private final BigInteger privateKey;

  public TransactionSigner(ECKeyPair keyPair) {
    this.privateKey = keyPair.getPrivateKey();
    if (privateKey.signum() <= 0 || privateKey.compareTo(N) >= 0) {
      throw new IllegalArgumentException("not a secp256k1 private key");
    }
  }

  /** The signed transaction's bytes: what {@code eth_sendRawTransaction} takes. */
  public byte[] sign(RawTransaction raw, long chainId) {
    if (raw.getType().isEip1559()) {
      // Typed transactions carry the chain id inside; v is the bare recovery id.
      return TransactionEncoder.encode(raw, signHash(Hash.sha3(TransactionEncoder.encode(raw))));
    }
    Sign.SignatureData signature = signHash(Hash.sha3(TransactionEncoder.encode(raw, chainId)));
    return TransactionEncoder.encode(raw, TransactionEncoder.createEip155SignatureData(signature, chainId));
  }

  @Override
  public String toString() {
    return "TransactionSigner[key hidden]";
  }

  /** ECDSA over a 32-byte hash, as Bouncy Castle's ECDSASigner with RFC 6979 k, then low s; v = 27 + recovery id. */
  Sign.SignatureData signHash(byte[] hash) {
    BigInteger e = new BigInteger(1, hash);
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, privateKey, hash);
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint p = BASE.multiply(CURVE.getG(), k).normalize();
      BigInteger x = p.getAffineXCoord().toBigInteger();
      BigInteger r = x.mod(N);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = BigIntegers.modOddInverse(N, k).multiply(e.add(privateKey.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      // Recovery id: bit 0 is R's y parity, bit 1 says x was reduced (x >= n).
      int recId = (p.getAffineYCoord().testBitZero() ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
      if (s.compareTo(HALF_N) > 0) {
        // Low s (EIP-2): -s signs with -R, whose y parity is the opposite.
        s = N.subtract(s);
        recId ^= 1;
      }
      return new Sign.SignatureData(
          (byte) (27 + recId), Numeric.toBytesPadded(r, 32), Numeric.toBytesPadded(s, 32));
    }
  }
}
