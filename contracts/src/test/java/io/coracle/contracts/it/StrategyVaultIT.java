package io.coracle.contracts.it;

import static io.coracle.contracts.it.Chain.selector;
import static io.coracle.contracts.it.TradingWorld.units;
import static org.assertj.core.api.Assertions.assertThat;

import io.coracle.contracts.generated.StrategyVault;
import io.coracle.contracts.it.generated.FeeOnTransferToken;
import io.coracle.contracts.it.generated.ReentrantToken;
import io.coracle.testsupport.EvmNode;
import io.coracle.testsupport.EvmNodeTest;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Every rule of the StrategyVault, each refused by name: only the intent's active guest executes;
 * every public bound (pair, per execution, total, expiry, slippage via amountOutMin, deadline, slice
 * order); cancel as a kill switch; reject with reason codes; deposit and withdraw accounting
 * (fee-on-transfer tokens credited what arrived); reentrancy through a hostile token.
 */
@EvmNodeTest(snapshotPerTest = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrategyVaultIT {
  private TradingWorld w;
  private Chain chain;

  @BeforeAll
  void deploy(EvmNode node) throws Exception {
    chain = new Chain(node);
    w = new TradingWorld(chain);
  }

  private String submitData(StrategyVault.PublicBounds b, byte[] salt, byte[] guest, byte[] strategy) {
    return w.vault(w.trader).submitIntent(b, salt, guest, strategy).encodeFunctionCall();
  }

  private String submitRevert(StrategyVault.PublicBounds b) {
    return chain.revertSelector(w.trader.getAddress(), w.t.vault(), submitData(b, TradingWorld.salt(), w.guestKeyHash, new byte[] {1}));
  }

  private String executeRevert(Credentials as, byte[] id, long slice, BigInteger in, BigInteger minOut, long deadline) {
    return chain.revertSelector(as.getAddress(), w.t.vault(), w.executeData(id, slice, in, minOut, deadline));
  }

  private BigInteger free(String token) throws Exception {
    return w.vault(w.trader).balanceOf(w.trader.getAddress(), token).send();
  }

  /** A minOut the vault accepts: the quote less half the allowed slippage. */
  private BigInteger minOut(BigInteger in, int slippageBps) throws Exception {
    BigInteger q = w.quote(w.t.baseToken(), w.t.quoteToken(), in);
    return q.multiply(BigInteger.valueOf(10_000 - slippageBps / 2)).divide(BigInteger.valueOf(10_000));
  }

  @Test
  void depositAndWithdrawKeepExactAccounts() throws Exception {
    StrategyVault v = w.vault(w.trader);
    String base = w.t.baseToken();
    v.deposit(base, units(10)).send();
    assertThat(free(base)).isEqualTo(units(10));
    assertThat(w.token(base, w.owner).balanceOf(w.t.vault()).send()).isEqualTo(units(10));
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), v.withdraw(base, units(11)).encodeFunctionCall()))
        .isEqualTo(selector("InsufficientBalance(address,uint256,uint256)"));
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), v.withdraw(base, BigInteger.ZERO).encodeFunctionCall()))
        .isEqualTo(selector("InvalidAmount()"));
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), v.deposit(base, BigInteger.ZERO).encodeFunctionCall()))
        .isEqualTo(selector("InvalidAmount()"));
    // another trader cannot take it
    assertThat(chain.revertSelector(w.stranger.getAddress(), w.t.vault(), v.withdraw(base, BigInteger.ONE).encodeFunctionCall()))
        .isEqualTo(selector("InsufficientBalance(address,uint256,uint256)"));
    BigInteger wallet = w.token(base, w.owner).balanceOf(w.trader.getAddress()).send();
    TransactionReceipt r = v.withdraw(base, units(4)).send();
    assertThat(StrategyVault.getWithdrawnEvents(r).get(0).amount).isEqualTo(units(4));
    assertThat(free(base)).isEqualTo(units(6));
    assertThat(w.token(base, w.owner).balanceOf(w.trader.getAddress()).send()).isEqualTo(wallet.add(units(4)));

    // a token that takes a 1% fee in transit: the vault credits what arrived, never more than it holds
    FeeOnTransferToken fot = FeeOnTransferToken.deploy(chain.web3j, chain.tm(w.trader), Chain.gas()).send();
    fot.mint(w.trader.getAddress(), units(100)).send();
    fot.approve(w.t.vault(), units(100)).send();
    TransactionReceipt d = v.deposit(fot.getContractAddress(), units(100)).send();
    assertThat(StrategyVault.getDepositedEvents(d).get(0).amount).isEqualTo(units(99));
    assertThat(free(fot.getContractAddress())).isEqualTo(units(99)).isEqualTo(fot.balanceOf(w.t.vault()).send());
  }

  @Test
  void submitEscrowsTheTotalAndRefusesEveryMalformedBound() throws Exception {
    StrategyVault v = w.vault(w.trader);
    String base = w.t.baseToken();
    String quote = w.t.quoteToken();
    v.deposit(base, units(10)).send();
    long future = chain.latestTimestamp() + 3_600;
    BigInteger one = units(1);
    BigInteger expiry = BigInteger.valueOf(future);
    BigInteger bps = BigInteger.valueOf(100);

    assertThat(submitRevert(new StrategyVault.PublicBounds(base, base, one, one, expiry, bps))).isEqualTo(selector("SameToken()"));
    assertThat(submitRevert(new StrategyVault.PublicBounds("0x0000000000000000000000000000000000000000", quote, one, one, expiry, bps)))
        .isEqualTo(selector("ZeroAddress()"));
    // the pair bound: only tokens the AMM has a pool for
    String unlisted = FeeOnTransferToken.deploy(chain.web3j, chain.tm(w.trader), Chain.gas()).send().getContractAddress();
    assertThat(submitRevert(new StrategyVault.PublicBounds(base, unlisted, one, one, expiry, bps)))
        .isEqualTo(selector("PairNotListed(address,address)"));
    assertThat(submitRevert(new StrategyVault.PublicBounds(base, quote, BigInteger.ZERO, one, expiry, bps))).isEqualTo(selector("InvalidAmount()"));
    assertThat(submitRevert(new StrategyVault.PublicBounds(base, quote, units(2), one, expiry, bps)))
        .isEqualTo(selector("PerExecutionAboveTotal(uint256,uint256)"));
    assertThat(submitRevert(new StrategyVault.PublicBounds(base, quote, one, one, BigInteger.valueOf(chain.latestTimestamp() - 1), bps)))
        .isEqualTo(selector("ExpiryNotInFuture(uint64,uint256)"));
    assertThat(submitRevert(new StrategyVault.PublicBounds(base, quote, one, one, expiry, BigInteger.valueOf(5_001))))
        .isEqualTo(selector("SlippageBoundTooHigh(uint16,uint16)"));
    assertThat(submitRevert(new StrategyVault.PublicBounds(base, quote, one, units(11), expiry, bps)))
        .isEqualTo(selector("InsufficientBalance(address,uint256,uint256)"));
    StrategyVault.PublicBounds good = new StrategyVault.PublicBounds(base, quote, one, units(4), expiry, bps);
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), submitData(good, TradingWorld.salt(), w.guestKeyHash, new byte[0])))
        .isEqualTo(selector("EncryptedStrategyLength(uint256)"));
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), submitData(good, TradingWorld.salt(), w.guestKeyHash, new byte[4097])))
        .isEqualTo(selector("EncryptedStrategyLength(uint256)"));
    byte[] unknownGuest = new byte[32];
    new SecureRandom().nextBytes(unknownGuest);
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), submitData(good, TradingWorld.salt(), unknownGuest, new byte[] {1})))
        .isEqualTo(selector("GuestNotActive(bytes32)"));

    byte[] salt = TradingWorld.salt();
    byte[] strategy = "ciphertext".getBytes();
    TransactionReceipt r = v.submitIntent(good, salt, w.guestKeyHash, strategy).send();
    var ev = StrategyVault.getIntentSubmittedEvents(r).get(0);
    assertThat(ev.intentId).isEqualTo(v.intentIdFor(w.trader.getAddress(), salt).send());
    assertThat(ev.trader).isEqualToIgnoringCase(w.trader.getAddress());
    assertThat(ev.guestKeyHash).isEqualTo(w.guestKeyHash);
    assertThat(ev.tokenIn).isEqualToIgnoringCase(base);
    assertThat(ev.tokenOut).isEqualToIgnoringCase(quote);
    assertThat(ev.maxAmountPerExecution).isEqualTo(one);
    assertThat(ev.maxAmountTotal).isEqualTo(units(4));
    assertThat(ev.expiry).isEqualTo(expiry);
    assertThat(ev.maxSlippageBps).isEqualTo(bps);
    assertThat(ev.encryptedStrategy).isEqualTo(strategy);
    assertThat(free(base)).isEqualTo(units(6)); // 4 escrowed
    var intent = v.intentOf(ev.intentId).send();
    assertThat(intent.status).isEqualTo(BigInteger.ONE); // Open
    // the same salt again is the same intent id
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), submitData(good, salt, w.guestKeyHash, strategy)))
        .isEqualTo(selector("IntentExists(bytes32)"));
  }

  @Test
  void onlyTheIntentsActiveGuestExecutes() throws Exception {
    byte[] id = w.submit(w.sellBase(units(1), units(3), 3_600, 100));
    BigInteger in = units(1);
    BigInteger min = minOut(in, 100);
    long deadline = w.deadline();
    assertThat(executeRevert(w.stranger, id, 0, in, min, deadline)).isEqualTo(selector("NotIntentGuest(address)"));
    assertThat(executeRevert(w.trader, id, 0, in, min, deadline)).isEqualTo(selector("NotIntentGuest(address)"));
    // another guest, attested and active, but not the one the strategy was encrypted to
    Credentials otherGuest = chain.account(9);
    byte[] otherVrf = World.ECVRF.generateKeyPair(new SecureRandom()).publicKey().encoded();
    w.world.activateKey(otherVrf, w.world.encryptionKey, "other evidence".getBytes(), otherGuest, chain.latestTimestamp() + 86_400);
    assertThat(w.world.registry.isActiveSigner(otherGuest.getAddress()).send()).isTrue();
    assertThat(executeRevert(otherGuest, id, 0, in, min, deadline)).isEqualTo(selector("NotIntentGuest(address)"));
    assertThat(chain.revertSelector(otherGuest.getAddress(), w.t.vault(),
        w.vault(otherGuest).rejectIntent(id, BigInteger.ONE).encodeFunctionCall())).isEqualTo(selector("NotIntentGuest(address)"));
    // the right guest may
    assertThat(executeRevert(w.guest, id, 0, in, min, deadline)).isNull();
    // and no longer once its key set is revoked
    w.world.registry.revokeKeys(w.guestKeyHash).send();
    assertThat(executeRevert(w.guest, id, 0, in, min, deadline)).isEqualTo(selector("NotIntentGuest(address)"));
  }

  @Test
  void everyPublicBoundIsEnforcedOnEachExecution() throws Exception {
    int slippage = 100;
    byte[] id = w.submit(w.sellBase(units(2), units(3), 3_600, slippage));
    long deadline = w.deadline();
    BigInteger two = units(2);
    BigInteger min2 = minOut(two, slippage);
    assertThat(executeRevert(w.guest, id, 0, units(2).add(BigInteger.ONE), minOut(units(3), slippage), deadline))
        .isEqualTo(selector("AmountAboveMaxPerExecution(uint256,uint256)"));
    assertThat(executeRevert(w.guest, id, 0, BigInteger.ZERO, BigInteger.ONE, deadline)).isEqualTo(selector("ZeroAmount()"));
    assertThat(executeRevert(w.guest, id, 1, two, min2, deadline)).isEqualTo(selector("SliceOutOfOrder(uint32,uint32)"));
    assertThat(executeRevert(w.guest, id, 0, two, min2, chain.latestTimestamp() - 10)).isEqualTo(selector("DeadlinePassed(uint256,uint256)"));
    assertThat(executeRevert(w.guest, id, 0, two, min2, chain.latestTimestamp() + 7_200)).isEqualTo(selector("DeadlineTooFar(uint256,uint256)"));
    // slippage: amountOutMin below quote * (1 - 1%) is refused, and so is 0
    BigInteger quote = w.quote(w.t.baseToken(), w.t.quoteToken(), two);
    BigInteger tooLax = quote.multiply(BigInteger.valueOf(9_890)).divide(BigInteger.valueOf(10_000));
    assertThat(executeRevert(w.guest, id, 0, two, tooLax, deadline)).isEqualTo(selector("SlippageAboveBound(uint256,uint256)"));
    assertThat(executeRevert(w.guest, id, 0, two, BigInteger.ZERO, deadline)).isEqualTo(selector("SlippageAboveBound(uint256,uint256)"));
    BigInteger floor = w.vault(w.guest).slippageFloor(id, two).send();
    assertThat(floor).isEqualTo(quote.multiply(BigInteger.valueOf(9_900)).divide(BigInteger.valueOf(10_000)));
    // more than the pool gives: the router refuses (the swap itself enforces amountOutMin)
    assertThat(executeRevert(w.guest, id, 0, two, quote.add(BigInteger.ONE), deadline))
        .isEqualTo(selector("InsufficientOutputAmount(uint256,uint256)"));

    TransactionReceipt first = w.vault(w.guest).execute(id, BigInteger.ZERO, two, min2, BigInteger.valueOf(deadline)).send();
    var ex = StrategyVault.getIntentExecutedEvents(first).get(0);
    assertThat(ex.amountOut).isEqualTo(quote); // nothing moved the pool in between
    assertThat(ex.remaining).isEqualTo(units(1));
    // the total: 1 left, 2 asked
    assertThat(executeRevert(w.guest, id, 1, two, minOut(two, slippage), deadline)).isEqualTo(selector("AmountAboveRemaining(uint256,uint256)"));
    // the same slice twice
    assertThat(executeRevert(w.guest, id, 0, units(1), minOut(units(1), slippage), deadline)).isEqualTo(selector("SliceOutOfOrder(uint32,uint32)"));
    // expiry
    chain.node.increaseTime(3_700);
    assertThat(executeRevert(w.guest, id, 1, units(1), minOut(units(1), slippage), w.deadline()))
        .isEqualTo(selector("IntentHasExpired(bytes32,uint64)"));
  }

  @Test
  void executionsSwapAtThePoolsPriceCreditTheTraderAndCompleteTheIntent() throws Exception {
    byte[] id = w.submit(w.sellBase(units(1), units(2), 3_600, 50));
    BigInteger quoteBefore = free(w.t.quoteToken());
    BigInteger total = BigInteger.ZERO;
    for (int slice = 0; slice < 2; slice++) {
      // Uniswap V2 arithmetic from the reserves, in Java
      var reserves = w.pair().getReserves().send();
      boolean baseIsToken0 = w.pair().token0().send().equalsIgnoreCase(w.t.baseToken());
      BigInteger rIn = baseIsToken0 ? reserves.component1() : reserves.component2();
      BigInteger rOut = baseIsToken0 ? reserves.component2() : reserves.component1();
      BigInteger inWithFee = units(1).multiply(BigInteger.valueOf(997));
      BigInteger expected = inWithFee.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(inWithFee));
      TransactionReceipt r = w.vault(w.guest).execute(id, BigInteger.valueOf(slice), units(1), minOut(units(1), 50),
          BigInteger.valueOf(w.deadline())).send();
      var ev = StrategyVault.getIntentExecutedEvents(r).get(0);
      assertThat(ev.sliceIndex).isEqualTo(BigInteger.valueOf(slice));
      assertThat(ev.amountIn).isEqualTo(units(1));
      assertThat(ev.amountOut).isEqualTo(expected);
      total = total.add(expected);
      if (slice == 1) {
        var finished = StrategyVault.getIntentFinishedEvents(r);
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).closeCode).isEqualTo(BigInteger.ONE);
      }
    }
    assertThat(free(w.t.quoteToken())).isEqualTo(quoteBefore.add(total));
    var intent = w.vault(w.trader).intentOf(id).send();
    assertThat(intent.status).isEqualTo(BigInteger.valueOf(3)); // Completed
    assertThat(intent.spent).isEqualTo(units(2));
    assertThat(intent.received).isEqualTo(total);
    assertThat(intent.executions).isEqualTo(BigInteger.TWO);
    assertThat(executeRevert(w.guest, id, 2, units(1), BigInteger.ONE, w.deadline())).isEqualTo(selector("IntentNotOpen(bytes32,uint8)"));
    assertVaultHoldsExactlyWhatItOwes();
  }

  @Test
  void theTraderCancelsAtAnyTimeAndNoFurtherSliceExecutes() throws Exception {
    byte[] id = w.submit(w.sellBase(units(1), units(3), 3_600, 100));
    w.vault(w.guest).execute(id, BigInteger.ZERO, units(1), minOut(units(1), 100), BigInteger.valueOf(w.deadline())).send();
    BigInteger freeBefore = free(w.t.baseToken());
    assertThat(chain.revertSelector(w.stranger.getAddress(), w.t.vault(), w.vault(w.stranger).cancelIntent(id).encodeFunctionCall()))
        .isEqualTo(selector("NotTrader(address)"));
    assertThat(chain.revertSelector(w.guest.getAddress(), w.t.vault(), w.vault(w.guest).cancelIntent(id).encodeFunctionCall()))
        .isEqualTo(selector("NotTrader(address)"));
    TransactionReceipt r = w.vault(w.trader).cancelIntent(id).send();
    assertThat(StrategyVault.getIntentCancelledEvents(r).get(0).refunded).isEqualTo(units(2));
    assertThat(free(w.t.baseToken())).isEqualTo(freeBefore.add(units(2)));
    assertThat(executeRevert(w.guest, id, 1, units(1), minOut(units(1), 100), w.deadline())).isEqualTo(selector("IntentNotOpen(bytes32,uint8)"));
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), w.vault(w.trader).cancelIntent(id).encodeFunctionCall()))
        .isEqualTo(selector("IntentNotOpen(bytes32,uint8)"));
    byte[] unknown = TradingWorld.salt();
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), w.vault(w.trader).cancelIntent(unknown).encodeFunctionCall()))
        .isEqualTo(selector("UnknownIntent(bytes32)"));
    assertVaultHoldsExactlyWhatItOwes();
  }

  @Test
  void theGuestRejectsWithAReasonCodeOrFinishesAndTheEscrowComesBack() throws Exception {
    BigInteger freeBefore = free(w.t.baseToken());
    byte[] id = w.submit(w.sellBase(units(1), units(2), 3_600, 100));
    BigInteger freeAfterSubmit = free(w.t.baseToken());
    assertThat(chain.revertSelector(w.guest.getAddress(), w.t.vault(), w.vault(w.guest).rejectIntent(id, BigInteger.ZERO).encodeFunctionCall()))
        .isEqualTo(selector("InvalidCode(uint8)"));
    assertThat(chain.revertSelector(w.trader.getAddress(), w.t.vault(), w.vault(w.trader).rejectIntent(id, BigInteger.ONE).encodeFunctionCall()))
        .isEqualTo(selector("NotIntentGuest(address)"));
    TransactionReceipt r = w.vault(w.guest).rejectIntent(id, BigInteger.valueOf(1)).send();
    var rejected = StrategyVault.getIntentRejectedEvents(r).get(0);
    assertThat(rejected.reasonCode).isEqualTo(BigInteger.ONE);
    assertThat(rejected.refunded).isEqualTo(units(2));
    assertThat(free(w.t.baseToken())).isEqualTo(freeAfterSubmit.add(units(2)));
    assertThat(w.vault(w.trader).intentOf(id).send().status).isEqualTo(BigInteger.valueOf(4)); // Rejected
    assertThat(executeRevert(w.guest, id, 0, units(1), minOut(units(1), 100), w.deadline())).isEqualTo(selector("IntentNotOpen(bytes32,uint8)"));

    byte[] id2 = w.submit(w.sellBase(units(1), units(2), 3_600, 100));
    w.vault(w.guest).execute(id2, BigInteger.ZERO, units(1), minOut(units(1), 100), BigInteger.valueOf(w.deadline())).send();
    assertThat(chain.revertSelector(w.guest.getAddress(), w.t.vault(), w.vault(w.guest).finishIntent(id2, BigInteger.ZERO).encodeFunctionCall()))
        .isEqualTo(selector("InvalidCode(uint8)"));
    TransactionReceipt f = w.vault(w.guest).finishIntent(id2, BigInteger.TWO).send();
    var finished = StrategyVault.getIntentFinishedEvents(f).get(0);
    assertThat(finished.closeCode).isEqualTo(BigInteger.TWO);
    assertThat(finished.refunded).isEqualTo(units(1));
    // 2 deposited (the first submit), 1 swapped away, the rest free again
    assertThat(free(w.t.baseToken())).isEqualTo(freeBefore.add(units(1)));
    assertVaultHoldsExactlyWhatItOwes();
  }

  @Test
  void anyoneReleasesAnExpiredIntentToItsTrader() throws Exception {
    byte[] id = w.submit(w.sellBase(units(1), units(2), 600, 100));
    assertThat(chain.revertSelector(w.stranger.getAddress(), w.t.vault(), w.vault(w.stranger).releaseExpired(id).encodeFunctionCall()))
        .isEqualTo(selector("IntentNotExpired(bytes32,uint64)"));
    chain.node.increaseTime(700);
    BigInteger before = free(w.t.baseToken());
    TransactionReceipt r = w.vault(w.stranger).releaseExpired(id).send();
    assertThat(StrategyVault.getIntentExpiredEvents(r).get(0).refunded).isEqualTo(units(2));
    assertThat(free(w.t.baseToken())).isEqualTo(before.add(units(2)));
    assertThat(w.vault(w.trader).intentOf(id).send().status).isEqualTo(BigInteger.valueOf(5)); // Expired
  }

  @Test
  void reentryThroughAHostileTokenIsRefused() throws Exception {
    ReentrantToken hostile = ReentrantToken.deploy(chain.web3j, chain.tm(w.trader), Chain.gas()).send();
    hostile.mint(w.trader.getAddress(), units(1_000)).send();
    hostile.approve(w.t.vault(), units(1_000)).send();
    StrategyVault v = w.vault(w.trader);
    v.deposit(hostile.getContractAddress(), units(10)).send();

    // deposit: the token calls withdraw from inside transferFrom
    hostile.arm(w.t.vault(), Numeric.hexStringToByteArray(v.withdraw(hostile.getContractAddress(), units(10)).encodeFunctionCall())).send();
    v.deposit(hostile.getContractAddress(), units(5)).send();
    assertThat(hostile.reentryAttempted().send()).isTrue();
    assertThat(hostile.reentrySucceeded().send()).isFalse();
    assertThat(Numeric.toHexString(hostile.reentryRevertData().send())).startsWith(selector("ReentrancyGuardReentrantCall()"));
    assertThat(free(hostile.getContractAddress())).isEqualTo(units(15));

    // execute: a pool of the hostile token; during the swap the token calls cancelIntent (the trader's call is armed)
    var router = w.router(w.owner);
    hostile.transfer(w.owner.getAddress(), units(500)).send();
    ReentrantToken asOwner = ReentrantToken.load(hostile.getContractAddress(), chain.web3j, chain.tm(w.owner), Chain.gas());
    asOwner.approve(w.t.router(), units(500)).send();
    w.token(w.t.quoteToken(), w.owner).mint(w.owner.getAddress(), units(1_000)).send();
    w.token(w.t.quoteToken(), w.owner).approve(w.t.router(), units(1_000)).send();
    router.addLiquidity(hostile.getContractAddress(), w.t.quoteToken(), units(500), units(1_000), BigInteger.ZERO, BigInteger.ZERO,
        w.owner.getAddress(), BigInteger.valueOf(w.deadline())).send();
    byte[] salt = TradingWorld.salt();
    byte[] id = v.intentIdFor(w.trader.getAddress(), salt).send();
    v.submitIntent(new StrategyVault.PublicBounds(hostile.getContractAddress(), w.t.quoteToken(), units(1), units(2),
        BigInteger.valueOf(chain.latestTimestamp() + 3_600), BigInteger.valueOf(500)), salt, w.guestKeyHash, new byte[] {9}).send();
    hostile.arm(w.t.vault(), Numeric.hexStringToByteArray(v.withdraw(w.t.quoteToken(), BigInteger.ONE).encodeFunctionCall())).send();
    BigInteger q = w.quote(hostile.getContractAddress(), w.t.quoteToken(), units(1));
    TransactionReceipt r = w.vault(w.guest).execute(id, BigInteger.ZERO, units(1), q.multiply(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100)),
        BigInteger.valueOf(w.deadline())).send();
    assertThat(r.isStatusOK()).isTrue();
    assertThat(hostile.reentryAttempted().send()).isTrue();
    assertThat(hostile.reentrySucceeded().send()).isFalse();
    assertThat(Numeric.toHexString(hostile.reentryRevertData().send())).startsWith(selector("ReentrancyGuardReentrantCall()"));
    assertThat(w.vault(w.trader).intentOf(id).send().executions).isEqualTo(BigInteger.ONE);
  }

  /** Tokens held = free balances + open escrow, for the trader (the only depositor here) in both tokens. */
  private void assertVaultHoldsExactlyWhatItOwes() throws Exception {
    for (String token : List.of(w.t.baseToken(), w.t.quoteToken())) {
      BigInteger held = w.token(token, w.owner).balanceOf(w.t.vault()).send();
      BigInteger escrow = openEscrow(token);
      assertThat(held).as("vault holdings of %s", token).isEqualTo(free(token).add(escrow));
    }
  }

  private BigInteger openEscrow(String token) throws Exception {
    BigInteger sum = BigInteger.ZERO;
    var filter = new org.web3j.protocol.core.methods.request.EthFilter(
        org.web3j.protocol.core.DefaultBlockParameterName.EARLIEST, org.web3j.protocol.core.DefaultBlockParameterName.LATEST, w.t.vault());
    filter.addSingleTopic(org.web3j.abi.EventEncoder.encode(StrategyVault.INTENTSUBMITTED_EVENT));
    for (var l : chain.web3j.ethGetLogs(filter).send().getLogs()) {
      var log = (org.web3j.protocol.core.methods.response.Log) l.get();
      byte[] id = Numeric.hexStringToByteArray(log.getTopics().get(1));
      var intent = w.vault(w.trader).intentOf(id).send();
      if (intent.status.intValue() == 1 && intent.tokenIn.equalsIgnoreCase(token)) {
        sum = sum.add(intent.maxAmountTotal.subtract(intent.spent));
      }
    }
    return sum;
  }
}
