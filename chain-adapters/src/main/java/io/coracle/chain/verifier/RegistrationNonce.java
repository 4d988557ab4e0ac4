package io.coracle.chain.verifier;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.bundle.EvidenceBundle;
import java.math.BigInteger;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The nonce an enclave binds into registration evidence: the hash of a recent block, named in the
 * bundle's aux entries. A verifier checks that the chain has that block and that it is recent, so
 * evidence cannot be prepared in advance or replayed later, without any round trip to the enclave.
 */
public record RegistrationNonce(long blockNumber, byte[] blockHash) {
  public static final String AUX_BLOCK = "coracle.nonce-block";
  public static final String AUX_HASH = "coracle.nonce-hash";

  public RegistrationNonce {
    if (blockHash.length != 32) {
      throw new IllegalArgumentException("a block hash is 32 bytes");
    }
    blockHash = blockHash.clone();
  }

  @Override
  public byte[] blockHash() {
    return blockHash.clone();
  }

  /** The same bundle with the nonce recorded in its aux entries. */
  public EvidenceBundle attachTo(EvidenceBundle b) {
    TreeMap<String, Bytes> aux = new TreeMap<>(b.aux());
    aux.put(AUX_BLOCK, Bytes.of(BigInteger.valueOf(blockNumber).toByteArray()));
    aux.put(AUX_HASH, Bytes.of(blockHash));
    return new EvidenceBundle(b.report(), b.vek(), b.ask(), b.ark(), b.provider(), b.collectedAt(), aux);
  }

  public static Optional<RegistrationNonce> of(EvidenceBundle b) {
    Bytes block = b.aux().get(AUX_BLOCK);
    Bytes hash = b.aux().get(AUX_HASH);
    if (block == null || hash == null || block.length() == 0 || block.length() > 8 || hash.length() != 32) {
      return Optional.empty();
    }
    return Optional.of(new RegistrationNonce(new BigInteger(1, block.toArray()).longValueExact(), hash.toArray()));
  }
}
