package io.coracle.oracle.vrf;

import io.coracle.contracts.ProofCalldataResult;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.oracle.keys.GuestKeys;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Proves randomness with the guest's VRF key. The seed is what the coordinator checks:
 * {@code alpha = keccak256(abi.encode(preSeed, blockhash(requestBlock)))}, so neither the requester
 * (who cannot choose the block hash) nor the operator (who cannot forge the proof) picks the output.
 */
@ApplicationScoped
public class RandomnessProver {
  private static final Ecvrf ECVRF = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);

  @Inject GuestKeys keys;
  private volatile String keyHash;

  /**
   * A proof and its output; {@code calldata} is the on-chain form built while proving (null for a
   * proof read back from the ledger, whose calldata is rebuilt from pi).
   */
  public record Proof(byte[] alpha, byte[] pi, byte[] beta, ProofCalldataResult calldata) {
    public Proof(byte[] alpha, byte[] pi, byte[] beta) {
      this(alpha, pi, beta, null);
    }

    public String alphaHex() {
      return "0x" + HexFormat.of().formatHex(alpha);
    }

    public String piHex() {
      return "0x" + HexFormat.of().formatHex(pi);
    }

    public String betaHex() {
      return "0x" + HexFormat.of().formatHex(beta);
    }
  }

  /** The coordinator's seed for a request: keccak256(abi.encode(preSeed, blockHash)). */
  public static byte[] alpha(BigInteger preSeed, String blockHash) {
    return VrfProofCalldata.requestAlpha(preSeed, HexFormat.of().parseHex(blockHash.startsWith("0x") ? blockHash.substring(2) : blockHash));
  }

  public Proof prove(BigInteger preSeed, String blockHash) {
    byte[] alpha = alpha(preSeed, blockHash);
    VrfProofCalldata.Proven proven = VrfProofCalldata.prove(keys.vrf(), alpha);
    byte[] beta = ECVRF.proofToHash(proven.pi()).value();
    return new Proof(alpha, proven.pi(), beta, proven.calldata());
  }

  /** The coordinator's and the registry's key hash: keccak256 of the 33-byte compressed key. */
  public String keyHash() {
    String h = keyHash;
    if (h == null) { // the key is fixed for the process's life; asked for twice per incoming event
      h = "0x" + HexFormat.of().formatHex(io.coracle.contracts.KeyHashes.of(keys.publicKeys().vrfCompressed()));
      keyHash = h;
    }
    return h;
  }

  public byte[] publicKeyCompressed() {
    return keys.publicKeys().vrfCompressed();
  }
}
