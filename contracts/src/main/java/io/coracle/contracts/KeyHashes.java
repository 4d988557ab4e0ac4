package io.coracle.contracts;

import io.coracle.vrf.VrfPublicKey;
import org.web3j.crypto.Hash;

/**
 * The on-chain identifier of a VRF key, as the coordinator and the attestation registry compute
 * it: keccak256 of the 33-byte SEC1 compressed public key (RFC 9381's PK_string, the encoding the
 * suite itself hashes). Uncompressed or otherwise re-encoded keys give other hashes, so there is
 * exactly one keyHash per key.
 */
public final class KeyHashes {
  private KeyHashes() {}

  /**
   * @param compressedVrfPublicKey 33 bytes, prefix 0x02 or 0x03
   * @throws IllegalArgumentException for any other length or prefix
   */
  public static byte[] of(byte[] compressedVrfPublicKey) {
    if (compressedVrfPublicKey == null || compressedVrfPublicKey.length != 33
        || (compressedVrfPublicKey[0] != 0x02 && compressedVrfPublicKey[0] != 0x03)) {
      throw new IllegalArgumentException("a VRF public key for a keyHash must be 33 bytes, SEC1 compressed (0x02/0x03 prefix)");
    }
    return Hash.sha3(compressedVrfPublicKey);
  }

  public static byte[] of(VrfPublicKey key) {
    return of(key.encoded());
  }
}
