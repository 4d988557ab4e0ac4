package io.coracle.oracle.attest;

import io.coracle.chain.tx.TxIntent;
import io.coracle.chain.verifier.ApprovalCollector;
import io.coracle.chain.verifier.RegistrationNonce;
import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.Eip712Domain;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.keys.GuestKeys;
import io.coracle.oracle.ledger.GuestKeyRecord;
import io.coracle.oracle.ledger.TxIntentRecord;
import io.coracle.oracle.sender.PostgresTransactionJournal;
import io.coracle.oracle.sender.SenderService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * Gets the guest's keys active in the AttestationRegistry and keeps them so: obtains evidence bound
 * to the keys and to a recent block hash, registers it (the evidence is emitted on-chain), asks the
 * verifiers for their approvals, presents M of them, and starts over with fresh evidence before the
 * approval expires. Every step is an outbox intent named after the evidence, so a restart resumes
 * where it stopped and never registers or activates twice.
 */
@ApplicationScoped
public class RegistrationService {
  private static final Logger LOG = Logger.getLogger(RegistrationService.class);

  public enum State { UNREGISTERED, AWAITING_FUNDS, REGISTERING, AWAITING_APPROVALS, ACTIVATING, ACTIVE, FAILED }

  @Inject CoracleConfig config;
  @Inject ChainClient chain;
  @Inject GuestKeys keys;
  @Inject AttestationService attestation;
  @Inject SenderService sender;

  private volatile State state = State.UNREGISTERED;
  private volatile String detail = "not started";
  private volatile long expiresAt;
  private volatile String evidenceHash;
  /** Evidence being registered, kept so a restart does not re-attest while its intent is in flight. */
  private volatile byte[] pendingEvidence;

  public State state() {
    return state;
  }

  public String detail() {
    return detail;
  }

  public long expiresAt() {
    return expiresAt;
  }

  public byte[] keyHash() {
    return KeyHashes.of(keys.publicKeys().vrfCompressed());
  }

  private AttestationRegistry registry() {
    return AttestationRegistry.load(
        config.chain().registry(), chain.web3j(),
        new ReadonlyTransactionManager(chain.web3j(), keys.publicKeys().signerAddress()), new DefaultGasProvider());
  }

  @Scheduled(every = "3s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!config.attestation().register()) {
      return;
    }
    try {
      step();
    } catch (Exception e) {
      detail = "retrying: " + e.getMessage();
      LOG.debugf("registration step failed: %s", e.getMessage());
    }
  }

  private void step() throws Exception {
    AttestationRegistry registry = registry();
    byte[] keyHash = keyHash();
    var record = registry.keyRecord(keyHash).send(); // (signer, expiresAt, policyEpoch, status)
    long onChainExpiry = record.component2().longValueExact();
    boolean active = registry.isActive(keyHash).send();
    long now = Instant.now().getEpochSecond();
    if (active && onChainExpiry - now > config.attestation().renewBefore().toSeconds()) {
      if (state != State.ACTIVE) {
        LOG.infof("keys active in the registry until %s (key hash %s)", Instant.ofEpochSecond(onChainExpiry), Numeric.toHexString(keyHash));
      }
      expiresAt = onChainExpiry;
      set(State.ACTIVE, "active until " + Instant.ofEpochSecond(onChainExpiry));
      pendingEvidence = null;
      return;
    }
    BigInteger balance =
        chain.web3j().ethGetBalance(keys.publicKeys().signerAddress(), DefaultBlockParameterName.LATEST).send().getBalance();
    if (balance.signum() == 0) {
      if (state != State.AWAITING_FUNDS) {
        LOG.warnf("the guest signer %s has no funds: send it some to pay for registration and fulfilments",
            keys.publicKeys().signerAddress());
      }
      set(State.AWAITING_FUNDS, "fund " + keys.publicKeys().signerAddress());
      return;
    }
    if (pendingEvidence == null) {
      var head = chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
      RegistrationNonce nonce =
          new RegistrationNonce(head.getNumber().longValueExact(), Numeric.hexStringToByteArray(head.getHash()));
      AttestationService.Evidence ev = attestation.evidence(nonce.blockHash());
      pendingEvidence = nonce.attachTo(ev.bundle()).encode();
    }
    byte[] evidence = pendingEvidence;
    String evHash = Numeric.toHexString(AttestationApproval.evidenceHashOf(evidence));
    evidenceHash = evHash;
    String regIntent = "reg:" + chain.chainId() + ":" + evHash;
    TxIntentRecord reg = intent(regIntent);
    if (reg == null) {
      String data =
          registry.registerKeys(keys.publicKeys().vrfCompressed(), keys.publicKeys().encryptionCompressed(), evidence)
              .encodeFunctionCall();
      enqueue(new TxIntent(regIntent, config.chain().registry(), data, BigInteger.ZERO, null));
      set(State.REGISTERING, "registering evidence " + evHash);
      LOG.infof("registering the guest's keys with evidence %s (%d bytes, provider %s)", evHash, evidence.length,
          attestation.providerName());
      return;
    }
    if (!TxIntentRecord.DONE.equals(reg.state)) {
      set(State.REGISTERING, "registration transaction in flight");
      return;
    }
    if (!"SUCCEEDED".equals(reg.outcome)) {
      LOG.warnf("registration of evidence %s failed (%s): %s; attesting afresh", evHash, reg.outcome, reg.outcomeReason);
      set(State.FAILED, "registration failed: " + reg.outcomeReason);
      pendingEvidence = null;
      return;
    }
    // Registered: gather approvals for an expiry and activate.
    var policy = registry.currentPolicy().send(); // (minimumTcb, epoch, threshold, maxApprovalValidity)
    int threshold = policy.component3().intValueExact();
    long maxValidity = policy.component4().longValueExact();
    long wanted = Math.min(config.attestation().validity().toSeconds(), maxValidity);
    long expiry = (now / 60) * 60 + wanted - 60; // rounded, so verifiers asked moments apart agree
    String actIntent = "act:" + chain.chainId() + ":" + evHash;
    TxIntentRecord act = intent(actIntent);
    if (act != null) {
      if (!TxIntentRecord.DONE.equals(act.state)) {
        set(State.ACTIVATING, "activation transaction in flight");
      } else if (!"SUCCEEDED".equals(act.outcome)) {
        LOG.warnf("activation failed (%s): %s; attesting afresh", act.outcome, act.outcomeReason);
        set(State.FAILED, "activation failed: " + act.outcomeReason);
        pendingEvidence = null;
      }
      return; // on success the next tick sees the key active
    }
    List<String> urls = config.attestation().verifiers().orElse(List.of());
    Set<String> verifierSet = new HashSet<>();
    for (Object v : registry.verifierSet().send()) {
      verifierSet.add(v.toString().toLowerCase(java.util.Locale.ROOT));
    }
    AttestationApproval expected =
        new AttestationApproval(
            keys.publicKeys().vrfCompressed(), keys.publicKeys().signerAddress(), keys.publicKeys().encryptionCompressed(),
            Numeric.hexStringToByteArray(evHash), new byte[48], 0, expiry);
    var collected =
        new ApprovalCollector(Eip712Domain.attestationRegistry(chain.chainId(), config.chain().registry()))
            .collect(urls, keyHash, expiry, expected, verifierSet);
    if (collected.signatures().size() < threshold) {
      set(State.AWAITING_APPROVALS, collected.signatures().size() + " of " + threshold + " approvals: " + collected.problems());
      LOG.infof("approvals %d of %d; %s", collected.signatures().size(), threshold, collected.problems());
      return;
    }
    List<byte[]> sigs = collected.signatures().subList(0, threshold);
    String data = registry.activateKeys(collected.approval().toContractStruct(), sigs).encodeFunctionCall();
    enqueue(new TxIntent(actIntent, config.chain().registry(), data, BigInteger.ZERO, null));
    set(State.ACTIVATING, "activating with approvals of " + collected.verifiers().subList(0, threshold));
    LOG.infof("activating keys with %d approvals (%s)", threshold, collected.verifiers().subList(0, threshold));
  }

  private void set(State s, String d) {
    state = s;
    detail = d;
  }

  private TxIntentRecord intent(String id) throws Exception {
    return await(() -> Panache.withSession(() -> TxIntentRecord.<TxIntentRecord>findById(id)));
  }

  private void enqueue(TxIntent intent) throws Exception {
    await(() -> Panache.withTransaction(
        () -> PostgresTransactionJournal.enqueue(chain.chainId(), keys.publicKeys().signerAddress(), intent)
            .flatMap(x -> GuestKeyRecord.<GuestKeyRecord>findById(Numeric.toHexString(keyHash())))
            .flatMap(rec -> {
              GuestKeyRecord r = rec != null ? rec : new GuestKeyRecord();
              r.keyHash = Numeric.toHexString(keyHash());
              r.chainId = chain.chainId();
              r.vrfPublicKey = keys.publicKeys().vrfHex();
              r.signerAddress = keys.publicKeys().signerAddress();
              r.encPublicKey = keys.publicKeys().encryptionHex();
              r.evidenceHash = evidenceHash;
              r.registration = intent.intentId().startsWith("act:") ? "ACTIVATING" : "REGISTERING";
              r.updatedAt = Instant.now();
              return rec != null ? io.smallrye.mutiny.Uni.createFrom().item(r) : r.persist();
            })));
    sender.wakeUp();
  }

  private static <T> T await(Supplier<io.smallrye.mutiny.Uni<T>> work) throws Exception {
    try {
      return VertxContextSupport.subscribeAndAwait(work);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  public String evidenceHash() {
    return evidenceHash;
  }
}
