package io.coracle.contracts.it;

import io.coracle.contracts.TradingContracts;
import io.coracle.contracts.TradingDeployer;
import io.coracle.contracts.TradingDeploymentOptions;
import io.coracle.contracts.generated.CoracleV2Pair;
import io.coracle.contracts.generated.CoracleV2Router;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.contracts.generated.TestToken;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The randomness {@link World} (registry with one active guest key set, signer {@code guest}) plus
 * the trading set: tWETH/tUSD pool seeded at 2,500 tUSD per tWETH, a vault on the registry and the
 * router, and a trader holding 100 tWETH and 500,000 tUSD with the vault approved.
 */
final class TradingWorld {
  static final BigInteger UNIT = BigInteger.TEN.pow(18);
  static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  final World world;
  final Chain chain;
  final TradingContracts t;
  final Credentials owner;
  final Credentials guest;
  final Credentials trader;
  final Credentials stranger;
  final byte[] guestKeyHash;

  TradingWorld(Chain chain) throws Exception {
    this.chain = chain;
    this.world = World.deploy(chain);
    this.owner = world.owner;
    this.guest = world.enclaveSigner;
    this.trader = world.user;
    this.stranger = world.stranger;
    this.guestKeyHash = world.keyHash;
    this.t = TradingDeployer.deployDevnet(chain.web3j, owner, world.set.registry(),
        TradingDeploymentOptions.devnet().withGasPrice(Chain.GAS_PRICE), chain.tm(owner));
    token(t.baseToken(), owner).mint(trader.getAddress(), units(100)).send();
    token(t.quoteToken(), owner).mint(trader.getAddress(), units(500_000)).send();
    token(t.baseToken(), trader).approve(t.vault(), MAX).send();
    token(t.quoteToken(), trader).approve(t.vault(), MAX).send();
  }

  static BigInteger units(long n) {
    return UNIT.multiply(BigInteger.valueOf(n));
  }

  TestToken token(String address, Credentials as) {
    return TestToken.load(address, chain.web3j, chain.tm(as), Chain.gas());
  }

  StrategyVault vault(Credentials as) {
    return StrategyVault.load(t.vault(), chain.web3j, chain.tm(as), Chain.gas());
  }

  CoracleV2Router router(Credentials as) {
    return CoracleV2Router.load(t.router(), chain.web3j, chain.tm(as), Chain.gas());
  }

  CoracleV2Pair pair() {
    return CoracleV2Pair.load(t.pair(), chain.web3j, chain.tm(owner), Chain.gas());
  }

  /** Sell base for quote: the bounds of a typical intent. */
  StrategyVault.PublicBounds sellBase(BigInteger perExecution, BigInteger total, long expiresIn, int slippageBps) {
    return new StrategyVault.PublicBounds(t.baseToken(), t.quoteToken(), perExecution, total,
        BigInteger.valueOf(chain.latestTimestamp() + expiresIn), BigInteger.valueOf(slippageBps));
  }

  static byte[] salt() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  /** Deposits and submits as the trader; returns the intent id. */
  byte[] submit(StrategyVault.PublicBounds bounds) throws Exception {
    StrategyVault v = vault(trader);
    if (v.balanceOf(trader.getAddress(), bounds.tokenIn).send().compareTo(bounds.maxAmountTotal) < 0) {
      v.deposit(bounds.tokenIn, bounds.maxAmountTotal).send();
    }
    byte[] salt = salt();
    TransactionReceipt r = v.submitIntent(bounds, salt, guestKeyHash, new byte[] {1, 2, 3, 4}).send();
    List<StrategyVault.IntentSubmittedEventResponse> events = StrategyVault.getIntentSubmittedEvents(r);
    if (events.size() != 1) throw new IllegalStateException("no IntentSubmitted (status " + r.getStatus() + ")");
    return events.get(0).intentId;
  }

  /** What the router quotes for selling {@code amountIn} of tokenIn for tokenOut now. */
  BigInteger quote(String tokenIn, String tokenOut, BigInteger amountIn) throws Exception {
    List<?> amounts = router(owner).getAmountsOut(amountIn, List.of(tokenIn, tokenOut)).send();
    return (BigInteger) amounts.get(1);
  }

  String executeData(byte[] intentId, long slice, BigInteger amountIn, BigInteger minOut, long deadline) {
    return vault(guest).execute(intentId, BigInteger.valueOf(slice), amountIn, minOut, BigInteger.valueOf(deadline))
        .encodeFunctionCall();
  }

  long deadline() {
    return chain.latestTimestamp() + 600;
  }
}
