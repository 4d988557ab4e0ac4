package io.coracle.devnet;

import io.coracle.attestation.provider.SimulatedHierarchy;
import io.coracle.attestation.report.ProcessorGeneration;
import io.coracle.chain.ChainEventTopicsAdmin;
import io.coracle.chain.tx.TransactionSender;
import io.coracle.contracts.ContractSet;
import io.coracle.contracts.CoracleDeployer;
import io.coracle.contracts.DeploymentOptions;
import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.TradingContracts;
import io.coracle.contracts.TradingDeployer;
import io.coracle.contracts.TradingDeploymentOptions;
import io.coracle.contracts.generated.AttestationRegistry;
import io.coracle.contracts.generated.Lottery;
import io.coracle.contracts.generated.TestToken;
import io.coracle.contracts.generated.TraitMinter;
import io.coracle.contracts.generated.VRFCoordinator;
import io.coracle.testsupport.ChildProcess;
import io.coracle.testsupport.DevAccounts;
import io.coracle.testsupport.EvmClient;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeOptions;
import io.coracle.testsupport.FreePorts;
import io.coracle.testsupport.KafkaBroker;
import io.coracle.testsupport.NodeModules;
import io.coracle.testsupport.PostgresServer;
import io.coracle.testsupport.TcpProxy;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * A whole Coracle system on one machine, from real parts: PostgreSQL (embedded binaries), a Kafka
 * KRaft node (in-process), an EVM node (Ganache, anvil, or an existing one), the contracts, M-of-N
 * verifier processes with their own keys, and oracle-service processes in a simulated SEV-SNP
 * guest. {@code ./coracle devnet} runs one; the system tests run one and break parts of it.
 *
 * <p>Kafka, PostgreSQL and the RPC endpoint are reached through {@link TcpProxy}s, so an outage can
 * be staged without stopping the component.
 */
public final class LocalCluster implements AutoCloseable {
  /** The measurement the simulated guest reports and the registry allows (devnet only). */
  /** Blocks a request waits for its own guest before another guest's key may answer it. */
  public static final int FAILOVER_DELAY_BLOCKS = 20;

  public static final String DEVNET_MEASUREMENT =
      java.util.HexFormat.of().formatHex(sha384("coracle devnet simulated guest image v1"));

  /**
   * @param rpcUrl an existing node to use instead of starting one
   * @param deployerKey the funded key that deploys and governs (default: the first dev account)
   * @param verifiers how many independent verifier processes; {@code threshold} of them must approve
   * @param confirmations the coordinator's minimum request confirmations
   * @param oracleEnv settings for the oracle processes, applied over the devnet's own
   */
  public record Options(
      Path workDir,
      Optional<String> rpcUrl,
      Optional<String> deployerKey,
      EvmClient evm,
      int verifiers,
      int threshold,
      int confirmations,
      int oracleReplicas,
      int eventPartitions,
      int blockTimeSeconds,
      Map<String, String> oracleEnv,
      Consumer<String> progress) {

    /** Ganache mining a block every second, 2 of 3 verifiers, one oracle, one confirmation. */
    public static Options defaults(Path workDir, Consumer<String> progress) {
      return new Options(workDir, Optional.empty(), Optional.empty(), EvmClient.GANACHE, 3, 2, 1, 1, 8, 1, Map.of(), progress);
    }

    /** Settings for the oracle processes, over the devnet's own (the benchmark's longer leases). */
    public Options withOracleEnv(Map<String, String> env) {
      return new Options(workDir, rpcUrl, deployerKey, evm, verifiers, threshold, confirmations, oracleReplicas, eventPartitions, blockTimeSeconds, Map.copyOf(env), progress);
    }

    public Options withBlockTime(int seconds) {
      return new Options(workDir, rpcUrl, deployerKey, evm, verifiers, threshold, confirmations, oracleReplicas, eventPartitions, seconds, oracleEnv, progress);
    }

    public Options withRpc(String url, Optional<String> key) {
      return new Options(workDir, Optional.of(url), key, evm, verifiers, threshold, confirmations, oracleReplicas, eventPartitions, blockTimeSeconds, oracleEnv, progress);
    }

    public Options withEvm(EvmClient client) {
      return new Options(workDir, rpcUrl, deployerKey, client, verifiers, threshold, confirmations, oracleReplicas, eventPartitions, blockTimeSeconds, oracleEnv, progress);
    }

    public Options withReplicas(int n) {
      return new Options(workDir, rpcUrl, deployerKey, evm, verifiers, threshold, confirmations, n, eventPartitions, blockTimeSeconds, oracleEnv, progress);
    }

    public Options withConfirmations(int n) {
      return new Options(workDir, rpcUrl, deployerKey, evm, verifiers, threshold, n, oracleReplicas, eventPartitions, blockTimeSeconds, oracleEnv, progress);
    }
  }

  private final Options options;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<ChildProcess> verifierProcesses = new ArrayList<>();
  private final List<String> verifierUrls = new ArrayList<>();
  private final List<OracleProcess> oracles = new ArrayList<>();

  private PostgresServer postgres;
  private KafkaBroker kafka;
  private EvmNode evmNode;
  private TcpProxy postgresProxy;
  private TcpProxy kafkaProxy;
  private TcpProxy rpcProxy;
  private Web3j web3j;
  private long chainId;
  private Credentials deployer;
  private ContractSet contracts;
  private Path simulatedDir;
  private String keyHash;
  private String signer;
  private long deployBlock;
  private TradingContracts trading;
  private final String tradingOperatorToken = randomHex(16);
  private static final Credentials TRADER = Credentials.create(Numeric.toHexString(org.web3j.crypto.Hash.sha3(
      "coracle devnet trader (public, never use with real funds)".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
  private static final Credentials MARKET_MAKER = Credentials.create(Numeric.toHexString(org.web3j.crypto.Hash.sha3(
      "coracle devnet market maker (public, never use with real funds)".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));

  private LocalCluster(Options options) {
    this.options = options;
  }

  /** Starts everything and waits until the first oracle's keys are active. */
  public static LocalCluster start(Options options) {
    LocalCluster c = new LocalCluster(options);
    try {
      c.boot();
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  private void say(String s) {
    options.progress().accept(s);
  }

  private void boot() {
    try {
      Files.createDirectories(options.workDir());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + options.workDir() + ": " + e.getMessage(), e);
    }
    say("starting PostgreSQL 17 (embedded binaries)");
    postgres = PostgresServer.start();
    closeables.add(postgres);
    postgres.createDatabase("coracle");
    postgresProxy = TcpProxy.start(0, "127.0.0.1", postgres.port());
    closeables.add(postgresProxy);

    say("starting Kafka 4 (KRaft, in-process)");
    // Clients are told to connect to the proxy's port, which relays to the broker's real listener.
    int kafkaAdvertised = FreePorts.next();
    kafka = KafkaBroker.start(options.workDir().resolve("kafka-" + System.nanoTime()), kafkaAdvertised);
    closeables.add(kafka);
    kafkaProxy = TcpProxy.start(kafkaAdvertised, "localhost", kafka.listenPort());
    closeables.add(kafkaProxy);
    ChainEventTopicsAdmin.ensureTopics(Map.of("bootstrap.servers", kafkaBootstrap()), options.eventPartitions(), (short) 1);

    String rpc;
    if (options.rpcUrl().isPresent()) {
      rpc = options.rpcUrl().get();
      say("using the EVM node at " + rpc);
    } else {
      say("starting " + (options.evm() == EvmClient.ANVIL ? "anvil" : "Ganache 7.9.2") + " (hardfork shanghai)");
      EvmNodeOptions evmOptions = EvmNodeOptions.defaults().withBlockTime(options.blockTimeSeconds()).withLogFile(options.workDir().resolve(options.evm().name().toLowerCase() + ".log"));
      evmNode = options.evm() == EvmClient.ANVIL ? io.coracle.testsupport.AnvilNode.start(evmOptions) : io.coracle.testsupport.GanacheNode.start(evmOptions);
      closeables.add(evmNode);
      rpc = evmNode.rpcUrl();
    }
    java.net.URI rpcUri = java.net.URI.create(rpc);
    if (evmNode != null) {
      // Our own node: the services reach it through a proxy a test can cut.
      rpcProxy = TcpProxy.start(0, "127.0.0.1", rpcUri.getPort());
      closeables.add(rpcProxy);
    }
    web3j = Web3j.build(new HttpService(rpc));
    try {
      chainId = web3j.ethChainId().send().getChainId().longValueExact();
    } catch (IOException e) {
      throw new IllegalStateException("the EVM node at " + rpc + " does not answer: " + e.getMessage(), e);
    }
    deployer = options.deployerKey().map(Credentials::create).orElse(DevAccounts.get(0));

    say("deploying the contracts (verifier, blockhash store, registry, coordinator, TraitMinter, Lottery)");
    try {
      deployBlock = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    DeploymentOptions deployment =
        DeploymentOptions.defaults()
            .withMinimumRequestConfirmations(options.confirmations())
            // Reserves are sized at the maximum gas price: 20 gwei suits a devnet (mainnet-like 200 would
            // lock 0.07 ETH per pending request).
            .withFees(BigInteger.ZERO, Convert.toWei("20", Convert.Unit.GWEI).toBigInteger())
            .withLottery(Convert.toWei("0.01", Convert.Unit.ETHER).toBigInteger(), 30, 3_600);
    contracts = CoracleDeployer.deploy(web3j, deployer, deployment);
    deployTrading();

    say("governance: allowing the devnet image measurement, " + options.verifiers() + " verifiers, threshold " + options.threshold());
    List<Credentials> verifierKeys = new ArrayList<>();
    for (int i = 0; i < options.verifiers(); i++) {
      verifierKeys.add(DevAccounts.get(DevAccounts.COUNT - 1 - i));
    }
    AttestationRegistry registry = AttestationRegistry.load(contracts.registry(), web3j, tm(deployer), gas());
    call("allow the devnet measurement", () -> registry.setMeasurementAllowed(Numeric.hexStringToByteArray(DEVNET_MEASUREMENT), true).send());
    List<String> verifierAddrs =
        verifierKeys.stream().map(Credentials::getAddress).sorted(Comparator.comparing(a -> new BigInteger(1, Numeric.hexStringToByteArray(a)))).toList();
    call("set the verifiers", () -> registry.setVerifiers(verifierAddrs, BigInteger.valueOf(options.threshold())).send());
    VRFCoordinator coordinatorAsOwner = VRFCoordinator.load(contracts.coordinator(), web3j, tm(deployer), gas());
    call("set the failover delay", () -> coordinatorAsOwner.setFailoverDelay(BigInteger.valueOf(FAILOVER_DELAY_BLOCKS)).send());

    say("creating the simulated SEV-SNP chip (a local AMD-like hierarchy; proves nothing about hardware)");
    simulatedDir = options.workDir().resolve("simulated-sev");
    try {
      SimulatedHierarchy.loadOrCreate(simulatedDir, ProcessorGeneration.MILAN, Instant.now(), new SecureRandom());
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the simulated chip: " + e.getMessage(), e);
    }

    for (int i = 0; i < verifierKeys.size(); i++) {
      startVerifier(i, verifierKeys.get(i), rpcForClients());
    }

    for (int i = 0; i < options.oracleReplicas(); i++) {
      addOracle("oracle-" + (i + 1), "coracle-oracle", options.workDir().resolve("guest-keys"));
    }
    OracleProcess first = oracles.get(0);
    say("starting the oracle service in a simulated guest (" + first.url() + ")");
    for (OracleProcess o : oracles) {
      o.start(Duration.ofMinutes(3));
    }
    try {
      var keys = first.keys();
      signer = keys.get("signer").asText();
      keyHash = keys.get("keyHash").asText();
      String vrfPk = keys.get("vrfPublicKey").asText();
      say("guest keys generated and sealed: signer " + signer + ", VRF key hash " + keyHash);
      say("funding the guest signer with 1,000 ETH and registering its VRF key on the coordinator");
      call("fund the signer", () -> new Transfer(web3j, tm(deployer)).sendFunds(signer, java.math.BigDecimal.valueOf(1_000), Convert.Unit.ETHER).send());
      VRFCoordinator coordinator = VRFCoordinator.load(contracts.coordinator(), web3j, tm(deployer), gas());
      call("register the proving key", () -> coordinator.registerProvingKey(Numeric.hexStringToByteArray(vrfPk), DevAccounts.get(1).getAddress()).send());
      byte[] kh = KeyHashes.of(Numeric.hexStringToByteArray(vrfPk));
      TraitMinter minter = TraitMinter.load(contracts.traitMinter(), web3j, tm(deployer), gas());
      Lottery lottery = Lottery.load(contracts.lottery(), web3j, tm(deployer), gas());
      call("point TraitMinter at the key", () -> minter.setVrfSettings(new TraitMinter.VrfSettings(kh, contracts.exampleSubscriptionId(),
          BigInteger.valueOf(options.confirmations()), BigInteger.valueOf(200_000))).send());
      call("point Lottery at the key", () -> lottery.setVrfSettings(new Lottery.VrfSettings(kh, contracts.exampleSubscriptionId(),
          BigInteger.valueOf(options.confirmations()), BigInteger.valueOf(200_000))).send());
      call("fund the example subscription", () -> coordinator.fundSubscription(contracts.exampleSubscriptionId(), Convert.toWei("500", Convert.Unit.ETHER).toBigInteger()).send());
    } catch (IOException e) {
      throw new IllegalStateException("the oracle service did not report its keys: " + e.getMessage(), e);
    }
    say("waiting for the attestation: evidence registered on-chain, " + options.threshold() + " of " + options.verifiers() + " verifiers approve");
    for (OracleProcess o : oracles) {
      o.awaitReady(Duration.ofMinutes(3));
    }
    say("oracle ready: keys active in the AttestationRegistry");
  }

  /**
   * The trading set (issue 7): tWETH and tUSD, a constant-product pool seeded at 2,500 tUSD per tWETH,
   * the router and the StrategyVault; a trader funded with test tokens, and a market maker who
   * moves prices in demos and tests.
   */
  private void deployTrading() {
    say("deploying the trading contracts (tWETH, tUSD, constant-product pool at 2,500 tUSD/tWETH, router, StrategyVault)");
    trading = TradingDeployer.deployDevnet(web3j, deployer, contracts.registry(), TradingDeploymentOptions.devnet(), null);
    TestToken base = TestToken.load(trading.baseToken(), web3j, tm(deployer), gas());
    TestToken quote = TestToken.load(trading.quoteToken(), web3j, tm(deployer), gas());
    BigInteger unit = BigInteger.TEN.pow(18);
    for (Credentials who : List.of(trader(), marketMaker())) {
      call("fund " + who.getAddress() + " with ETH for gas",
          () -> new Transfer(web3j, tm(deployer)).sendFunds(who.getAddress(), java.math.BigDecimal.valueOf(100), Convert.Unit.ETHER).send());
      call("mint tWETH for " + who.getAddress(), () -> base.mint(who.getAddress(), unit.multiply(BigInteger.valueOf(500))).send());
      call("mint tUSD for " + who.getAddress(), () -> quote.mint(who.getAddress(), unit.multiply(BigInteger.valueOf(1_000_000))).send());
    }
    say("trader " + trader().getAddress() + " and market maker " + marketMaker().getAddress() + " hold 500 tWETH and 1,000,000 tUSD each");
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  private void startVerifier(int i, Credentials key, String rpc) {
    int port = FreePorts.next();
    Path log = options.workDir().resolve("verifier-" + (i + 1) + ".log");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", absoluteClassPath(), "io.coracle.cli.Coracle", "verifier", "serve",
        "--rpc", rpc, "--registry", contracts.registry(), "--chain-id", Long.toString(chainId),
        "--port", Integer.toString(port), "--trust-root", simulatedDir.resolve("ark.der").toString()));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CORACLE_VERIFIER_KEY", Numeric.toHexStringNoPrefix(key.getEcKeyPair().getPrivateKey()));
    ChildProcess p = ChildProcess.start("verifier-" + (i + 1), cmd, env, options.workDir(), log);
    closeables.add(p);
    verifierProcesses.add(p);
    String url = "http://127.0.0.1:" + port;
    p.awaitHttpOk(url + "/v1/verifier", Duration.ofSeconds(90));
    verifierUrls.add(url);
    say("verifier " + (i + 1) + " running at " + url + " as " + key.getAddress() + " (its own key)");
  }

  /**
   * Adds an oracle process (not started). Processes that share {@code keysDir} are replicas of one
   * guest identity; {@code consumerGroup} decides how they split the events.
   */
  public OracleProcess addOracle(String name, String consumerGroup, Path keysDir) {
    return addOracle(name, consumerGroup, keysDir, "coracle");
  }

  /**
   * Adds another guest: its own keys, its own database and its own consumer group (so it sees every
   * request and can answer another guest's after the failover delay), started, funded, its VRF key
   * registered on the coordinator, and ready (attested and approved).
   */
  public OracleProcess addGuest(String name) throws Exception {
    String db = name.replace('-', '_');
    postgres.createDatabase(db);
    OracleProcess o = addOracle(name, "coracle-" + name, options.workDir().resolve(name + "-keys"), db);
    o.start(Duration.ofMinutes(3));
    var keys = o.keys();
    String guestSigner = keys.get("signer").asText();
    call("fund " + name, () -> new Transfer(web3j, tm(deployer)).sendFunds(guestSigner, java.math.BigDecimal.valueOf(100), Convert.Unit.ETHER).send());
    VRFCoordinator coordinator = VRFCoordinator.load(contracts.coordinator(), web3j, tm(deployer), gas());
    call("register " + name + "'s VRF key",
        () -> coordinator.registerProvingKey(Numeric.hexStringToByteArray(keys.get("vrfPublicKey").asText()), DevAccounts.get(1).getAddress()).send());
    o.awaitReady(Duration.ofMinutes(3));
    return o;
  }

  private OracleProcess addOracle(String name, String consumerGroup, Path keysDir, String database) {
    int port = FreePorts.next();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("CORACLE_CHAIN_ID", Long.toString(chainId));
    env.put("CORACLE_CHAIN_RPC_URLS", rpcForClients());
    env.put("CORACLE_CHAIN_COORDINATOR", contracts.coordinator());
    env.put("CORACLE_CHAIN_REGISTRY", contracts.registry());
    env.put("CORACLE_CHAIN_BLOCKHASH_STORE", contracts.blockhashStore());
    env.put("CORACLE_CHAIN_START_BLOCK", Long.toString(deployBlock));
    env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
    env.put("MP_MESSAGING_INCOMING_CHAIN_EVENTS_GROUP_ID", consumerGroup);
    env.put("CORACLE_DB_REACTIVE_URL", "postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database);
    env.put("CORACLE_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + postgresProxy.port() + "/" + database);
    env.put("CORACLE_FAILOVER_ENABLED", "true");
    env.put("CORACLE_DB_USER", PostgresServer.USER);
    env.put("CORACLE_DB_PASSWORD", PostgresServer.PASSWORD);
    env.put("CORACLE_KEYS_DIR", keysDir.toString());
    env.put("CORACLE_KEYS_SEALING", "file");
    env.put("CORACLE_ATTESTATION_PROVIDER", "simulated");
    env.put("CORACLE_ATTESTATION_SIMULATED_DIR", simulatedDir.toString());
    env.put("CORACLE_ATTESTATION_SIMULATED_MEASUREMENT", DEVNET_MEASUREMENT);
    env.put("CORACLE_ATTESTATION_VERIFIERS", String.join(",", verifierUrls));
    env.put("CORACLE_TRADING_ENABLED", "true");
    env.put("CORACLE_TRADING_VAULT", trading.vault());
    env.put("CORACLE_TRADING_PAIRS", trading.pair());
    env.put("CORACLE_TRADING_NATIVE_TOKEN", trading.baseToken());
    env.put("CORACLE_TRADING_OPERATOR_TOKEN", tradingOperatorToken);
    env.put("CORACLE_TRADING_GROUP_ID", consumerGroup + "-trading");
    // A local node answers in microseconds: poll it often, so latency is set by blocks, not by us.
    env.put("CORACLE_FOLLOWER_POLL_INTERVAL", "PT0.1S");
    env.put("CORACLE_SENDER_POLL_INTERVAL", "PT0.1S");
    // A signer sends at most max-in-flight per round trip (send, mined, seen), about two blocks: 64
    // caps a 1-second chain at about 32 fulfilments/s per signer, 256 at ~128/s (below anvil's
    // ~280 fulfilments per 30M-gas block). 1024 leaves the node's block gas limit as the cap.
    env.put("CORACLE_SENDER_MAX_IN_FLIGHT", "1024");
    // Blocks come every second or so here: a transaction unmined for ten is stuck. Not on Ganache
    // under load: it takes 10 - 20 s to mine a block of ~285 fulfilments, and replacing what it is
    // mining (948 replacements in one 300-request bench run) only added work and "mining has
    // already started" refusals.
    env.put("CORACLE_SENDER_STUCK_AFTER", defaultStuckAfter());
    env.putAll(options.oracleEnv());
    OracleProcess o =
        new OracleProcess(name, oracleJar(), env, options.workDir(), options.workDir().resolve(name + ".log"), port);
    oracles.add(o);
    closeables.add(o::stop);
    return o;
  }

  /** This JVM's class path with absolute entries, for child JVMs started in another directory. */
  static String absoluteClassPath() {
    StringBuilder sb = new StringBuilder();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (e.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(java.io.File.pathSeparatorChar);
      }
      sb.append(e.endsWith("*") ? Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + java.io.File.separator + "*"
          : Path.of(e).toAbsolutePath().toString());
    }
    return sb.toString();
  }

  /** The oracle service's runnable jar, built by the oracle-service module. */
  public static Path oracleJar() {
    Path jar = NodeModules.repositoryRoot().resolve("oracle-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the oracle service is not built (" + jar + "); run ./mvnw -pl oracle-service -am package");
    }
    return jar;
  }

  private String rpcForClients() {
    return rpcProxy != null ? "http://127.0.0.1:" + rpcProxy.port() : options.rpcUrl().orElseThrow();
  }

  /** The JSON-RPC endpoint clients (the demo, a user's tools) reach the chain through. */
  public String rpcUrl() {
    return rpcForClients();
  }

  public String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaProxy.port();
  }

  public Web3j web3j() {
    return web3j;
  }

  public Path workDir() {
    return options.workDir();
  }

  public int blockTimeSeconds() {
    return options.rpcUrl().isPresent() ? -1 : options.blockTimeSeconds();
  }

  /**
   * How long the oracle's sender waits before it sends an unmined transaction again, for the
   * stuck-after this cluster gives it (or the caller's override).
   */
  public Duration senderRebroadcastAfter() {
    return TransactionSender.rebroadcastAfter(
        Duration.parse(options.oracleEnv().getOrDefault("CORACLE_SENDER_STUCK_AFTER", defaultStuckAfter())));
  }

  private String defaultStuckAfter() {
    return options.evm() == EvmClient.GANACHE && options.rpcUrl().isEmpty() ? "PT60S" : "PT10S";
  }

  public long chainId() {
    return chainId;
  }

  public Credentials deployer() {
    return deployer;
  }

  public ContractSet contracts() {
    return contracts;
  }

  public String keyHash() {
    return keyHash;
  }

  public String signer() {
    return signer;
  }

  public List<OracleProcess> oracles() {
    return List.copyOf(oracles);
  }

  public OracleProcess oracle() {
    return oracles.get(0);
  }

  public List<String> verifierUrls() {
    return List.copyOf(verifierUrls);
  }

  /** The trading contracts (vault, router, pool, tWETH as base, tUSD as quote). */
  public TradingContracts trading() {
    return trading;
  }

  /**
   * The devnet's trader: a key derived from a public phrase (devnet only, like the dev accounts),
   * used by nobody else, so its nonces never race with the other demos.
   */
  public Credentials trader() {
    return TRADER;
  }

  /** Moves the pool's price in demos and tests (another publicly derived devnet key). */
  /** The simulated chip's ARK (DER), which a devnet's evidence chains to; pass it to {@code audit --trust-root}. */
  public Path simulatedArk() {
    return simulatedDir.resolve("ark.der");
  }

  public Credentials marketMaker() {
    return MARKET_MAKER;
  }

  /** Bearer token of the oracles' operator endpoints (circuit breaker). */
  public String tradingOperatorToken() {
    return tradingOperatorToken;
  }

  public Optional<EvmNode> evmNode() {
    return Optional.ofNullable(evmNode);
  }

  public TcpProxy postgresProxy() {
    return postgresProxy;
  }

  public TcpProxy kafkaProxy() {
    return kafkaProxy;
  }

  /** Null when the RPC endpoint is remote (then it cannot be cut). */
  public TcpProxy rpcProxy() {
    return rpcProxy;
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public TransactionManager tm(Credentials who) {
    return CoracleDeployer.transactionManager(web3j, who, chainId);
  }

  public ContractGasProvider gas() {
    try {
      return CoracleDeployer.gasProvider(web3j, web3j.ethGasPrice().send().getGasPrice());
    } catch (IOException e) {
      throw new IllegalStateException("eth_gasPrice: " + e.getMessage(), e);
    }
  }

  /** Every address, as {@code ./coracle contracts deploy} prints them, and the trading set's. */
  public Map<String, String> addresses() {
    Map<String, String> all = new LinkedHashMap<>(contracts.addresses());
    all.putAll(trading.addresses());
    return all;
  }

  interface Step {
    Object run() throws Exception;
  }

  static void call(String what, Step step) {
    try {
      Object r = step.run();
      if (r instanceof org.web3j.protocol.core.methods.response.TransactionReceipt rec && !rec.isStatusOK()) {
        throw new IllegalStateException(what + " reverted (tx " + rec.getTransactionHash() + ")");
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    closeables.clear();
    if (web3j != null) {
      web3j.shutdown();
    }
  }

  private static byte[] sha384(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-384").digest(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
