package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static io.coracle.contracts.it.TradingWorld.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeOptions;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Model-based: random execute() arguments (amount, slice, amountOutMin around the slippage floor,
 * deadline) and random callers are judged by the vault exactly as a plain Java model of its rules
 * judges them, check by check, in the vault's order. Each try is an eth_call. jqwik has its own
 * engine, so this class starts its own node.
 */
class StrategyVaultPropertiesIT {
  private static final int SLIPPAGE_BPS = 150;
  private static EvmNode node;
  private static Chain chain;
  private static TradingWorld w;
  private static byte[] intentId;

  @BeforeContainer
  static void start() throws Exception {
    node = EvmNode.startFromSystemProperty(EvmNodeOptions.defaults());
    chain = new Chain(node);
    w = new TradingWorld(chain);
    intentId = w.submit(w.sellBase(units(2), units(3), 86_400, SLIPPAGE_BPS));
    // one slice done: slice 1 is next, 1 unit remains
    BigInteger q = w.quote(w.t.baseToken(), w.t.quoteToken(), units(2));
    w.vault(w.guest).execute(intentId, BigInteger.ZERO, units(2), q, BigInteger.valueOf(w.deadline())).send();
  }

  @AfterContainer
  static void stop() {
    if (node != null) node.close();
  }

  @Property(tries = 60)
  void theVaultJudgesEveryExecutionAsTheModelOfItsBoundsDoes(
      @ForAll @LongRange(min = 0, max = 2_500) long milliUnitsIn,
      @ForAll @IntRange(min = 0, max = 3) int slice,
      @ForAll @IntRange(min = 9_700, max = 10_050) int minOutPerTenThousand,
      @ForAll @IntRange(min = 0, max = 2) int deadlineChoice,
      @ForAll @IntRange(min = 0, max = 3) int callerChoice) throws Exception {
    BigInteger amountIn = units(1).multiply(BigInteger.valueOf(milliUnitsIn)).divide(BigInteger.valueOf(1_000));
    long now = chain.latestTimestamp();
    long deadline = switch (deadlineChoice) {
      case 0 -> now - 100;
      case 1 -> now + 600;
      default -> now + 7_200;
    };
    var caller = switch (callerChoice) {
      case 0 -> w.stranger;
      case 1 -> w.trader;
      default -> w.guest;
    };
    BigInteger quote = amountIn.signum() == 0 ? BigInteger.ZERO : w.quote(w.t.baseToken(), w.t.quoteToken(), amountIn);
    BigInteger minOut = quote.multiply(BigInteger.valueOf(minOutPerTenThousand)).divide(BigInteger.valueOf(10_000));

    String expected = model(caller == w.guest, now, deadline, slice, amountIn, minOut, quote);
    String actual = chain.revertSelector(caller.getAddress(), w.t.vault(), w.executeData(intentId, slice, amountIn, minOut, deadline));
    assertThat(actual).as("amountIn %s slice %d minOut %s (quote %s) deadline %+d caller %d", amountIn, slice, minOut, quote,
        deadline - now, callerChoice).isEqualTo(expected);
  }

  /** The vault's checks, in its order; null when the execution goes through. */
  private static String model(boolean isGuest, long now, long deadline, int slice, BigInteger in, BigInteger minOut, BigInteger quote) {
    if (!isGuest) return selector("NotIntentGuest(address)");
    if (deadline < now) return selector("DeadlinePassed(uint256,uint256)");
    if (deadline > now + 3_600) return selector("DeadlineTooFar(uint256,uint256)");
    if (slice != 1) return selector("SliceOutOfOrder(uint32,uint32)");
    if (in.signum() == 0) return selector("ZeroAmount()");
    if (in.compareTo(units(2)) > 0) return selector("AmountAboveMaxPerExecution(uint256,uint256)");
    if (in.compareTo(units(1)) > 0) return selector("AmountAboveRemaining(uint256,uint256)");
    BigInteger floor = quote.multiply(BigInteger.valueOf(10_000 - SLIPPAGE_BPS)).divide(BigInteger.valueOf(10_000));
    if (minOut.compareTo(floor) < 0 || minOut.signum() == 0) return selector("SlippageAboveBound(uint256,uint256)");
    if (minOut.compareTo(quote) > 0) return selector("InsufficientOutputAmount(uint256,uint256)");
    return null;
  }
}
