package io.coracle.oracle.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The service's configuration, immutable. Values come from application.properties for defaults
 * and from the environment in production (e.g. {@code CORACLE_CHAIN_RPC_URLS}).
 */
@ConfigMapping(prefix = "coracle")
public interface CoracleConfig {

  Chain chain();

  Keys keys();

  Attestation attestation();

  Sender sender();

  Follower follower();

  Failover failover();

  Prover prover();

  interface Prover {
    /**
     * Threads that make the ECVRF proofs of incoming requests; 0 means half the available cores, at
     * least one. Proving is pure CPU: on every core it would starve the ledger, the sender and, on a
     * devnet, the node itself, and a burst's first fulfilments would wait for all its proofs.
     */
    @WithDefault("0")
    int threads();
  }

  interface Failover {
    /**
     * Watch other guests' requests and answer those still pending after the coordinator's failover
     * delay (several guests serving one coordinator). Each guest then needs its own consumer group
     * and its own database.
     */
    @WithDefault("false")
    boolean enabled();
  }

  interface Chain {
    /** EIP-155 chain id; the service refuses a node that reports another. */
    long id();

    /** JSON-RPC endpoints, tried in order. */
    @WithName("rpc-urls")
    List<String> rpcUrls();

    /** VRFCoordinator address. */
    String coordinator();

    /** AttestationRegistry address. */
    String registry();

    /** BlockhashStore address, used for requests older than 256 blocks. */
    @WithName("blockhash-store")
    String blockhashStore();

    /** First block to scan when the follower has no checkpoint (the coordinator's deployment block). */
    @WithName("start-block")
    @WithDefault("0")
    long startBlock();
  }

  interface Keys {
    /** Where the sealed keys live. */
    Path dir();

    /**
     * How the sealing key is obtained: {@code snp-derived} inside an SEV-SNP guest, or {@code file}
     * (a stand-in for development that offers no protection at all).
     */
    @WithDefault("snp-derived")
    String sealing();
  }

  interface Attestation {
    /** simulated | configfs | sev-guest */
    @WithDefault("configfs")
    String provider();

    /** Directory of the simulated AMD hierarchy (devnet only). */
    @WithName("simulated-dir")
    Optional<Path> simulatedDir();

    /** The launch measurement the simulated guest reports (96 hex digits); devnet only. */
    @WithName("simulated-measurement")
    Optional<String> simulatedMeasurement();

    /** Path of the snpguest tool for the sev-guest provider and the SNP derived sealing key. */
    @WithDefault("/usr/bin/snpguest")
    Path snpguest();

    /** Register the keys in the AttestationRegistry at start-up. */
    @WithDefault("true")
    boolean register();

    /** Base URLs of the verifiers asked for approvals (each an independent operator). */
    Optional<List<String>> verifiers();

    /** How long an approval asked for lasts (verifiers and the registry may cap it). */
    @WithDefault("P7D")
    Duration validity();

    /** Ask for fresh evidence this long before the registration expires. */
    @WithName("renew-before")
    @WithDefault("PT1H")
    Duration renewBefore();
  }

  interface Sender {
    @WithName("max-in-flight")
    @WithDefault("64")
    int maxInFlight();

    @WithName("stuck-after")
    @WithDefault("PT30S")
    Duration stuckAfter();

    @WithName("poll-interval")
    @WithDefault("PT0.2S")
    Duration pollInterval();

    /** The lease that makes this process the only owner of the signer's nonces. */
    @WithDefault("PT15S")
    Duration lease();
  }

  interface Follower {
    /** Run the log follower in this process (one active follower per chain, chosen by Kafka). */
    @WithDefault("true")
    boolean enabled();

    @WithName("poll-interval")
    @WithDefault("PT0.5S")
    Duration pollInterval();

    @WithName("window")
    @WithDefault("256")
    int window();

    /**
     * How long a silent follower keeps the chain before another replica takes it over (the Kafka
     * group session of the follower's membership).
     */
    @WithName("session-timeout")
    @WithDefault("PT10S")
    Duration sessionTimeout();
  }
}
