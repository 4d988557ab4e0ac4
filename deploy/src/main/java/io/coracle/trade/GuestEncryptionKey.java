package io.coracle.trade;

import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.generated.AttestationRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * A guest's encryption key as the AttestationRegistry vouches for it: the key that M of N verifiers
 * approved, with the SEV-SNP evidence binding it, for a signer whose key set is active now. A trader
 * encrypts strategies only to a key found this way, never to one an oracle merely claims.
 *
 * <p>How: {@code activeKeyHashOf(signer)} must be non-zero (approved, unexpired, unrevoked, current
 * policy epoch); the latest {@code KeysActivated} of that key hash names its activation transaction,
 * whose {@code activateKeys(approval, signatures)} input holds the approved encryption key; the
 * approval must name the signer, hash to the key hash, carry the event's evidence hash, and be
 * registered ({@code isRegistered}).
 */
public record GuestEncryptionKey(String signer, String keyHash, byte[] encryptionPublicKey, long expiresAt, String activationTx) {

  /** Why no key could be vouched for, in one sentence. */
  public static final class Unverified extends Exception {
    public Unverified(String message) {
      super(message, null, false, false);
    }
  }

  public static GuestEncryptionKey fetch(Web3j web3j, String registryAddress, String signer) throws Unverified, IOException {
    AttestationRegistry registry = AttestationRegistry.load(registryAddress, web3j, new ReadonlyTransactionManager(web3j, signer),
        new DefaultGasProvider());
    byte[] keyHash;
    try {
      keyHash = registry.activeKeyHashOf(signer).send();
    } catch (Exception e) {
      throw new IOException("cannot ask the registry " + registryAddress + ": " + e.getMessage(), e);
    }
    if (keyHash == null || Arrays.equals(keyHash, new byte[32])) {
      throw new Unverified("signer " + signer + " has no active attested key set in the registry " + registryAddress);
    }
    String keyHashHex = Numeric.toHexString(keyHash);
    EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, registryAddress);
    filter.addSingleTopic(EventEncoder.encode(AttestationRegistry.KEYSACTIVATED_EVENT));
    filter.addSingleTopic(keyHashHex);
    EthLog logs = web3j.ethGetLogs(filter).send();
    if (logs.hasError() || logs.getLogs().isEmpty()) throw new Unverified("no KeysActivated event for key hash " + keyHashHex);
    Log activated = (Log) logs.getLogs().get(logs.getLogs().size() - 1).get();
    AttestationRegistry.KeysActivatedEventResponse event = AttestationRegistry.getKeysActivatedEventFromLog(activated);
    if (!event.signer.equalsIgnoreCase(signer)) throw new Unverified("the active key set of " + keyHashHex + " belongs to another signer");

    Transaction tx = web3j.ethGetTransactionByHash(activated.getTransactionHash()).send().getTransaction()
        .orElseThrow(() -> new Unverified("the activation transaction " + activated.getTransactionHash() + " is not available"));
    AttestationRegistry.KeyApproval approval = approvalIn(tx, registryAddress);
    if (!Arrays.equals(KeyHashes.of(approval.vrfPublicKey), keyHash)) throw new Unverified("the approval's VRF key does not hash to " + keyHashHex);
    if (!approval.signer.equalsIgnoreCase(signer)) throw new Unverified("the approval names another signer");
    if (!Arrays.equals(approval.evidenceHash, event.evidenceHash)) throw new Unverified("the approval's evidence is not the activated one");
    if (approval.encryptionPublicKey.length != 33 || (approval.encryptionPublicKey[0] != 2 && approval.encryptionPublicKey[0] != 3)) {
      throw new Unverified("the approved encryption key is not a compressed secp256k1 point");
    }
    boolean registered;
    try {
      registered = registry.isRegistered(keyHash, signer, Hash.sha3(approval.encryptionPublicKey), approval.evidenceHash).send();
    } catch (Exception e) {
      throw new IOException("cannot ask the registry: " + e.getMessage(), e);
    }
    if (!registered) throw new Unverified("the approved key tuple is not registered");
    return new GuestEncryptionKey(signer.toLowerCase(Locale.ROOT), keyHashHex, approval.encryptionPublicKey.clone(),
        approval.expiresAt.longValueExact(), activated.getTransactionHash());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static AttestationRegistry.KeyApproval approvalIn(Transaction tx, String registry) throws Unverified {
    String input = tx.getInput();
    String selector = VaultErrors.selector("activateKeys((bytes,address,bytes,bytes32,bytes,uint64,uint64),bytes[])");
    if (tx.getTo() == null || !tx.getTo().equalsIgnoreCase(registry) || input == null || !input.startsWith(selector)) {
      throw new Unverified("the key set was activated by a call this client cannot read (not a direct activateKeys)");
    }
    List<Type> decoded = FunctionReturnDecoder.decode("0x" + input.substring(selector.length()),
        (List) List.of(new TypeReference<AttestationRegistry.KeyApproval>() {}));
    if (decoded.isEmpty()) throw new Unverified("the activation input does not decode");
    return (AttestationRegistry.KeyApproval) decoded.get(0);
  }

  @Override
  public byte[] encryptionPublicKey() {
    return encryptionPublicKey.clone();
  }

  public String encryptionPublicKeyHex() {
    return Numeric.toHexString(encryptionPublicKey);
  }

}
