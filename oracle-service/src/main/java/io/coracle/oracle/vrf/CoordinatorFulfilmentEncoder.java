package io.coracle.oracle.vrf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coracle.contracts.ProofCalldataResult;
import io.coracle.contracts.VrfProofCalldata;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.config.CoracleConfig;
import io.coracle.oracle.ledger.VrfRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

/** fulfillRandomWords(publicKey || pi || helpers, commitment) for the VRFCoordinator in contracts/. */
@ApplicationScoped
public class CoordinatorFulfilmentEncoder implements FulfilmentEncoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject CoracleConfig config;
  @Inject ChainClient chain;
  @Inject RandomnessProver prover;

  private volatile VRFCoordinator coordinator;

  @Override
  public String coordinator() {
    return config.chain().coordinator();
  }

  @Override
  public String fulfilCalldata(VrfRequest r, RandomnessProver.Proof proof) {
    ProofCalldataResult built = proof.calldata() != null
        ? proof.calldata()
        : VrfProofCalldata.from(prover.publicKeyCompressed(), proof.alpha(), proof.pi());
    if (built instanceof ProofCalldataResult.Rejected rejected) {
      // Our own proof: only ECVRF.sol's ~2^-128 divergence can land here.
      throw new IllegalStateException("own proof not expressible on chain: " + rejected.description());
    }
    JsonNode c;
    try {
      c = JSON.readTree(r.commitment);
    } catch (IOException e) {
      throw new IllegalStateException("stored commitment of " + r.id + " is unreadable", e);
    }
    VRFCoordinator.RequestCommitment rc =
        new VRFCoordinator.RequestCommitment(
            new BigInteger(c.path("preSeed").asText()),
            new BigInteger(c.path("blockNum").asText()),
            new BigInteger(c.path("subId").asText()),
            new BigInteger(c.path("callbackGasLimit").asText()),
            new BigInteger(c.path("numWords").asText()),
            c.path("sender").asText(),
            new BigInteger(c.path("reserve").asText()));
    if (!r.keyHash.equalsIgnoreCase(prover.keyHash())) {
      // Another guest's request, answered after the failover delay with this guest's key.
      return wrapper()
          .fulfillRandomWordsAsBackup(org.web3j.utils.Numeric.hexStringToByteArray(r.keyHash), built.calldata().proof(), rc)
          .encodeFunctionCall();
    }
    return wrapper().fulfillRandomWords(built.calldata().proof(), rc).encodeFunctionCall();
  }

  private VRFCoordinator wrapper() {
    VRFCoordinator w = coordinator;
    if (w == null) {
      w = VRFCoordinator.load(
          coordinator(), chain.web3j(), new ReadonlyTransactionManager(chain.web3j(), coordinator()), new DefaultGasProvider());
      coordinator = w;
    }
    return w;
  }
}
