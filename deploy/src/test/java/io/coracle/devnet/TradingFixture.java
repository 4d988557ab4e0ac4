package io.coracle.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.contracts.TradingContracts;
import io.coracle.contracts.generated.CoracleV2Pair;
import io.coracle.contracts.generated.CoracleV2Router;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.contracts.generated.TestToken;
import io.coracle.trade.GuestEncryptionKey;
import io.coracle.trade.TraderClient;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;

/** What the trading system ITs share: the trader, the guest's verified key, the pool, and waiting for the vault. */
final class TradingFixture {
  static final BigInteger UNIT = BigInteger.TEN.pow(18);

  final LocalCluster c;
  final TradingContracts t;
  final TraderClient trader;
  final GuestEncryptionKey guest;

  TradingFixture(LocalCluster c) throws Exception {
    this.c = c;
    this.t = c.trading();
    this.trader = new TraderClient(c.web3j(), c.chainId(), c.trader(), t.vault());
    this.guest = GuestEncryptionKey.fetch(c.web3j(), c.contracts().registry(), c.signer());
  }

  static BigInteger units(long n) {
    return UNIT.multiply(BigInteger.valueOf(n));
  }

  static byte[] doc(String fields) {
    return ("{\"schema\":\"coracle.strategy\",\"version\":1," + fields + "}").getBytes(StandardCharsets.UTF_8);
  }

  long now() throws Exception {
    return TradingDemo.latestTimestamp(c.web3j());
  }

  StrategyVault.PublicBounds bounds(String tokenIn, String tokenOut, BigInteger perExecution, BigInteger total, int slippageBps) throws Exception {
    return new StrategyVault.PublicBounds(tokenIn, tokenOut, perExecution, total, BigInteger.valueOf(now() + 3_600), BigInteger.valueOf(slippageBps));
  }

  /** Deposits what the bounds escrow, then submits, encrypted to the guest. */
  TraderClient.Submitted submit(StrategyVault.PublicBounds b, byte[] document) throws Exception {
    if (trader.freeBalance(b.tokenIn).compareTo(b.maxAmountTotal) < 0) trader.deposit(b.tokenIn, b.maxAmountTotal);
    return trader.submit(b, document, guest);
  }

  /** tUSD per tWETH at the pool's margin. */
  BigDecimal spotUsdPerWeth() throws Exception {
    CoracleV2Pair pair = CoracleV2Pair.load(t.pair(), c.web3j(), c.tm(c.deployer()), c.gas());
    var r = pair.getReserves().send();
    boolean wethIs0 = pair.token0().send().equalsIgnoreCase(t.baseToken());
    BigInteger weth = wethIs0 ? r.component1() : r.component2();
    BigInteger usd = wethIs0 ? r.component2() : r.component1();
    return new BigDecimal(usd).divide(new BigDecimal(weth), MathContext.DECIMAL64);
  }

  /** The market maker sells {@code amount} of {@code tokenIn} into the pool (moving its price). */
  void marketMakerSells(String tokenIn, String tokenOut, BigInteger amount) throws Exception {
    Credentials mm = c.marketMaker();
    TestToken in = TestToken.load(tokenIn, c.web3j(), c.tm(mm), c.gas());
    LocalCluster.call("approve", () -> in.approve(t.router(), amount).send());
    CoracleV2Router router = CoracleV2Router.load(t.router(), c.web3j(), c.tm(mm), c.gas());
    LocalCluster.call("swap", () -> router.swapExactTokensForTokens(amount, BigInteger.ONE, List.of(tokenIn, tokenOut), mm.getAddress(),
        BigInteger.valueOf(now() + 600)).send());
  }

  /** The intent's IntentExecuted events, in chain order. */
  List<StrategyVault.IntentExecutedEventResponse> executions(TraderClient.Submitted s) throws Exception {
    EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(s.block())), DefaultBlockParameterName.LATEST, t.vault());
    f.addSingleTopic(EventEncoder.encode(StrategyVault.INTENTEXECUTED_EVENT));
    f.addSingleTopic(s.intentId());
    List<StrategyVault.IntentExecutedEventResponse> out = new ArrayList<>();
    for (var l : c.web3j().ethGetLogs(f).send().getLogs()) out.add(StrategyVault.getIntentExecutedEventFromLog((Log) l.get()));
    return out;
  }

  /** The first log of {@code event} for the intent, or null. */
  Log logOf(TraderClient.Submitted s, org.web3j.abi.datatypes.Event event) throws Exception {
    EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(s.block())), DefaultBlockParameterName.LATEST, t.vault());
    f.addSingleTopic(EventEncoder.encode(event));
    f.addSingleTopic(s.intentId());
    var logs = c.web3j().ethGetLogs(f).send().getLogs();
    return logs.isEmpty() ? null : (Log) logs.get(0).get();
  }

  StrategyVault.Intent intent(TraderClient.Submitted s) throws Exception {
    return trader.intent(s.intentId());
  }

  /** Waits until the vault's view of the intent satisfies {@code done}; returns it. */
  StrategyVault.Intent await(TraderClient.Submitted s, Predicate<StrategyVault.Intent> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    StrategyVault.Intent i = intent(s);
    while (!done.test(i)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("intent " + s.intentId() + " did not get there within " + timeout + ": status " + TraderClient.statusName(i.status)
            + ", executions " + i.executions + "; oracle log:\n" + c.oracle().tail(40));
      }
      Thread.sleep(500);
      i = intent(s);
    }
    return i;
  }

  static Predicate<StrategyVault.Intent> status(String name) {
    return i -> TraderClient.statusName(i.status).equals(name);
  }

  static Predicate<StrategyVault.Intent> executions(int n) {
    return i -> i.executions.intValueExact() >= n;
  }

  /** The guest's view of the order (REST). */
  JsonNode order(TraderClient.Submitted s) throws Exception {
    return c.oracle().getJson("/v1/trading/orders/" + c.chainId() + "/" + s.intentId());
  }

  long blockTime(long block) throws Exception {
    return TradingDemo.blockTimestamp(c.web3j(), block);
  }
}
