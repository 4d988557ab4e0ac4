package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static io.coracle.contracts.it.TradingWorld.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.generated.CoracleV2Pair;
import io.coracle.contracts.generated.CoracleV2Router;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The devnet AMM behaves as Uniswap V2: the router's quotes are the V2 formula with the 0.3% fee,
 * swaps move the reserves by exactly that and emit Sync, the invariant refuses a swap that pays too
 * little, liquidity goes in and out pro rata, and deadlines are enforced.
 */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoracleV2AmmIT {
  private TradingWorld w;
  private Chain chain;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    w = new TradingWorld(chain);
  }

  private static BigInteger v2AmountOut(BigInteger in, BigInteger rIn, BigInteger rOut) {
    BigInteger withFee = in.multiply(BigInteger.valueOf(997));
    return withFee.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(withFee));
  }

  @Test
  void theSeededPoolQuotesAndSwapsWithTheV2FormulaAndEmitsSync() throws Exception {
    CoracleV2Pair pair = w.pair();
    boolean baseIs0 = pair.token0().send().equalsIgnoreCase(w.t.baseToken());
    var r = pair.getReserves().send();
    BigInteger rBase = baseIs0 ? r.component1() : r.component2();
    BigInteger rQuote = baseIs0 ? r.component2() : r.component1();
    assertThat(rBase).isEqualTo(units(1_000));
    assertThat(rQuote).isEqualTo(units(2_500_000));
    BigInteger in = units(3);
    BigInteger expected = v2AmountOut(in, rBase, rQuote);
    assertThat(w.quote(w.t.baseToken(), w.t.quoteToken(), in)).isEqualTo(expected);
    assertThat(w.router(w.owner).getAmountOut(in, rBase, rQuote).send()).isEqualTo(expected);

    CoracleV2Router asTrader = w.router(w.trader);
    w.token(w.t.baseToken(), w.trader).approve(w.t.router(), in).send();
    TransactionReceipt receipt = asTrader.swapExactTokensForTokens(in, expected, List.of(w.t.baseToken(), w.t.quoteToken()),
        w.trader.getAddress(), BigInteger.valueOf(w.deadline())).send();
    var sync = CoracleV2Pair.getSyncEvents(receipt);
    assertThat(sync).hasSize(1);
    BigInteger newBase = baseIs0 ? sync.get(0).reserve0 : sync.get(0).reserve1;
    BigInteger newQuote = baseIs0 ? sync.get(0).reserve1 : sync.get(0).reserve0;
    assertThat(newBase).isEqualTo(rBase.add(in));
    assertThat(newQuote).isEqualTo(rQuote.subtract(expected));
    // k grew by the fee
    assertThat(newBase.multiply(newQuote)).isGreaterThan(rBase.multiply(rQuote));
  }

  @Test
  void slippageDeadlinesAndTheInvariantAreEnforced() throws Exception {
    BigInteger in = units(1);
    BigInteger quote = w.quote(w.t.baseToken(), w.t.quoteToken(), in);
    w.token(w.t.baseToken(), w.trader).approve(w.t.router(), in).send();
    String tooGreedy = w.router(w.trader).swapExactTokensForTokens(in, quote.add(BigInteger.ONE),
        List.of(w.t.baseToken(), w.t.quoteToken()), w.trader.getAddress(), BigInteger.valueOf(w.deadline())).encodeFunctionCall();
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.router(), tooGreedy)).isEqualTo(selector("InsufficientOutputAmount(uint256,uint256)"));
    String late = w.router(w.trader).swapExactTokensForTokens(in, BigInteger.ONE, List.of(w.t.baseToken(), w.t.quoteToken()),
        w.trader.getAddress(), BigInteger.valueOf(chain.latestTimestamp() - 5)).encodeFunctionCall();
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.router(), late)).isEqualTo(selector("Expired(uint256,uint256)"));
    // straight to the pair without paying: nothing in, the invariant would break
    String free = w.pair().swap(BigInteger.ZERO, BigInteger.ONE, w.trader.getAddress(), new byte[0]).encodeFunctionCall();
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.pair(), free)).isEqualTo(selector("InsufficientInputAmount()"));
    // paying 1 unit of base and asking the full fee-less amount out: the 0.3% fee makes k fail
    w.token(w.t.baseToken(), w.trader).transfer(w.t.pair(), in).send();
    var r = w.pair().getReserves().send();
    boolean baseIs0 = w.pair().token0().send().equalsIgnoreCase(w.t.baseToken());
    BigInteger rBase = baseIs0 ? r.component1() : r.component2();
    BigInteger rQuote = baseIs0 ? r.component2() : r.component1();
    BigInteger feeless = in.multiply(rQuote).divide(rBase.add(in));
    String noFee = baseIs0
        ? w.pair().swap(BigInteger.ZERO, feeless, w.trader.getAddress(), new byte[0]).encodeFunctionCall()
        : w.pair().swap(feeless, BigInteger.ZERO, w.trader.getAddress(), new byte[0]).encodeFunctionCall();
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.pair(), noFee)).isEqualTo(selector("KInvariant()"));
  }

  @Test
  void liquidityGoesInAndOutProRata() throws Exception {
    CoracleV2Router router = w.router(w.trader);
    w.token(w.t.baseToken(), w.trader).approve(w.t.router(), units(10)).send();
    w.token(w.t.quoteToken(), w.trader).approve(w.t.router(), units(25_000)).send();
    BigInteger supplyBefore = w.pair().totalSupply().send();
    router.addLiquidity(w.t.baseToken(), w.t.quoteToken(), units(10), units(25_000), BigInteger.ZERO, BigInteger.ZERO,
        w.trader.getAddress(), BigInteger.valueOf(w.deadline())).send();
    BigInteger lp = w.pair().balanceOf(w.trader.getAddress()).send();
    // 1% of the pool's reserves: 1% of the supply
    assertThat(lp).isEqualTo(supplyBefore.divide(BigInteger.valueOf(100)));
    CoracleV2Pair pairAsTrader = CoracleV2Pair.load(w.t.pair(), chain.web3j, chain.tm(w.trader), Chain.gas());
    pairAsTrader.approve(w.t.router(), lp).send();
    BigInteger baseBefore = w.token(w.t.baseToken(), w.owner).balanceOf(w.trader.getAddress()).send();
    router.removeLiquidity(w.t.baseToken(), w.t.quoteToken(), lp, BigInteger.ZERO, BigInteger.ZERO, w.trader.getAddress(),
        BigInteger.valueOf(w.deadline())).send();
    BigInteger back = w.token(w.t.baseToken(), w.owner).balanceOf(w.trader.getAddress()).send().subtract(baseBefore);
    assertThat(back).isBetween(units(10).subtract(BigInteger.TEN), units(10));
  }
}
