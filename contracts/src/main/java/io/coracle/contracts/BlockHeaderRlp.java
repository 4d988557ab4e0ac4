package io.coracle.contracts;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * The RLP encoding of a block header (London and Shanghai fields), whose keccak-256 is the block
 * hash. {@code BlockhashStore.storeVerifyHeader(n, header)} accepts the header of block n+1 as
 * proof of the hash of block n (its parent hash), so a request older than 256 blocks can still be
 * fulfilled.
 */
public final class BlockHeaderRlp {
  private BlockHeaderRlp() {}

  /**
   * Encodes the header of {@code b}; checks that it hashes to the block's hash, so a node that
   * returns a field we do not know about is caught here rather than by a reverted transaction.
   */
  public static byte[] encode(EthBlock.Block b) {
    byte[] rlp = encodeUnchecked(b);
    byte[] hash = Hash.sha3(rlp);
    if (!Arrays.equals(hash, Numeric.hexStringToByteArray(b.getHash()))) {
      throw new IllegalStateException(
          "header of block " + b.getNumber() + " does not re-encode to its hash (node with header fields this code does not know)");
    }
    return rlp;
  }

  /** The encoding without checking it against the block's hash. */
  static byte[] encodeUnchecked(EthBlock.Block b) {
    List<RlpType> f = new ArrayList<>();
    f.add(bytes(b.getParentHash()));
    f.add(bytes(b.getSha3Uncles()));
    f.add(bytes(b.getMiner()));
    f.add(bytes(b.getStateRoot()));
    f.add(bytes(b.getTransactionsRoot()));
    f.add(bytes(b.getReceiptsRoot()));
    f.add(bytes(b.getLogsBloom()));
    f.add(number(b.getDifficulty()));
    f.add(number(b.getNumber()));
    f.add(number(b.getGasLimit()));
    f.add(number(b.getGasUsed()));
    f.add(number(b.getTimestamp()));
    f.add(bytes(b.getExtraData()));
    f.add(bytes(b.getMixHash()));
    // The nonce is a fixed 8-byte string, whatever the node trims it to.
    f.add(RlpString.create(Numeric.toBytesPadded(
        new BigInteger(b.getNonceRaw() == null ? "0" : Numeric.cleanHexPrefix(b.getNonceRaw()), 16), 8)));
    if (b.getBaseFeePerGasRaw() != null) {
      f.add(number(b.getBaseFeePerGas()));
    }
    if (b.getWithdrawalsRoot() != null) {
      f.add(bytes(b.getWithdrawalsRoot()));
    }
    // Cancun adds blobGasUsed, excessBlobGas and parentBeaconBlockRoot together; Web3j reports a
    // zero blobGasUsed even when the node sent none, so the beacon root decides.
    if (b.getParentBeaconBlockRoot() != null) {
      f.add(number(b.getBlobGasUsed()));
      f.add(number(b.getExcessBlobGas()));
      f.add(bytes(b.getParentBeaconBlockRoot()));
    }
    return RlpEncoder.encode(new RlpList(f));
  }

  private static RlpString bytes(String hex) {
    return RlpString.create(Numeric.hexStringToByteArray(hex == null ? "0x" : hex));
  }

  private static RlpString number(BigInteger v) {
    return RlpString.create(v == null ? BigInteger.ZERO : v);
  }
}
