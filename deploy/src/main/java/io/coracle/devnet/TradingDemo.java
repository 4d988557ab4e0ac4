package io.coracle.devnet;

import io.coracle.contracts.TradingContracts;
import io.coracle.contracts.generated.CoracleV2Router;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.contracts.generated.TestToken;
import io.coracle.trade.GuestEncryptionKey;
import io.coracle.trade.StrategyDocuments;
import io.coracle.trade.TokenAmounts;
import io.coracle.trade.TraderClient;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The devnet's trading demonstration: a trader encrypts two strategies to the guest's attested key
 * (verified in the registry) and submits them to the StrategyVault — a TWAP selling 3 tWETH in 3
 * slices over 30 s, and a limit order buying tWETH with 10,000 tUSD at 2,450 tUSD per tWETH or better;
 * a market maker then sells tWETH into the pool, the price falls, and the limit fills. Checked: every
 * slice executed once and in order, on schedule, the limit only at its price, and the strategies'
 * plaintext nowhere in the submission transactions.
 */
public final class TradingDemo {
  /** One intent's outcome. */
  public record Order(String what, String intentId, String submitTx, String status, int executions, List<String> executionTxs,
      List<Long> secondsAfterSubmission, String spent, String received, String averagePrice, boolean asSpecified, String check) {}

  public record Result(List<Order> orders, boolean plaintextOnChain, boolean allVerified) {}

  private final LocalCluster cluster;
  private final Consumer<String> say;

  public TradingDemo(LocalCluster cluster, Consumer<String> say) {
    this.cluster = cluster;
    this.say = say;
  }

  public Result run(Duration timeout) throws Exception {
    Web3j web3j = cluster.web3j();
    TradingContracts t = cluster.trading();
    TraderClient trader = new TraderClient(web3j, cluster.chainId(), cluster.trader(), t.vault());
    say.accept("trading demo: the trader fetches the guest's encryption key from the AttestationRegistry and checks it is the attested one");
    GuestEncryptionKey key = GuestEncryptionKey.fetch(web3j, cluster.contracts().registry(), cluster.signer());
    say.accept("  guest " + key.signer() + ": encryption key " + key.encryptionPublicKeyHex().substring(0, 18) + "… approved in tx " + key.activationTx());
    BigInteger unit = BigInteger.TEN.pow(18);
    trader.deposit(t.baseToken(), unit.multiply(BigInteger.valueOf(3)));
    trader.deposit(t.quoteToken(), unit.multiply(BigInteger.valueOf(10_000)));
    long now = latestTimestamp(web3j);

    byte[] twapDoc = new StrategyDocuments("twap", 18, 18).amount("amountIn", "3").integer("slices", 3L).integer("durationSeconds", 30L)
        .text("label", "demo twap").toBytes();
    TraderClient.Submitted twap = trader.submit(new StrategyVault.PublicBounds(t.baseToken(), t.quoteToken(), unit, unit.multiply(BigInteger.valueOf(3)),
        BigInteger.valueOf(now + 3_600), BigInteger.valueOf(100)), twapDoc, key);
    say.accept("  TWAP submitted: sell 3 tWETH in 3 slices over 30 s (encrypted, " + twap.envelopeBytes() + " bytes) -> intent " + twap.intentId());

    String limitPrice = TokenAmounts.rawPrice(new java.math.BigDecimal(1).divide(new java.math.BigDecimal(2_450), java.math.MathContext.DECIMAL64)
        .toPlainString(), 18, 18);
    byte[] limitDoc = new StrategyDocuments("limit", 18, 18).amount("amountIn", "10000").baseUnits("limitPrice", null)
        .text("limitPrice", limitPrice).text("label", "demo limit").toBytes();
    BigInteger tenThousand = unit.multiply(BigInteger.valueOf(10_000));
    TraderClient.Submitted limit = trader.submit(new StrategyVault.PublicBounds(t.quoteToken(), t.baseToken(), tenThousand, tenThousand,
        BigInteger.valueOf(now + 3_600), BigInteger.valueOf(100)), limitDoc, key);
    say.accept("  limit submitted: buy tWETH with 10,000 tUSD at 2,450 tUSD/tWETH or better (pool at ~2,500) -> intent " + limit.intentId());

    Thread.sleep(4_000);
    say.accept("  market maker sells 25 tWETH into the pool: the price of tWETH falls ~5%");
    sellIntoPool(web3j, t, unit.multiply(BigInteger.valueOf(25)));

    long deadline = System.nanoTime() + timeout.toNanos();
    Order twapOrder = null;
    Order limitOrder = null;
    while (System.nanoTime() < deadline) {
      twapOrder = order("TWAP 3 tWETH -> tUSD, 3 slices / 30 s", trader, twap, 3, web3j, t);
      limitOrder = order("limit 10,000 tUSD -> tWETH @ <= 2,450", trader, limit, 1, web3j, t);
      if (twapOrder.status().equals("Completed") && limitOrder.status().equals("Completed")) break;
      Thread.sleep(1_000);
    }
    boolean twapOk = twapOrder != null && twapOrder.status().equals("Completed") && twapOrder.executions() == 3
        && onOrAfterSchedule(twapOrder.secondsAfterSubmission(), 10);
    boolean limitOk = limitOrder != null && limitOrder.status().equals("Completed") && limitOrder.executions() == 1
        && priceAtMost(limitOrder, 2_450);
    twapOrder = withCheck(twapOrder, twapOk, "3 slices, in order, none before its time (+0, +10, +20 s)");
    limitOrder = withCheck(limitOrder, limitOk, "filled once, at 2,450 tUSD/tWETH or better");
    boolean plaintextOnChain = inTxInput(web3j, twap.txHash(), twapDoc) || inTxInput(web3j, limit.txHash(), limitDoc);
    for (Order o : List.of(twapOrder, limitOrder)) {
      say.accept("  " + o.what() + ": " + o.status() + ", " + o.executions() + " execution(s) at +" + o.secondsAfterSubmission() + " s, spent "
          + o.spent() + ", received " + o.received() + " (average " + o.averagePrice() + ") txs " + o.executionTxs() + " -> "
          + (o.asSpecified() ? "AS SPECIFIED" : "NOT AS SPECIFIED") + " (" + o.check() + ")");
    }
    say.accept("  strategy plaintext in the submission transactions: " + (plaintextOnChain ? "FOUND (bad)" : "absent (only ciphertext on-chain)"));
    return new Result(List.of(twapOrder, limitOrder), plaintextOnChain, twapOk && limitOk && !plaintextOnChain);
  }

  private void sellIntoPool(Web3j web3j, TradingContracts t, BigInteger amount) throws Exception {
    var mm = cluster.marketMaker();
    TestToken base = TestToken.load(t.baseToken(), web3j, cluster.tm(mm), cluster.gas());
    LocalCluster.call("approve the router", () -> base.approve(t.router(), amount).send());
    CoracleV2Router router = CoracleV2Router.load(t.router(), web3j, cluster.tm(mm), cluster.gas());
    LocalCluster.call("sell into the pool", () -> router.swapExactTokensForTokens(amount, BigInteger.ONE, List.of(t.baseToken(), t.quoteToken()),
        mm.getAddress(), BigInteger.valueOf(latestTimestamp(web3j) + 600)).send());
  }

  private static Order withCheck(Order o, boolean ok, String check) {
    return o == null ? null : new Order(o.what(), o.intentId(), o.submitTx(), o.status(), o.executions(), o.executionTxs(),
        o.secondsAfterSubmission(), o.spent(), o.received(), o.averagePrice(), ok, check);
  }

  /** Slice k executed no earlier than k * interval after submission, each after the one before. */
  static boolean onOrAfterSchedule(List<Long> at, long interval) {
    for (int k = 0; k < at.size(); k++) {
      if (at.get(k) < k * interval || (k > 0 && at.get(k) <= at.get(k - 1))) return false;
    }
    return true;
  }

  private static boolean priceAtMost(Order o, long usdPerWeth) {
    // the order spent tUSD and received tWETH: spent / received is the price paid in tUSD per tWETH
    java.math.BigDecimal paid = new java.math.BigDecimal(o.spent()).divide(new java.math.BigDecimal(o.received()), java.math.MathContext.DECIMAL64);
    return paid.compareTo(java.math.BigDecimal.valueOf(usdPerWeth)) <= 0;
  }

  /** The intent as the vault reports it, with its IntentExecuted events (slice order checked). */
  static Order order(String what, TraderClient trader, TraderClient.Submitted s, int expectedSlices, Web3j web3j, TradingContracts t) throws Exception {
    StrategyVault.Intent i = trader.intent(s.intentId());
    EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(s.block())), DefaultBlockParameterName.LATEST, t.vault());
    f.addSingleTopic(EventEncoder.encode(StrategyVault.INTENTEXECUTED_EVENT));
    f.addSingleTopic(s.intentId());
    List<String> txs = new ArrayList<>();
    List<Long> at = new ArrayList<>();
    long submittedAt = blockTimestamp(web3j, s.block());
    int expectIndex = 0;
    boolean ordered = true;
    for (var l : web3j.ethGetLogs(f).send().getLogs()) {
      Log log = (Log) l.get();
      var ev = StrategyVault.getIntentExecutedEventFromLog(log);
      ordered &= ev.sliceIndex.intValueExact() == expectIndex++;
      txs.add(log.getTransactionHash());
      at.add(ev.executedAt.longValueExact() - submittedAt);
    }
    String status = TraderClient.statusName(i.status);
    String avg = i.spent.signum() == 0 || i.received.signum() == 0 ? "-"
        : new java.math.BigDecimal(i.received).divide(new java.math.BigDecimal(i.spent), java.math.MathContext.DECIMAL64).round(new java.math.MathContext(8))
            .toPlainString() + " out/in";
    return new Order(what, s.intentId(), s.txHash(), ordered ? status : status + " (slices out of order!)", i.executions.intValueExact(), txs, at,
        i.spent.toString(), i.received.toString(), avg, false, "");
  }

  static boolean inTxInput(Web3j web3j, String txHash, byte[] plaintext) throws Exception {
    String input = web3j.ethGetTransactionByHash(txHash).send().getTransaction().orElseThrow().getInput().toLowerCase(Locale.ROOT);
    String hex = HexFormat.of().formatHex(plaintext);
    return input.contains(hex) || input.contains(HexFormat.of().formatHex("\"kind\"".getBytes(StandardCharsets.UTF_8)));
  }

  static long latestTimestamp(Web3j web3j) throws Exception {
    return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
  }

  static long blockTimestamp(Web3j web3j, long block) throws Exception {
    return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send().getBlock().getTimestamp().longValueExact();
  }

  static String shortHex(String s) {
    return Numeric.cleanHexPrefix(s).substring(0, 8);
  }
}
