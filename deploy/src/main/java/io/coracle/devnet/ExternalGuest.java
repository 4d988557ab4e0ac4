package io.coracle.devnet;

import io.coracle.attestation.binding.ReportDataBinding;
import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.provider.SimulatedProvider;
import io.coracle.chain.verifier.ApprovalCollector;
import io.coracle.chain.verifier.RegistrationNonce;
import io.coracle.contracts.AttestationApproval;
import io.coracle.contracts.Eip712Domain;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.vrf.Ecvrf;
import io.coracle.vrf.EcvrfSuite;
import io.coracle.vrf.VrfKeyPair;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * A second simulated guest whose keys the caller holds: registered and approved exactly like the
 * oracle service's (simulated evidence bound to a recent block, M verifier approvals), so the
 * load benchmark can send fulfilments directly and measure what the node can take without the
 * service in between.
 */
public record ExternalGuest(VrfKeyPair vrf, Credentials signer, byte[] keyHash) {

  static ExternalGuest register(LocalCluster c) throws Exception {
    SecureRandom random = new SecureRandom();
    Ecvrf ecvrf = Ecvrf.of(EcvrfSuite.SECP256K1_SHA256_TAI);
    VrfKeyPair vrf = ecvrf.generateKeyPair(random);
    Credentials signer = Credentials.create(Keys.createEcKeyPair());
    X9ECParameters k1 = CustomNamedCurves.getByName("secp256k1");
    byte[] enc = k1.getG().multiply(new BigInteger(250, random).add(BigInteger.ONE)).normalize().getEncoded(true);
    byte[] pk = vrf.publicKey().encoded();
    byte[] keyHash = KeyHashes.of(pk);

    LocalCluster.call("fund the benchmark guest", () -> new Transfer(c.web3j(), c.tm(c.deployer()))
        .sendFunds(signer.getAddress(), BigDecimal.valueOf(100), Convert.Unit.ETHER).send());
    var head = c.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    RegistrationNonce nonce = new RegistrationNonce(head.getNumber().longValueExact(), Numeric.hexStringToByteArray(head.getHash()));
    ReportDataBinding binding = ReportDataBinding.of(BigInteger.valueOf(c.chainId()),
        Numeric.hexStringToByteArray(c.contracts().registry()), pk, Numeric.hexStringToByteArray(signer.getAddress()), enc, nonce.blockHash());
    SimulatedHierarchy chip = SimulatedHierarchy.load(c.workDir().resolve("simulated-sev"));
    byte[] measurement = HexFormat.of().parseHex(LocalCluster.DEVNET_MEASUREMENT);
    byte[] evidence = nonce.attachTo(new SimulatedProvider(chip, b -> b.measurement(measurement), Clock.systemUTC())
        .obtain(binding.reportData().toArray())).encode();

    AttestationRegistry asGuest = AttestationRegistry.load(c.contracts().registry(), c.web3j(), c.tm(signer), c.gas());
    LocalCluster.call("register the benchmark guest's keys", () -> asGuest.registerKeys(pk, enc, evidence).send());
    var policy = asGuest.currentPolicy().send();
    int threshold = policy.component3().intValueExact();
    Set<String> verifiers = new HashSet<>();
    for (Object v : asGuest.verifierSet().send()) {
      verifiers.add(v.toString().toLowerCase(java.util.Locale.ROOT));
    }
    long expiry = Instant.now().getEpochSecond() + 86_400;
    AttestationApproval expected = new AttestationApproval(pk, signer.getAddress(), enc,
        AttestationApproval.evidenceHashOf(evidence), new byte[48], 0, expiry);
    var got = new ApprovalCollector(Eip712Domain.attestationRegistry(c.chainId(), c.contracts().registry()))
        .collect(c.verifierUrls(), keyHash, expiry, expected, verifiers);
    if (got.signatures().size() < threshold) {
      throw new IllegalStateException("the benchmark guest got " + got.signatures().size() + " of " + threshold + " approvals: " + got.problems());
    }
    LocalCluster.call("activate the benchmark guest's keys",
        () -> asGuest.activateKeys(got.approval().toContractStruct(), got.signatures().subList(0, threshold)).send());
    VRFCoordinator coordinator = VRFCoordinator.load(c.contracts().coordinator(), c.web3j(), c.tm(c.deployer()), c.gas());
    LocalCluster.call("register the benchmark guest's VRF key", () -> coordinator.registerProvingKey(pk, c.deployer().getAddress()).send());
    return new ExternalGuest(vrf, signer, keyHash);
  }
}
