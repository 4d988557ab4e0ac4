package io.coracle.chain.verifier;

import io.coracle.attestation.Bytes;
import io.coracle.attestation.binding.BindingException;
import io.coracle.attestation.binding.ReportDataBinding;
import io.coracle.attestation.bundle.BundleFormatException;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.Verdict;
import io.coracle.attestation.verify.VerificationPolicy;
import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.Eip712Domain;
import io.coracle.contracts.generated.AttestationRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.Contract;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * The verifier role: an independent party with its own key that re-verifies an enclave's
 * registration from chain data alone and, when every check passes, signs the EIP-712 approval
 * the AttestationRegistry counts. It trusts nothing the enclave says off-chain: the evidence
 * comes from the registry's {@code KeysRegistered} event, the measurement allow-list from the
 * registry, the nonce's freshness from the chain's own block hashes.
 */
public final class KeyApprovalService {
  private static final Logger LOG = LoggerFactory.getLogger(KeyApprovalService.class);
  private static final String KEYS_REGISTERED_TOPIC = EventEncoder.encode(AttestationRegistry.KEYSREGISTERED_EVENT);

  /**
   * @param basePolicy this verifier's own policy (debug, migration, SMT, VMPL, minimum TCB...);
   *     the expected report_data and the registry's measurement allow-list are added per request
   * @param maxNonceAgeBlocks how many blocks before its registration the evidence's nonce block may be
   * @param maxValidity the longest approval this verifier signs
   */
  public record Config(
      long chainId,
      String registry,
      VerificationPolicy basePolicy,
      SnpEvidenceVerifier verifier,
      long maxNonceAgeBlocks,
      Duration maxValidity) {
    public Config {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(basePolicy, "basePolicy");
      Objects.requireNonNull(verifier, "verifier");
    }
  }

  /** What the verifier decided. */
  public sealed interface Decision permits Approved, Refused {}

  /** Every check passed: the approval and this verifier's 65-byte signature over it. */
  public record Approved(AttestationApproval approval, byte[] signature, String verifier, Verdict verdict)
      implements Decision {}

  /** Something did not check out; {@code verdict} is present when the evidence was verified. */
  public record Refused(String reason, Verdict verdict) implements Decision {}

  private final Web3j web3j;
  private final Credentials key;
  private final Config config;
  private final Clock clock;
  private final AttestationRegistry registry;
  private final Eip712Domain domain;

  public KeyApprovalService(Web3j web3j, Credentials key, Config config, Clock clock) {
    this.web3j = web3j;
    this.key = key;
    this.config = config;
    this.clock = clock;
    this.registry =
        AttestationRegistry.load(
            config.registry(), web3j, new ReadonlyTransactionManager(web3j, config.registry()), new DefaultGasProvider());
    this.domain = Eip712Domain.attestationRegistry(config.chainId(), config.registry());
  }

  public String address() {
    return key.getAddress().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Decides on the latest registration of {@code keyHash}, for an approval expiring at
   * {@code expiresAt} (unix seconds).
   */
  public Decision decide(byte[] keyHash, long expiresAt) throws IOException {
    Instant now = clock.instant();
    if (expiresAt <= now.getEpochSecond()) {
      return new Refused("the requested expiry is in the past", null);
    }
    if (expiresAt > now.plus(config.maxValidity()).getEpochSecond()) {
      return new Refused("the requested expiry is beyond this verifier's maximum of " + config.maxValidity(), null);
    }
    Log log = latestRegistration(keyHash);
    if (log == null) {
      return new Refused("no KeysRegistered event for key hash " + Numeric.toHexString(keyHash), null);
    }
    var ev = Contract.staticExtractEventParameters(AttestationRegistry.KEYSREGISTERED_EVENT, log);
    String signer = ev.getIndexedValues().get(1).getValue().toString();
    byte[] evidenceHash = (byte[]) ev.getIndexedValues().get(2).getValue();
    byte[] vrfPk = (byte[]) ev.getNonIndexedValues().get(0).getValue();
    byte[] encPk = (byte[]) ev.getNonIndexedValues().get(1).getValue();
    byte[] evidence = (byte[]) ev.getNonIndexedValues().get(2).getValue();
    if (!Arrays.equals(Hash.sha3(evidence), evidenceHash)) {
      return new Refused("the registry's evidence hash does not match the emitted evidence", null);
    }
    if (!Arrays.equals(Hash.sha3(vrfPk), keyHash)) {
      return new Refused("the registered VRF key does not hash to the key hash", null);
    }
    EvidenceBundle bundle;
    try {
      bundle = EvidenceBundle.decode(evidence);
    } catch (BundleFormatException e) {
      return new Refused("the evidence is not an evidence bundle: " + e.getMessage(), null);
    }
    var nonce = RegistrationNonce.of(bundle);
    if (nonce.isEmpty()) {
      return new Refused("the evidence names no nonce block (aux " + RegistrationNonce.AUX_BLOCK + ")", null);
    }
    String freshness = checkNonce(nonce.get(), log.getBlockNumber().longValueExact());
    if (freshness != null) {
      return new Refused(freshness, null);
    }
    ReportDataBinding binding;
    try {
      binding =
          ReportDataBinding.of(
              BigInteger.valueOf(config.chainId()), Numeric.hexStringToByteArray(config.registry()), vrfPk,
              Numeric.hexStringToByteArray(signer), encPk, nonce.get().blockHash());
    } catch (BindingException e) {
      return new Refused("the registered keys cannot be bound: " + e.getMessage(), null);
    }
    AttestationReport report;
    try {
      report = AttestationReport.parse(bundle.report().toArray());
    } catch (Exception e) {
      return new Refused("the report does not parse: " + e.getMessage(), null);
    }
    boolean allowedOnChain;
    try {
      allowedOnChain = registry.isMeasurementAllowed(report.measurement().toArray()).send();
    } catch (Exception e) {
      throw new IOException("cannot read the registry's measurement allow-list: " + e.getMessage(), e);
    }
    if (!allowedOnChain) {
      return new Refused("measurement " + Numeric.toHexString(report.measurement().toArray()) + " is not on the registry's allow-list", null);
    }
    VerificationPolicy policy =
        config.basePolicy().toBuilder()
            .expectedReportData(binding.reportData())
            .allowMeasurement(Bytes.of(report.measurement().toArray()))
            .build();
    Verdict verdict = config.verifier().verify(bundle, policy, now);
    if (!verdict.valid()) {
      return new Refused("evidence rejected: " + verdict.summary(), verdict);
    }
    AttestationApproval approval =
        new AttestationApproval(vrfPk, signer, encPk, evidenceHash, report.measurement().toArray(), report.reportedTcb(), expiresAt);
    byte[] signature = approval.sign(key, domain);
    LOG.info("approved key {} (signer {}, evidence {}) until {}", Numeric.toHexString(keyHash), signer,
        Numeric.toHexString(evidenceHash), Instant.ofEpochSecond(expiresAt));
    return new Approved(approval, signature, address(), verdict);
  }

  private Log latestRegistration(byte[] keyHash) throws IOException {
    EthFilter filter =
        new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, config.registry());
    filter.addSingleTopic(KEYS_REGISTERED_TOPIC);
    filter.addSingleTopic(Numeric.toHexString(keyHash));
    EthLog reply = web3j.ethGetLogs(filter).send();
    if (reply.hasError()) {
      throw new IOException("eth_getLogs: " + reply.getError().getMessage());
    }
    Log latest = null;
    for (EthLog.LogResult<?> r : reply.getLogs()) {
      Log l = (Log) r.get();
      if (latest == null || l.getBlockNumber().compareTo(latest.getBlockNumber()) > 0
          || (l.getBlockNumber().equals(latest.getBlockNumber()) && l.getLogIndex().compareTo(latest.getLogIndex()) > 0)) {
        latest = l;
      }
    }
    return latest;
  }

  private String checkNonce(RegistrationNonce nonce, long registrationBlock) throws IOException {
    if (nonce.blockNumber() > registrationBlock) {
      return "the nonce block " + nonce.blockNumber() + " is after the registration";
    }
    if (registrationBlock - nonce.blockNumber() > config.maxNonceAgeBlocks()) {
      return "the evidence is stale: its nonce block is " + (registrationBlock - nonce.blockNumber())
          + " blocks before the registration (at most " + config.maxNonceAgeBlocks() + ")";
    }
    var block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(nonce.blockNumber())), false).send();
    if (block.hasError() || block.getBlock() == null) {
      return "the chain has no block " + nonce.blockNumber();
    }
    if (!Arrays.equals(Numeric.hexStringToByteArray(block.getBlock().getHash()), nonce.blockHash())) {
      return "the nonce is not the hash of block " + nonce.blockNumber() + " on this chain";
    }
    return null;
  }

}
