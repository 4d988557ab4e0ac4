package io.coracle.contracts.it;

import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.ContractSet;
import io.coracle.contracts.CoracleDeployer;
import io.coracle.contracts.DeploymentOptions;
import io.coracle.contracts.Eip712Domain;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.RandomnessRequest;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.BlockhashStore;
import io.coracle.contracts.generated.ECVRFVerifier;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfKeyPair;
import io.coracle.vrf.VrfSecretKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * A fresh deployment of the whole set with one enclave key registered and activated (2 of 3
 * verifiers), registered as proving key on the coordinator, and a funded subscription owned by
 * {@link #user}. Each test class builds its own, so classes never share contract state.
 */
final class World {
  static final Ecvrf ECVRF = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
  static final byte[] MEASUREMENT = filled(48, 0x5a);
  /** boot loader 3, TEE 0, SNP 8, microcode 115 in the Milan/Genoa layout (byte 0 .. byte 7). */
  static final long TCB = 0x7308000000000003L;
  static final long MIN_TCB = 0x7308000000000003L;
  static final BigInteger ONE_ETHER = BigInteger.TEN.pow(18);

  final Chain chain;
  final ContractSet set;
  final Credentials owner;
  final List<Credentials> verifiers;
  final Credentials enclaveSigner;
  final Credentials oracle;
  final Credentials payee;
  final Credentials user;
  final Credentials stranger;
  final VrfCoordinatorAs coordinatorAsOwner;
  final AttestationRegistry registry;
  final ECVRFVerifier verifier;
  final BlockhashStore blockhashStore;
  final VrfKeyPair key;
  final byte[] keyHash;
  final byte[] encryptionKey;
  final byte[] evidence;
  final BigInteger subId;

  World(Chain chain, DeploymentOptions options) throws Exception {
    this.chain = chain;
    this.owner = chain.account(0);
    this.verifiers = List.of(chain.account(1), chain.account(2), chain.account(3));
    this.enclaveSigner = chain.account(4);
    this.oracle = chain.account(5);
    this.payee = chain.account(6);
    this.user = chain.account(7);
    this.stranger = chain.account(8);
    this.set = CoracleDeployer.deploy(chain.web3j, owner, options.withGasPrice(Chain.GAS_PRICE), chain.tm(owner));
    this.coordinatorAsOwner = new VrfCoordinatorAs(this, owner);
    this.registry = AttestationRegistry.load(set.registry(), chain.web3j, chain.tm(owner), Chain.gas());
    this.verifier = ECVRFVerifier.load(set.verifier(), chain.web3j, chain.tm(owner), Chain.gas());
    this.blockhashStore = BlockhashStore.load(set.blockhashStore(), chain.web3j, chain.tm(owner), Chain.gas());

    registry.setMeasurementAllowed(MEASUREMENT, true).send();
    registry.setMinimumTcb(BigInteger.valueOf(MIN_TCB)).send();
    registry.setVerifiers(verifiers.stream().map(Credentials::getAddress).toList(), BigInteger.TWO).send();

    this.key = ECVRF.generateKeyPair(new SecureRandom());
    this.keyHash = KeyHashes.of(key.publicKey());
    this.encryptionKey = ECVRF.generateKeyPair(new SecureRandom()).publicKey().encoded();
    this.evidence = ("simulated evidence bundle for " + Numeric.toHexString(keyHash)).getBytes();
    activateKey(key.publicKey().encoded(), encryptionKey, evidence, enclaveSigner, chain.latestTimestamp() + 86_400);
    coordinatorAsOwner.get().registerProvingKey(key.publicKey().encoded(), payee.getAddress()).send();

    VRFCoordinator asUser = coordinator(user);
    TransactionReceipt created = asUser.createSubscription(ONE_ETHER.multiply(BigInteger.TEN)).send();
    this.subId = VRFCoordinator.getSubscriptionCreatedEvents(created).get(0).subId;
  }

  static World deploy(Chain chain) throws Exception {
    return new World(chain, DeploymentOptions.defaults());
  }

  /** Registers (as `signer`) and activates a key set with 2 of the 3 verifiers' approvals. */
  void activateKey(byte[] vrfPublicKey, byte[] encKey, byte[] evidenceBytes, Credentials signer, long expiresAt) throws Exception {
    AttestationRegistry asSigner = AttestationRegistry.load(set.registry(), chain.web3j, chain.tm(signer), Chain.gas());
    asSigner.registerKeys(vrfPublicKey, encKey, evidenceBytes).send();
    AttestationApproval approval = new AttestationApproval(vrfPublicKey, signer.getAddress(), encKey,
        AttestationApproval.evidenceHashOf(evidenceBytes), MEASUREMENT, TCB, expiresAt);
    registry.activateKeys(approval.toContractStruct(), approval.signAll(verifiers.subList(0, 2), domain())).send();
  }

  Eip712Domain domain() {
    return Eip712Domain.attestationRegistry(chain.chainId, set.registry());
  }

  VRFCoordinator coordinator(Credentials as) {
    return VRFCoordinator.load(set.coordinator(), chain.web3j, chain.tm(as), Chain.gas());
  }

  VRFCoordinator coordinator(Credentials as, long gasLimit) {
    return VRFCoordinator.load(set.coordinator(), chain.web3j, chain.tm(as), Chain.gas(gasLimit));
  }

  void addConsumer(String consumer) throws Exception {
    coordinator(user).addConsumer(subId, consumer).send();
  }

  /** The request announced in a receipt (the consumer's transaction). */
  static RandomnessRequest requestIn(TransactionReceipt receipt) {
    List<VRFCoordinator.RandomWordsRequestedEventResponse> events = VRFCoordinator.getRandomWordsRequestedEvents(receipt);
    if (events.size() != 1) throw new IllegalStateException("expected one RandomWordsRequested, got " + events.size());
    return RandomnessRequest.from(events.get(0));
  }

  /** What the oracle computes: the proof for a request, with the world's key. */
  VrfProofCalldata proofFor(RandomnessRequest request) {
    return proofFor(request, key.secretKey());
  }

  VrfProofCalldata proofFor(RandomnessRequest request, VrfSecretKey secretKey) {
    byte[] alpha = request.alpha(chain.blockHash(request.blockNum()));
    byte[] pi = ECVRF.prove(secretKey, alpha);
    return VrfProofCalldata.from(secretKey.publicKey().encoded(), alpha, pi).calldata();
  }

  /** The fulfillRandomWords call data for a request. */
  String fulfilData(byte[] proof, RandomnessRequest request) {
    return coordinator(oracle).fulfillRandomWords(proof, request.toCommitment()).encodeFunctionCall();
  }

  TransactionReceipt fulfil(RandomnessRequest request) throws Exception {
    return fulfil(proofFor(request).proof(), request, 3_000_000);
  }

  TransactionReceipt fulfil(byte[] proof, RandomnessRequest request, long gasLimit) {
    return chain.send(oracle, set.coordinator(), fulfilData(proof, request), BigInteger.valueOf(gasLimit));
  }

  /** The custom error a fulfilment would revert with (null if it would succeed). */
  String fulfilRevert(byte[] proof, RandomnessRequest request) {
    return chain.revertSelector(oracle.getAddress(), set.coordinator(), fulfilData(proof, request));
  }

  static VRFCoordinator.RandomWordsFulfilledEventResponse fulfilledIn(TransactionReceipt receipt) {
    List<VRFCoordinator.RandomWordsFulfilledEventResponse> events = VRFCoordinator.getRandomWordsFulfilledEvents(receipt);
    if (events.size() != 1) throw new IllegalStateException("expected one RandomWordsFulfilled, got " + events.size()
        + " (status " + receipt.getStatus() + ")");
    return events.get(0);
  }

  static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  static byte[] keccak(byte[] b) {
    return Hash.sha3(b);
  }

  /** Holds the owner's coordinator handle (lazy, so the constructor can use it before subscriptions exist). */
  static final class VrfCoordinatorAs {
    private final World world;
    private final Credentials as;

    VrfCoordinatorAs(World world, Credentials as) {
      this.world = world;
      this.as = as;
    }

    VRFCoordinator get() {
      return world.coordinator(as);
    }
  }
}
