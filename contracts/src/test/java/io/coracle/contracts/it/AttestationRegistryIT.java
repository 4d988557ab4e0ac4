package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.ApprovalCheck;
import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.DeploymentOptions;
import io.coracle.contracts.Eip712Domain;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The registry accepts exactly the approvals the Java side makes (EIP-712 hashing identical), and
 * refuses every failed check, each by name: below threshold, duplicate or unsorted verifiers,
 * strangers, wrong chain id or contract, expiry, TCB, measurement, registration, revocation, replay.
 */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttestationRegistryIT {
  private World world;
  private Chain chain;
  private AttestationRegistry registry;
  private Credentials signer;
  private byte[] vrfKey;
  private byte[] evidence;
  private AttestationApproval approval;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    world = new World(chain, DeploymentOptions.defaults());
    registry = world.registry;
    signer = chain.account(9);
  }

  /** A fresh key set registered by `signer`, and a matching approval (not yet activated). */
  private void registerFresh() throws Exception {
    vrfKey = World.ECVRF.generateKeyPair(new SecureRandom()).publicKey().encoded();
    evidence = ("evidence " + new SecureRandom().nextLong()).getBytes();
    TransactionReceipt receipt = asSigner().registerKeys(vrfKey, world.encryptionKey, evidence).send();
    var registered = AttestationRegistry.getKeysRegisteredEvents(receipt).get(0);
    // the evidence travels in the event; its hash is computed on-chain from those bytes
    assertThat(registered.evidence).isEqualTo(evidence);
    assertThat(registered.evidenceHash).isEqualTo(Hash.sha3(evidence));
    assertThat(registered.keyHash).isEqualTo(KeyHashes.of(vrfKey));
    approval = new AttestationApproval(vrfKey, signer.getAddress(), world.encryptionKey, AttestationApproval.evidenceHashOf(evidence),
        World.MEASUREMENT, World.TCB, chain.latestTimestamp() + 3_600);
  }

  private AttestationRegistry asSigner() {
    return AttestationRegistry.load(world.set.registry(), chain.web3j, chain.tm(signer), Chain.gas());
  }

  private Set<ApprovalCheck> failed(AttestationApproval a, List<byte[]> signatures) throws Exception {
    return ApprovalCheck.failedIn(registry.checkApproval(a.toContractStruct(), signatures).send());
  }

  private List<byte[]> twoOfThree(AttestationApproval a) {
    return a.signAll(world.verifiers.subList(0, 2), world.domain());
  }

  @Test
  void javaMadeApprovalsHashAndVerifyExactlyAsTheContractDoes() throws Exception {
    registerFresh();
    assertThat(registry.hashKeyApproval(approval.toContractStruct()).send()).isEqualTo(approval.digest(world.domain()));
    assertThat(registry.domainSeparator().send()).isEqualTo(world.domain().separator());
    assertThat(failed(approval, twoOfThree(approval))).isEmpty();
    byte[] keyHash = KeyHashes.of(vrfKey);
    assertThat(registry.isActive(keyHash).send()).isFalse();
    TransactionReceipt receipt = registry.activateKeys(approval.toContractStruct(), twoOfThree(approval)).send();
    var activated = AttestationRegistry.getKeysActivatedEvents(receipt).get(0);
    assertThat(activated.keyHash).isEqualTo(keyHash);
    assertThat(activated.evidenceHash).isEqualTo(Hash.sha3(evidence));
    assertThat(registry.isActive(keyHash).send()).isTrue();
    assertThat(registry.isActiveSigner(signer.getAddress()).send()).isTrue();
    assertThat(registry.activeKeyHashOf(signer.getAddress()).send()).isEqualTo(keyHash);
    assertThat(registry.isActiveSigner(world.stranger.getAddress()).send()).isFalse();
    assertThat(registry.activeKeyHashOf(world.stranger.getAddress()).send()).isEqualTo(new byte[32]);
  }

  @Test
  void signaturesBelowTheThresholdDuplicatedUnsortedOrFromStrangersAreRefused() throws Exception {
    registerFresh();
    Eip712Domain domain = world.domain();
    assertThat(failed(approval, approval.signAll(world.verifiers.subList(0, 1), domain))).containsExactly(ApprovalCheck.BELOW_THRESHOLD);
    byte[] one = approval.sign(world.verifiers.get(0), domain);
    assertThat(failed(approval, List.of(one, one)))
        .containsExactlyInAnyOrder(ApprovalCheck.DUPLICATE_OR_UNSORTED_SIGNATURE, ApprovalCheck.BELOW_THRESHOLD);
    List<byte[]> reversed = new ArrayList<>(twoOfThree(approval));
    java.util.Collections.reverse(reversed);
    assertThat(failed(approval, reversed))
        .containsExactlyInAnyOrder(ApprovalCheck.DUPLICATE_OR_UNSORTED_SIGNATURE, ApprovalCheck.BELOW_THRESHOLD);
    List<byte[]> withStranger = approval.signAll(List.of(world.verifiers.get(0), world.stranger), domain);
    assertThat(failed(approval, withStranger)).containsExactlyInAnyOrder(ApprovalCheck.SIGNER_NOT_VERIFIER, ApprovalCheck.BELOW_THRESHOLD);
    byte[] garbage = one.clone();
    garbage[64] = 30; // v not 27/28
    assertThat(failed(approval, List.of(garbage, approval.sign(world.verifiers.get(1), domain))))
        .containsExactlyInAnyOrder(ApprovalCheck.BAD_SIGNATURE, ApprovalCheck.BELOW_THRESHOLD);
    // three of three is more than enough
    assertThat(failed(approval, approval.signAll(world.verifiers, domain))).isEmpty();
    // and activateKeys reverts with the same bit set
    String data = registry.activateKeys(approval.toContractStruct(), List.of(one, one)).encodeFunctionCall();
    String revert = chain.revertData(world.owner.getAddress(), world.set.registry(), data);
    assertThat(revert).startsWith(selector("ApprovalRejected(uint256)"));
    assertThat(ApprovalCheck.failedIn(new BigInteger(revert.substring(10), 16)))
        .containsExactlyInAnyOrder(ApprovalCheck.DUPLICATE_OR_UNSORTED_SIGNATURE, ApprovalCheck.BELOW_THRESHOLD);
  }

  @Test
  void signaturesForAnotherChainOrRegistryAreWorthless() throws Exception {
    registerFresh();
    Eip712Domain otherChain = Eip712Domain.attestationRegistry(chain.chainId + 1, world.set.registry());
    Eip712Domain otherContract = Eip712Domain.attestationRegistry(chain.chainId, world.set.coordinator());
    assertThat(failed(approval, approval.signAll(world.verifiers.subList(0, 2), otherChain)))
        .contains(ApprovalCheck.BELOW_THRESHOLD).doesNotContain(ApprovalCheck.BAD_SIGNATURE);
    assertThat(failed(approval, approval.signAll(world.verifiers.subList(0, 2), otherContract))).contains(ApprovalCheck.BELOW_THRESHOLD);
  }

  @Test
  void everyContentCheckIsNamed() throws Exception {
    registerFresh();
    long now = chain.latestTimestamp();
    AttestationApproval expired = approval.withExpiresAt(now - 1);
    assertThat(failed(expired, twoOfThree(expired))).containsExactly(ApprovalCheck.EXPIRED);
    AttestationApproval tooFar = approval.withExpiresAt(now + 31L * 86_400);
    assertThat(failed(tooFar, twoOfThree(tooFar))).containsExactly(ApprovalCheck.EXPIRY_TOO_FAR);
    // TCB is compared per component: a higher microcode does not make up for a lower SNP version
    long lowerSnp = (World.TCB & ~(0xffL << 48)) | (7L << 48) | (0xffL << 56);
    AttestationApproval lowTcb = approval.withTcb(lowerSnp);
    assertThat(failed(lowTcb, twoOfThree(lowTcb))).containsExactly(ApprovalCheck.TCB_BELOW_MINIMUM);
    AttestationApproval higherTcb = approval.withTcb(World.TCB + (1L << 48));
    assertThat(failed(higherTcb, twoOfThree(higherTcb))).isEmpty();
    AttestationApproval otherMeasurement = approval.withMeasurement(World.filled(48, 0x11));
    assertThat(failed(otherMeasurement, twoOfThree(otherMeasurement))).containsExactly(ApprovalCheck.MEASUREMENT_NOT_ALLOWED);
    AttestationApproval otherEvidence = approval.withEvidenceHash(Hash.sha3("other".getBytes()));
    assertThat(failed(otherEvidence, twoOfThree(otherEvidence))).containsExactly(ApprovalCheck.NOT_REGISTERED);
    AttestationApproval otherSigner = new AttestationApproval(vrfKey, world.stranger.getAddress(), world.encryptionKey,
        Hash.sha3(evidence), World.MEASUREMENT, World.TCB, now + 3_600);
    assertThat(failed(otherSigner, twoOfThree(otherSigner))).containsExactly(ApprovalCheck.NOT_REGISTERED);
    AttestationApproval malformed = new AttestationApproval(Arrays.copyOf(vrfKey, 32), signer.getAddress(), world.encryptionKey,
        Hash.sha3(evidence), World.MEASUREMENT, World.TCB, now + 3_600);
    assertThat(failed(malformed, twoOfThree(malformed))).contains(ApprovalCheck.MALFORMED_KEY);
  }

  @Test
  void registrationChecksItsInputsAndOnlyTheSignerRegistersForItself() throws Exception {
    byte[] key = World.ECVRF.generateKeyPair(new SecureRandom()).publicKey().encoded();
    AttestationRegistry r = asSigner();
    assertThat(chain.revertSelector(signer.getAddress(), world.set.registry(),
        r.registerKeys(Arrays.copyOf(key, 32), world.encryptionKey, evidence()).encodeFunctionCall())).isEqualTo(selector("MalformedKey()"));
    byte[] uncompressed = key.clone();
    uncompressed[0] = 0x04;
    assertThat(chain.revertSelector(signer.getAddress(), world.set.registry(),
        r.registerKeys(uncompressed, world.encryptionKey, evidence()).encodeFunctionCall())).isEqualTo(selector("MalformedKey()"));
    assertThat(chain.revertSelector(signer.getAddress(), world.set.registry(),
        r.registerKeys(key, world.encryptionKey, new byte[0]).encodeFunctionCall())).isEqualTo(selector("EmptyEvidence()"));
    // someone else registering the same keys registers them under *their* signer address only
    AttestationRegistry.load(world.set.registry(), chain.web3j, chain.tm(world.stranger), Chain.gas())
        .registerKeys(key, world.encryptionKey, evidence()).send();
    assertThat(registry.isRegistered(KeyHashes.of(key), signer.getAddress(), Hash.sha3(world.encryptionKey), Hash.sha3(evidence())).send()).isFalse();
    assertThat(registry.isRegistered(KeyHashes.of(key), world.stranger.getAddress(), Hash.sha3(world.encryptionKey), Hash.sha3(evidence())).send()).isTrue();
  }

  @Test
  void revocationIsPermanentAndByOwnerOrTheKeysSignerOnly() throws Exception {
    registerFresh();
    registry.activateKeys(approval.toContractStruct(), twoOfThree(approval)).send();
    byte[] keyHash = KeyHashes.of(vrfKey);
    String revoke = registry.revokeKeys(keyHash).encodeFunctionCall();
    assertThat(chain.revertSelector(world.stranger.getAddress(), world.set.registry(), revoke)).isEqualTo(selector("NotKeySignerOrOwner(address)"));
    assertThat(chain.revertSelector(world.owner.getAddress(), world.set.registry(),
        registry.revokeKeys(World.filled(32, 9)).encodeFunctionCall())).isEqualTo(selector("UnknownKey(bytes32)"));
    asSigner().revokeKeys(keyHash).send();
    assertThat(registry.isActive(keyHash).send()).isFalse();
    assertThat(registry.isActiveSigner(signer.getAddress()).send()).isFalse();
    AttestationApproval renewed = approval.withExpiresAt(approval.expiresAt() + 60);
    assertThat(failed(renewed, twoOfThree(renewed))).contains(ApprovalCheck.KEY_REVOKED);
    assertThat(chain.revertSelector(signer.getAddress(), world.set.registry(),
        asSigner().registerKeys(vrfKey, world.encryptionKey, evidence).encodeFunctionCall())).isEqualTo(selector("KeyIsRevoked(bytes32)"));
  }

  @Test
  void expiryEndsActivityAndOnlyANewerApprovalRenews() throws Exception {
    registerFresh();
    registry.activateKeys(approval.toContractStruct(), twoOfThree(approval)).send();
    byte[] keyHash = KeyHashes.of(vrfKey);
    // replaying the same (or an older) approval is refused while it would not extend the key
    assertThat(failed(approval, twoOfThree(approval))).containsExactly(ApprovalCheck.NOT_NEWER);
    chain.node.increaseTime(3_601);
    assertThat(registry.isActive(keyHash).send()).isFalse();
    AttestationApproval renewed = approval.withExpiresAt(chain.latestTimestamp() + 600);
    registry.activateKeys(renewed.toContractStruct(), twoOfThree(renewed)).send();
    assertThat(registry.isActive(keyHash).send()).isTrue();
  }

  @Test
  void tighteningThePolicyDeactivatesKeysUntilReapproved() throws Exception {
    registerFresh();
    registry.activateKeys(approval.toContractStruct(), twoOfThree(approval)).send();
    byte[] keyHash = KeyHashes.of(vrfKey);
    // lowering or keeping the minimum TCB does not disturb active keys
    registry.setMinimumTcb(BigInteger.valueOf(World.MIN_TCB)).send();
    assertThat(registry.isActive(keyHash).send()).isTrue();
    // disallowing the measurement deactivates at once, and the old approval no longer passes
    registry.setMeasurementAllowed(World.MEASUREMENT, false).send();
    assertThat(registry.isActive(keyHash).send()).isFalse();
    assertThat(failed(approval, twoOfThree(approval))).containsExactly(ApprovalCheck.MEASUREMENT_NOT_ALLOWED);
    registry.setMeasurementAllowed(World.MEASUREMENT, true).send();
    // re-approval under the new epoch (the same content is acceptable again)
    registry.activateKeys(approval.toContractStruct(), twoOfThree(approval)).send();
    assertThat(registry.isActive(keyHash).send()).isTrue();
    // a new verifier set: the old approvals' signers may be gone; keys need new approvals
    List<Credentials> newSet = List.of(chain.account(8), chain.account(9));
    registry.setVerifiers(newSet.stream().map(Credentials::getAddress).toList(), BigInteger.TWO).send();
    assertThat(registry.isActive(keyHash).send()).isFalse();
    assertThat(failed(approval, twoOfThree(approval))).contains(ApprovalCheck.SIGNER_NOT_VERIFIER, ApprovalCheck.BELOW_THRESHOLD);
    assertThat(failed(approval, approval.signAll(newSet, world.domain()))).isEmpty();
    registry.invalidateAllKeys().send();
    assertThat(registry.currentPolicy().send().component2()).isEqualTo(BigInteger.valueOf(5));
  }

  @Test
  void governanceIsTheOwnersAlone() throws Exception {
    AttestationRegistry asStranger = AttestationRegistry.load(world.set.registry(), chain.web3j, chain.tm(world.stranger), Chain.gas());
    String unauthorized = selector("OwnableUnauthorizedAccount(address)");
    String registryAddress = world.set.registry();
    String from = world.stranger.getAddress();
    assertThat(chain.revertSelector(from, registryAddress, asStranger.setMeasurementAllowed(World.filled(48, 1), true).encodeFunctionCall())).isEqualTo(unauthorized);
    assertThat(chain.revertSelector(from, registryAddress, asStranger.setMinimumTcb(BigInteger.ZERO).encodeFunctionCall())).isEqualTo(unauthorized);
    assertThat(chain.revertSelector(from, registryAddress, asStranger.setVerifiers(List.of(from), BigInteger.ONE).encodeFunctionCall())).isEqualTo(unauthorized);
    assertThat(chain.revertSelector(from, registryAddress, asStranger.invalidateAllKeys().encodeFunctionCall())).isEqualTo(unauthorized);
    assertThat(chain.revertSelector(from, registryAddress, asStranger.setMaxApprovalValidity(BigInteger.ONE).encodeFunctionCall())).isEqualTo(unauthorized);
    // bad governance input
    String owner = world.owner.getAddress();
    assertThat(chain.revertSelector(owner, registryAddress, registry.setMeasurementAllowed(World.filled(32, 1), true).encodeFunctionCall()))
        .isEqualTo(selector("MalformedMeasurement(uint256)"));
    String invalidSet = selector("InvalidVerifierSet()");
    assertThat(chain.revertSelector(owner, registryAddress, registry.setVerifiers(List.of(from), BigInteger.TWO).encodeFunctionCall())).isEqualTo(invalidSet);
    assertThat(chain.revertSelector(owner, registryAddress, registry.setVerifiers(List.of(from), BigInteger.ZERO).encodeFunctionCall())).isEqualTo(invalidSet);
    assertThat(chain.revertSelector(owner, registryAddress, registry.setVerifiers(List.of(from, from), BigInteger.ONE).encodeFunctionCall())).isEqualTo(invalidSet);
    assertThat(chain.revertSelector(owner, registryAddress, registry.setVerifiers(List.of(), BigInteger.ONE).encodeFunctionCall())).isEqualTo(invalidSet);
    // two-step ownership transfer
    registry.transferOwnership(from).send();
    assertThat(registry.owner().send()).isEqualToIgnoringCase(owner);
    asStranger.acceptOwnership().send();
    assertThat(registry.owner().send()).isEqualToIgnoringCase(from);
  }

  private byte[] evidence() {
    return "some evidence".getBytes();
  }
}
