package io.coracle.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.attestation.bundle.EvidenceBundle;
import io.coracle.attestation.cert.TrustRoots;
import io.coracle.attestation.verify.SnpEvidenceVerifier;
import io.coracle.attestation.verify.Verdict;
import io.coracle.attestation.verify.VerificationPolicy;
import io.coracle.contracts.ProofCalldataResult;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.Lottery;
import io.coracle.contracts.generated.TraitMinter;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.testsupport.DevAccounts;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.utils.Numeric;

/**
 * The devnet's demonstration: a game studio's TraitMinter mints NFTs whose traits come from VRF
 * words, and a Lottery draws a winner; then every fulfilment's proof is checked again with a
 * plain {@code eth_call} to the standalone verifier, and the guest's registered SEV-SNP evidence
 * is re-verified from chain data alone. Then a trader runs a TWAP and a limit order ({@link TradingDemo}).
 */
public final class DemoRun {
  /** One request, from request transaction to proof checked on-chain. */
  public record Fulfilment(
      String what, String requestId, String requestTx, String fulfilTx, Long fulfilBlock, boolean callbackSucceeded,
      String beta, boolean proofValidOnChain, String outcome) {}

  public record Result(List<Fulfilment> fulfilments, Map<String, Object> attestation, TradingDemo.Result trading, boolean allVerified) {}

  private final LocalCluster cluster;
  private final Consumer<String> say;

  public DemoRun(LocalCluster cluster, Consumer<String> say) {
    this.cluster = cluster;
    this.say = say;
  }

  public Result run(Duration timeout) throws Exception {
    var web3j = cluster.web3j();
    var c = cluster.contracts();
    List<Pending> pending = new ArrayList<>();

    say.accept("demo: a game studio mints 3 NFTs; each token's traits come from a VRF word");
    var collector = DevAccounts.get(2);
    TraitMinter minter = TraitMinter.load(c.traitMinter(), web3j, cluster.tm(collector), cluster.gas());
    BigInteger price = minter.mintPrice().send();
    for (int i = 0; i < 3; i++) {
      TransactionReceipt r = minter.mint(price).send();
      var ev = TraitMinter.getTraitsRequestedEvents(r).get(0);
      pending.add(new Pending("TraitMinter token #" + ev.tokenId, ev.requestId, r.getTransactionHash(), ev.tokenId));
      say.accept("  minted token #" + ev.tokenId + " -> randomness request " + shortId(ev.requestId) + " (tx " + r.getTransactionHash() + ")");
    }

    say.accept("demo: three players buy lottery tickets, then anyone draws");
    Lottery lotteryAsOwner = Lottery.load(c.lottery(), web3j, cluster.tm(cluster.deployer()), cluster.gas());
    BigInteger ticket = lotteryAsOwner.TICKET_PRICE().send();
    BigInteger round = lotteryAsOwner.currentRound().send();
    long now = latestTimestamp();
    if (lotteryAsOwner.getRound(round).send().closesAt.longValueExact() <= now) {
      lotteryAsOwner.draw().send(); // an empty, closed round just reopens
      round = lotteryAsOwner.currentRound().send();
    }
    for (int p = 3; p <= 5; p++) {
      Lottery asPlayer = Lottery.load(c.lottery(), web3j, cluster.tm(DevAccounts.get(p)), cluster.gas());
      asPlayer.buyTickets(BigInteger.valueOf(p - 2), ticket.multiply(BigInteger.valueOf(p - 2))).send();
      say.accept("  player " + DevAccounts.get(p).getAddress() + " bought " + (p - 2) + " ticket(s)");
    }
    long closesAt = lotteryAsOwner.getRound(round).send().closesAt.longValueExact();
    if (cluster.evmNode().isPresent()) {
      cluster.evmNode().get().increaseTime(Math.max(0, closesAt - latestTimestamp()) + 1);
      cluster.evmNode().get().mine(1);
    } else {
      while (latestTimestamp() < closesAt) {
        Thread.sleep(1000);
      }
    }
    TransactionReceipt drawn = lotteryAsOwner.draw().send();
    var draw = Lottery.getDrawRequestedEvents(drawn).get(0);
    pending.add(new Pending("Lottery round " + draw.roundId, draw.requestId, drawn.getTransactionHash(), null));
    say.accept("  round " + draw.roundId + " closed; draw -> randomness request " + shortId(draw.requestId) + " (tx " + drawn.getTransactionHash() + ")");

    say.accept("demo: waiting for the oracle to fulfil " + pending.size() + " requests (ECVRF proofs verified by the coordinator on-chain)");
    List<Fulfilment> done = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Pending p : pending) {
      Log fulfilled = null;
      while (fulfilled == null) {
        fulfilled = fulfilledLog(p.requestId);
        if (fulfilled == null) {
          if (System.nanoTime() > deadline) {
            done.add(new Fulfilment(p.what, p.requestId.toString(), p.requestTx, null, null, false, null, false,
                "not fulfilled within " + timeout));
            break;
          }
          Thread.sleep(500);
        }
      }
      if (fulfilled == null) {
        continue;
      }
      var ev = VRFCoordinator.getRandomWordsFulfilledEventFromLog(fulfilled);
      String beta = Numeric.toHexString(ev.beta);
      boolean valid = proofCheckedOnChain(p.requestId, ev.beta);
      String outcome = outcome(p, minter, lotteryAsOwner, draw.roundId);
      done.add(new Fulfilment(p.what, p.requestId.toString(), p.requestTx, fulfilled.getTransactionHash(),
          fulfilled.getBlockNumber().longValueExact(), ev.success, beta, valid, outcome));
      say.accept("  " + p.what + ": fulfilled in tx " + fulfilled.getTransactionHash() + "; proof re-checked with eth_call on the "
          + "standalone verifier: " + (valid ? "VALID, beta matches" : "NOT VALID") + "; " + outcome);
    }

    done.stream().filter(f -> f.fulfilTx() != null).findFirst().ifPresent(f -> say.accept(
        "demo: anyone can re-check a fulfilment from chain data alone (proof, words, evidence, key binding):\n"
            + "  ./coracle audit fulfilment --rpc " + cluster.evmNode().map(n -> n.rpcUrl()).orElse(cluster.rpcUrl()) + " --tx " + f.fulfilTx()
            + " --trust-root " + cluster.simulatedArk() + " --pretty"));
    Map<String, Object> attestation = attestationFromChain();
    say.accept("demo: the guest's SEV-SNP evidence, re-verified from the KeysRegistered event alone: "
        + (Boolean.TRUE.equals(attestation.get("valid")) ? "VALID" : "INVALID") + " (" + attestation.get("summary") + ")");
    TradingDemo.Result trading = new TradingDemo(cluster, say).run(timeout);
    boolean all = done.size() == pending.size()
        && done.stream().allMatch(f -> f.fulfilTx() != null && f.proofValidOnChain() && f.callbackSucceeded())
        && Boolean.TRUE.equals(attestation.get("valid"))
        && trading.allVerified();
    return new Result(done, attestation, trading, all);
  }

  private record Pending(String what, BigInteger requestId, String requestTx, BigInteger tokenId) {}

  private String outcome(Pending p, TraitMinter minter, Lottery lottery, BigInteger roundId) throws Exception {
    if (p.tokenId != null) {
      var t = minter.traitsOf(p.tokenId).send();
      return "traits: rarity " + t.rarity + ", background " + t.background + ", body " + t.body + ", accessory " + t.accessory;
    }
    var r = lottery.getRound(roundId).send();
    return "winner " + r.winner + " takes " + org.web3j.utils.Convert.fromWei(r.pot.toString(), org.web3j.utils.Convert.Unit.ETHER) + " ETH";
  }

  private Log fulfilledLog(BigInteger requestId) throws IOException {
    EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, cluster.contracts().coordinator());
    f.addSingleTopic(EventEncoder.encode(VRFCoordinator.RANDOMWORDSFULFILLED_EVENT));
    f.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(requestId, 64));
    EthLog logs = cluster.web3j().ethGetLogs(f).send();
    if (logs.hasError() || logs.getLogs().isEmpty()) {
      return null;
    }
    return (Log) logs.getLogs().get(logs.getLogs().size() - 1).get();
  }

  /** Asks the oracle for the proof, then the standalone verifier contract, by eth_call, whether it holds. */
  private boolean proofCheckedOnChain(BigInteger requestId, byte[] betaOnChain) throws IOException {
    JsonNode r = cluster.oracle().getJson("/v1/requests/" + cluster.chainId() + "/" + requestId);
    JsonNode proof = r.path("proof");
    if (proof.isMissingNode() || proof.isNull()) {
      return false;
    }
    byte[] pk = Numeric.hexStringToByteArray(cluster.oracle().keys().get("vrfPublicKey").asText());
    ProofCalldataResult built =
        VrfProofCalldata.from(pk, Numeric.hexStringToByteArray(proof.get("alpha").asText()), Numeric.hexStringToByteArray(proof.get("pi").asText()));
    if (!built.isBuilt()) {
      return false;
    }
    var reply = cluster.web3j().ethCall(
        Transaction.createEthCallTransaction(null, cluster.contracts().verifier(), built.calldata().verifierCallDataHex()),
        DefaultBlockParameterName.LATEST).send();
    if (reply.hasError() || reply.isReverted()) {
      return false;
    }
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> out = FunctionReturnDecoder.decode(reply.getValue(),
        (List) List.of(new TypeReference<Bool>() {}, new TypeReference<Bytes32>() {}));
    return (Boolean) out.get(0).getValue() && Arrays.equals((byte[]) out.get(1).getValue(), betaOnChain);
  }

  /** Re-verifies the guest's registration evidence from the registry's event. */
  private Map<String, Object> attestationFromChain() throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    EthFilter f = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, cluster.contracts().registry());
    f.addSingleTopic(EventEncoder.encode(AttestationRegistry.KEYSREGISTERED_EVENT));
    f.addSingleTopic(cluster.keyHash());
    EthLog logs = cluster.web3j().ethGetLogs(f).send();
    if (logs.hasError() || logs.getLogs().isEmpty()) {
      out.put("valid", false);
      out.put("summary", "no KeysRegistered event for the guest's key");
      return out;
    }
    Log log = (Log) logs.getLogs().get(logs.getLogs().size() - 1).get();
    var ev = Contract.staticExtractEventParameters(AttestationRegistry.KEYSREGISTERED_EVENT, log);
    byte[] evidence = (byte[]) ev.getNonIndexedValues().get(2).getValue();
    EvidenceBundle bundle = EvidenceBundle.decode(evidence);
    TrustRoots roots = TrustRoots.amdProduction().with(Files.readAllBytes(cluster.simulatedArk()), "devnet simulated chip");
    var report = io.coracle.attestation.report.AttestationReport.parse(bundle.report().toArray());
    VerificationPolicy policy = VerificationPolicy.defaults().toBuilder().allowMeasurement(report.measurement()).build();
    Verdict v = new SnpEvidenceVerifier(roots).verify(bundle, policy, Instant.now());
    out.put("valid", v.valid());
    out.put("summary", v.summary());
    out.put("registrationTx", log.getTransactionHash());
    out.put("evidenceHash", Numeric.toHexString(org.web3j.crypto.Hash.sha3(evidence)));
    out.put("provider", bundle.provider());
    out.put("measurement", Numeric.toHexString(report.measurement().toArray()));
    out.put("checks", v.checks().size());
    return out;
  }

  private long latestTimestamp() throws IOException {
    return cluster.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
  }

  private static String shortId(BigInteger id) {
    String s = id.toString();
    return s.length() > 14 ? s.substring(0, 6) + "…" + s.substring(s.length() - 6) : s;
  }
}
