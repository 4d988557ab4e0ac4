package io.coracle.oracle.sender;

import io.coracle.chain.tx.RevertReasons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;

/** Names the custom errors of the contracts the guest calls, so a revert reads as words. */
@ApplicationScoped
public class RevertReasonsProducer {
  @Produces
  @Singleton
  RevertReasons revertReasons() {
    return new RevertReasons()
        // VRFCoordinator
        .register("Reentrant()")
        .register("UnknownKeyHash(bytes32)", new TypeReference<Bytes32>() {})
        .register("InactiveKeyHash(bytes32)", new TypeReference<Bytes32>() {})
        .register("MalformedProof()")
        .register("NoCorrespondingRequest(uint256)", new TypeReference<Uint256>() {})
        .register("IncorrectCommitment(uint256)", new TypeReference<Uint256>() {})
        .register("InvalidProof()")
        .register("InsufficientGasForConsumer(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("InsufficientBalance(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("InvalidRequestConfirmations(uint16,uint16,uint16)", new TypeReference<Uint16>() {}, new TypeReference<Uint16>() {}, new TypeReference<Uint16>() {})
        .register("GasLimitTooBig(uint32,uint32)", new TypeReference<Uint32>() {}, new TypeReference<Uint32>() {})
        .register("TransferFailed(address)", new TypeReference<Address>() {})
        // AttestationRegistry
        .register("MalformedKey()")
        .register("EmptyEvidence()")
        .register("KeyIsRevoked(bytes32)", new TypeReference<Bytes32>() {})
        .register("ApprovalRejected(uint256)", new TypeReference<Uint256>() {})
        .register("InvalidVerifierSet()")
        // BlockhashStore (Error strings come through as they are)
        // StrategyVault (trading): what it refuses, by name
        .register("NotIntentGuest(address)", new TypeReference<Address>() {})
        .register("IntentNotOpen(bytes32,uint8)", new TypeReference<Bytes32>() {}, new TypeReference<org.web3j.abi.datatypes.generated.Uint8>() {})
        .register("UnknownIntent(bytes32)", new TypeReference<Bytes32>() {})
        .register("IntentHasExpired(bytes32,uint64)", new TypeReference<Bytes32>() {}, new TypeReference<org.web3j.abi.datatypes.generated.Uint64>() {})
        .register("DeadlinePassed(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("DeadlineTooFar(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("SliceOutOfOrder(uint32,uint32)", new TypeReference<Uint32>() {}, new TypeReference<Uint32>() {})
        .register("ZeroAmount()")
        .register("AmountAboveMaxPerExecution(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("AmountAboveRemaining(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("SlippageAboveBound(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("UnexpectedSwapResult(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("InvalidCode(uint8)", new TypeReference<org.web3j.abi.datatypes.generated.Uint8>() {})
        // Uniswap V2 router (the devnet's and forks' custom errors; older forks revert with strings)
        .register("InsufficientOutputAmount(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        .register("Expired(uint256,uint256)", new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {})
        ;
  }
}
