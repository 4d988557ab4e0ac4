package io.coracle.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * An EIP-712 domain (name, version, chainId, verifyingContract), as OpenZeppelin's EIP712 builds
 * it. The chain id and the contract address make a signature worthless on any other chain or
 * deployment.
 */
public record Eip712Domain(String name, String version, BigInteger chainId, String verifyingContract) {
  /** The AttestationRegistry's domain name and version. */
  public static final String REGISTRY_NAME = "Coracle AttestationRegistry";
  public static final String REGISTRY_VERSION = "1";

  private static final byte[] DOMAIN_TYPEHASH = Hash.sha3(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)".getBytes(StandardCharsets.UTF_8));

  public Eip712Domain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(verifyingContract, "verifyingContract");
    if (Numeric.hexStringToByteArray(verifyingContract).length != 20) {
      throw new IllegalArgumentException("verifyingContract must be a 20-byte address");
    }
  }

  /** The domain of the AttestationRegistry deployed at {@code registry} on chain {@code chainId}. */
  public static Eip712Domain attestationRegistry(long chainId, String registry) {
    return new Eip712Domain(REGISTRY_NAME, REGISTRY_VERSION, BigInteger.valueOf(chainId), registry);
  }

  public byte[] separator() {
    return Hash.sha3(Abi.words(
        DOMAIN_TYPEHASH,
        Hash.sha3(name.getBytes(StandardCharsets.UTF_8)),
        Hash.sha3(version.getBytes(StandardCharsets.UTF_8)),
        Abi.uint(chainId),
        Abi.address(verifyingContract)));
  }

  /** keccak256(0x19 0x01 || domainSeparator || structHash): what gets signed. */
  public byte[] digest(byte[] structHash) {
    return Hash.sha3(Abi.concat(new byte[] {0x19, 0x01}, separator(), structHash));
  }
}
