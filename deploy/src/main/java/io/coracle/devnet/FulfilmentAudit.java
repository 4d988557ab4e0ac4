package io.coracle.devnet;

import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.report.AttestationReport;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.Verdict;
import io.coracle.attestation.verify.VerificationPolicy;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfVerification;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
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
import io.coracle.attestation.cert.TrustRoots;

/**
 * Re-checks a fulfilment from chain data alone: the proof against the request block's hash, the
 * random words, the key's registration evidence and its binding to the key, and the registry's
 * view of the key. Used by {@code coracle audit fulfilment} and by the devnet demo.
 */
public final class FulfilmentAudit {
  private FulfilmentAudit() {}

  public static Map<String, Object> audit(Web3j web3j, String tx, TrustRoots roots) throws Exception {
    var t = web3j.ethGetTransactionByHash(tx).send().getTransaction()
        .orElseThrow(() -> new IllegalStateException("the node does not know transaction " + tx));
    var receipt = web3j.ethGetTransactionReceipt(tx).send().getTransactionReceipt()
        .orElseThrow(() -> new IllegalStateException("transaction " + tx + " is not mined"));
    String input = t.getInput();
    String plain = org.web3j.crypto.Hash.sha3String(VRFCoordinator.FUNC_FULFILLRANDOMWORDS + "(bytes,(uint256,uint64,uint256,uint32,uint32,address,uint96))").substring(2, 10);
    String backup = org.web3j.crypto.Hash.sha3String(VRFCoordinator.FUNC_FULFILLRANDOMWORDSASBACKUP + "(bytes32,bytes,(uint256,uint64,uint256,uint32,uint32,address,uint96))").substring(2, 10);
    String selector = Numeric.cleanHexPrefix(input).substring(0, 8);
    boolean isBackup = selector.equals(backup);
    if (!isBackup && !selector.equals(plain)) {
      throw new IllegalStateException("transaction " + tx + " is not a fulfillRandomWords call");
    }
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<TypeReference<Type>> shape = (List) (isBackup
        ? List.of(new TypeReference<Bytes32>() {}, new TypeReference<DynamicBytes>() {}, new TypeReference<VRFCoordinator.RequestCommitment>() {})
        : List.of(new TypeReference<DynamicBytes>() {}, new TypeReference<VRFCoordinator.RequestCommitment>() {}));
    List<Type> args = FunctionReturnDecoder.decode("0x" + Numeric.cleanHexPrefix(input).substring(8), shape);
    byte[] proof = (byte[]) args.get(isBackup ? 1 : 0).getValue();
    VRFCoordinator.RequestCommitment rc = (VRFCoordinator.RequestCommitment) args.get(isBackup ? 2 : 1);
    byte[] pk = Arrays.copyOfRange(proof, 0, 33);
    byte[] pi = Arrays.copyOfRange(proof, 33, 114);
    byte[] keyHash = KeyHashes.of(pk);

    Map<String, Object> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    out.put("transaction", tx);
    out.put("succeeded", receipt.isStatusOK());
    if (!receipt.isStatusOK()) {
      problems.add("the fulfilment transaction reverted");
    }
    out.put("coordinator", t.getTo());
    out.put("answeredAsBackup", isBackup);
    out.put("keyHash", Numeric.toHexString(keyHash));
    var fulfilled = VRFCoordinator.getRandomWordsFulfilledEvents(receipt);
    out.put("requestId", fulfilled.isEmpty() ? null : fulfilled.get(0).requestId.toString());

    // 1. The proof, from the request block's hash (not from anything the operator says).
    var block = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(rc.blockNum), false).send().getBlock();
    byte[] alpha = VrfProofCalldata.requestAlpha(rc.preSeed, Numeric.hexStringToByteArray(block.getHash()));
    VrfVerification v = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI).verify(pk, alpha, pi);
    Map<String, Object> vrf = new LinkedHashMap<>();
    vrf.put("suite", "ECVRF-SECP256K1-SHA256-TAI");
    vrf.put("requestBlock", rc.blockNum);
    vrf.put("alpha", Numeric.toHexString(alpha));
    if (v instanceof VrfVerification.Valid valid) {
      vrf.put("valid", true);
      vrf.put("beta", Numeric.toHexString(valid.beta()));
      boolean matches = !fulfilled.isEmpty() && Arrays.equals(fulfilled.get(0).beta, valid.beta());
      vrf.put("betaMatchesEvent", matches);
      if (!matches) {
        problems.add("the coordinator's event carries another beta");
      }
      List<String> words = VrfProofCalldata.randomWords(valid.beta(), rc.numWords.intValueExact()).stream().map(BigInteger::toString).toList();
      vrf.put("randomWords", words.size() > 10 ? words.subList(0, 10) : words);
    } else {
      vrf.put("valid", false);
      vrf.put("reason", ((VrfVerification.Invalid) v).reason().description());
      problems.add("the ECVRF proof does not verify");
    }
    out.put("proof", vrf);

    // 2. The key: its registration evidence and whether the registry holds it active.
    VRFCoordinator coordinator = VRFCoordinator.load(t.getTo(), web3j, new ReadonlyTransactionManager(web3j, t.getTo()), new DefaultGasProvider());
    String registryAddress = coordinator.REGISTRY().send();
    AttestationRegistry registry = AttestationRegistry.load(registryAddress, web3j, new ReadonlyTransactionManager(web3j, registryAddress), new DefaultGasProvider());
    Map<String, Object> att = new LinkedHashMap<>();
    att.put("registry", registryAddress);
    att.put("activeNow", registry.isActive(keyHash).send());
    EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameter.valueOf(receipt.getBlockNumber()), registryAddress);
    f.addSingleTopic(EventEncoder.encode(AttestationRegistry.KEYSREGISTERED_EVENT));
    f.addSingleTopic(Numeric.toHexString(keyHash));
    EthLog logs = web3j.ethGetLogs(f).send();
    if (logs.hasError() || logs.getLogs().isEmpty()) {
      att.put("valid", false);
      problems.add("the key was never registered with evidence");
    } else {
      Log log = (Log) logs.getLogs().get(logs.getLogs().size() - 1).get();
      var ev = Contract.staticExtractEventParameters(AttestationRegistry.KEYSREGISTERED_EVENT, log);
      byte[] evidence = (byte[]) ev.getNonIndexedValues().get(2).getValue();
      EvidenceBundle bundle = EvidenceBundle.decode(evidence);
      var report = AttestationReport.parse(bundle.report().toArray());
      var nonce = io.coracle.chain.verifier.RegistrationNonce.of(bundle);
      VerificationPolicy.Builder policy = VerificationPolicy.defaults().toBuilder().allowMeasurement(report.measurement());
      if (nonce.isPresent()) {
        var binding = io.coracle.attestation.binding.ReportDataBinding.of(BigInteger.valueOf(web3j.ethChainId().send().getChainId().longValueExact()),
            Numeric.hexStringToByteArray(registryAddress), pk, Numeric.hexStringToByteArray(ev.getIndexedValues().get(1).getValue().toString()),
            (byte[]) ev.getNonIndexedValues().get(1).getValue(), nonce.get().blockHash());
        policy.expectedReportData(binding.reportData());
      } else {
        problems.add("the evidence names no nonce: its binding to the keys cannot be checked");
      }
      Verdict verdict = new SnpEvidenceVerifier(roots).verify(bundle, policy.build(), Instant.now());
      att.put("registrationTx", log.getTransactionHash());
      att.put("provider", bundle.provider());
      att.put("measurement", Numeric.toHexString(report.measurement().toArray()));
      att.put("measurementAllowedNow", registry.isMeasurementAllowed(report.measurement().toArray()).send());
      att.put("valid", verdict.valid());
      att.put("summary", verdict.summary());
      List<Map<String, Object>> failed = new ArrayList<>();
      verdict.failures().forEach(c -> failed.add(Map.of("name", c.name(), "reason", c.reason())));
      att.put("failedChecks", failed);
      if (!verdict.valid()) {
        problems.add("the registration evidence does not verify");
      }
    }
    out.put("attestation", att);
    out.put("problems", problems);
    out.put("verified", problems.isEmpty());
    return out;
  }
}
