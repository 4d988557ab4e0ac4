package io.coracle.oracle.trading;

import io.coracle.contracts.KeyHashes;
import io.coracle.contracts.generated.CoracleV2Pair;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.oracle.chain.ChainClient;
import io.coracle.oracle.keys.GuestKeys;
import io.coracle.trading.engine.EngineConfig;
import io.coracle.trading.engine.RiskLimits;
import io.coracle.trading.engine.TradingEngine;
import io.coracle.trading.crypto.StrategyDecryptor;
import io.coracle.trading.market.PriceGuard;
import io.coracle.trading.strategy.Strategy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * What the trading parts of the guest share: the engine (configured from {@link TradingConfig}), the
 * decryptor holding the guest's encryption secret, this guest's key hash (intents addressed to other
 * guests are not ours), the watched pools by token pair, and the decrypted strategies, which live in
 * this process's memory only.
 */
@ApplicationScoped
public class TradingRuntime {
  private static final Logger LOG = Logger.getLogger(TradingRuntime.class);

  @Inject TradingConfig config;
  @Inject TradingEvents events;
  @Inject GuestKeys keys;
  @Inject ChainClient chain;

  private TradingEngine engine;
  private StrategyDecryptor decryptor;
  private String keyHash;
  private volatile Map<String, String> pairByTokens;
  private final Map<String, Strategy> strategies = new ConcurrentHashMap<>();

  void onStart(@Observes StartupEvent ev) {
    TradingConfig.Risk r = config.risk();
    engine = new TradingEngine(new EngineConfig(
        new RiskLimits(r.maxOpenIntentsPerTrader(), r.maxExecutionsPerTraderPerHour(), 3_600, r.maxGasFractionBps(), r.maxSlippageBps(),
            r.maxAttemptsPerSlice(), r.breakerFailures()),
        new PriceGuard(config.guard().windowBlocks(), config.guard().maxMoveBps()), config.executeGas(), config.deadlineSeconds(), true));
    decryptor = new StrategyDecryptor(keys.encryptionSecret());
    keyHash = Numeric.toHexString(KeyHashes.of(keys.publicKeys().vrfCompressed())).toLowerCase(Locale.ROOT);
    if (active()) {
      LOG.infof("trading enabled (%s mode): vault %s, pools %s", paper() ? "paper" : "live", config.vault(), config.pairs().orElse(List.of()));
      resolvePairs();
    }
  }

  public boolean active() {
    return events.active();
  }

  public boolean paper() {
    return "paper".equalsIgnoreCase(config.mode());
  }

  public TradingEngine engine() {
    return engine;
  }

  public StrategyDecryptor decryptor() {
    return decryptor;
  }

  public String keyHash() {
    return keyHash;
  }

  public String vault() {
    return config.vault().toLowerCase(Locale.ROOT);
  }

  public Optional<String> nativeToken() {
    return config.nativeToken().map(t -> t.toLowerCase(Locale.ROOT));
  }

  public Map<String, Strategy> strategies() {
    return strategies;
  }

  /** The watched pool trading {@code tokenIn} for {@code tokenOut}; empty if none. Throws while the pools are unknown (RPC down at start). */
  public Optional<String> pairFor(String tokenIn, String tokenOut) {
    Map<String, String> m = pairByTokens;
    // resolved at start-up, or by the scheduler's thread later: never a blocking RPC on the event loop
    if (m == null) throw new IllegalStateException("the watched pools' tokens are not known yet (RPC unreachable?)");
    return Optional.ofNullable(m.get(key(tokenIn, tokenOut)));
  }

  /** Is {@code pair} one of the watched pools? */
  public boolean watches(String pair) {
    return config.pairs().orElse(List.of()).stream().anyMatch(p -> p.equalsIgnoreCase(pair));
  }

  public boolean pairsKnown() {
    return pairByTokens != null;
  }

  /** Reads token0/token1 of each watched pool (blocking RPC: call off the event loop). */
  synchronized void resolvePairs() {
    if (pairByTokens != null) return;
    try {
      Map<String, String> m = new HashMap<>();
      for (String pair : config.pairs().orElse(List.of())) {
        CoracleV2Pair p = CoracleV2Pair.load(pair, chain.web3j(), new ReadonlyTransactionManager(chain.web3j(), pair), new DefaultGasProvider());
        String t0 = p.token0().send().toLowerCase(Locale.ROOT);
        String t1 = p.token1().send().toLowerCase(Locale.ROOT);
        m.put(key(t0, t1), pair.toLowerCase(Locale.ROOT));
        m.put(key(t1, t0), pair.toLowerCase(Locale.ROOT));
      }
      pairByTokens = Map.copyOf(m);
    } catch (Exception e) {
      LOG.warnf("cannot read the watched pools' tokens yet: %s", e.getMessage());
    }
  }

  /** The vault bound to this service, for encoding calls (never signs: the outbox does). */
  public StrategyVault vaultCalls() {
    return StrategyVault.load(config.vault(), chain.web3j(), new ReadonlyTransactionManager(chain.web3j(), keys.publicKeys().signerAddress()),
        new DefaultGasProvider());
  }

  public BigInteger gasLimitOrNull() {
    return config.gasLimit().map(BigInteger::valueOf).orElse(null);
  }

  private static String key(String a, String b) {
    return a.toLowerCase(Locale.ROOT) + "/" + b.toLowerCase(Locale.ROOT);
  }
}
