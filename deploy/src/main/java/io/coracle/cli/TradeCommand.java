package io.coracle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.coracle.chain.ChainEvent;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.trade.GuestEncryptionKey;
import io.coracle.trade.StrategyDocuments;
import io.coracle.trade.TokenAmounts;
import io.coracle.trade.TraderClient;
import io.coracle.trading.Intent;
import io.coracle.trading.PublicBounds;
import io.coracle.trading.backtest.Backtest;
import io.coracle.trading.backtest.BacktestReport;
import io.coracle.trading.backtest.Recording;
import io.coracle.trading.engine.Acceptance;
import io.coracle.trading.engine.EngineConfig;
import io.coracle.trading.engine.PaperFill;
import io.coracle.trading.engine.TraderExposure;
import io.coracle.trading.engine.TradingEngine;
import io.coracle.trading.market.PriceGuard;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coracle trade}: what a trader (or its bot) does. Strategies are encrypted on this machine,
 * to a guest encryption key found and verified in the AttestationRegistry, and never printed.
 * Exit codes: 0 done, 1 refused or failed (nothing was sent when refused), 2 usage error.
 */
@Command(
    name = "trade",
    mixinStandardHelpOptions = true,
    description = {"Confidential trading: deposit into the StrategyVault, submit intents whose strategy only the attested",
        "guest can read, follow and cancel them; backtest a strategy on recorded chain events."},
    subcommands = {
        TradeCommand.Submit.class, TradeCommand.Status.class, TradeCommand.Cancel.class, TradeCommand.Deposit.class,
        TradeCommand.Withdraw.class, TradeCommand.Balance.class, TradeCommand.Backtest_.class, TradeCommand.Record.class})
public final class TradeCommand implements Runnable {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Node, vault and the trader's key. */
  static final class Chain {
    @Option(names = "--rpc", defaultValue = "http://127.0.0.1:8545", paramLabel = "URL", description = "EVM JSON-RPC endpoint. Default: ${DEFAULT-VALUE}.")
    String rpc;

    @Option(names = "--vault", required = true, paramLabel = "ADDRESS", description = "The StrategyVault.")
    String vault;

    @Option(names = "--private-key-file", paramLabel = "FILE",
        description = "File holding the trader's key (hex). Default: the CORACLE_TRADER_KEY environment variable.")
    Path keyFile;

    Web3j web3j() {
      return Web3j.build(new HttpService(rpc));
    }

    Credentials trader() {
      String hex;
      if (keyFile != null) {
        try {
          hex = Files.readString(keyFile).trim();
        } catch (IOException e) {
          throw new CliErrors.UsageException("cannot read --private-key-file " + keyFile + ": " + e.getMessage());
        }
      } else {
        hex = System.getenv("CORACLE_TRADER_KEY");
        if (hex == null || hex.isBlank()) throw new CliErrors.UsageException("set CORACLE_TRADER_KEY or give --private-key-file");
      }
      String h = hex.startsWith("0x") ? hex.substring(2) : hex;
      if (!h.matches("[0-9a-fA-F]{64}")) throw new CliErrors.UsageException("the trader key must be 32 bytes of hex");
      return Credentials.create(h);
    }

    TraderClient client(Web3j web3j) throws IOException {
      address(vault, "--vault");
      long chainId = web3j.ethChainId().send().getChainId().longValueExact();
      return new TraderClient(web3j, chainId, trader(), vault);
    }
  }

  /** Strategy: a schema document, or built from flags. */
  static final class StrategyOptions {
    @Option(names = "--strategy", paramLabel = "FILE", description = "A strategy document (schema coracle.strategy v1, base units); '-' for stdin.")
    String file;

    @Option(names = "--kind", paramLabel = "KIND", description = "Build the strategy from flags: market, limit, triple-barrier, twap, dca.")
    String kind;

    @Option(names = "--amount", paramLabel = "TOKENS", description = "Input to spend (market, limit, triple-barrier, twap), in tokens.")
    String amount;

    @Option(names = "--limit-price", paramLabel = "PRICE", description = "limit: least output tokens per input token, net of fee and gas.")
    String limitPrice;

    @Option(names = "--stop-loss", paramLabel = "PRICE", description = "triple-barrier: exit when the net price falls to this.")
    String stopLoss;

    @Option(names = "--take-profit", paramLabel = "PRICE", description = "triple-barrier: exit when the net price rises to this.")
    String takeProfit;

    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "triple-barrier: exit after this long.")
    Long timeLimit;

    @Option(names = "--slices", paramLabel = "N", description = "twap: number of equal parts.")
    Long slices;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "twap: time over which the parts are spread.")
    Long duration;

    @Option(names = "--amount-per-buy", paramLabel = "TOKENS", description = "dca: input per buy, in tokens.")
    String amountPerBuy;

    @Option(names = "--buys", paramLabel = "N", description = "dca: number of buys.")
    Long buys;

    @Option(names = "--interval", paramLabel = "SECONDS", description = "dca: time between buys.")
    Long interval;

    @Option(names = "--min-price", paramLabel = "PRICE", description = "twap, dca: a part waits until its net price reaches this.")
    String minPrice;

    @Option(names = "--strategy-slippage-bps", paramLabel = "BPS", description = "The strategy's own slippage tolerance (at most the public bound).")
    Long slippage;

    @Option(names = "--label", paramLabel = "TEXT", description = "A note for yourself, encrypted with the strategy.")
    String label;

    byte[] document(int decimalsIn, int decimalsOut) {
      if ((file == null) == (kind == null)) throw new CliErrors.UsageException("give exactly one of --strategy FILE or --kind");
      if (file != null) {
        try {
          return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
          throw new CliErrors.UsageException("cannot read --strategy " + file + ": " + e.getMessage());
        }
      }
      try {
        return new StrategyDocuments(kind, decimalsIn, decimalsOut)
            .amount("amountIn", kind.equals("dca") ? null : amount)
            .price("limitPrice", limitPrice)
            .price("stopLossPrice", stopLoss)
            .price("takeProfitPrice", takeProfit)
            .integer("timeLimitSeconds", timeLimit)
            .integer("slices", slices)
            .integer("durationSeconds", duration)
            .amount("amountPerBuy", amountPerBuy)
            .integer("buys", buys)
            .integer("intervalSeconds", interval)
            .price("minPrice", minPrice)
            .integer("maxSlippageBps", slippage)
            .text("label", label)
            .toBytes();
      } catch (IllegalArgumentException e) {
        throw new CliErrors.UsageException(e.getMessage());
      }
    }
  }

  /** Public bounds, in tokens. */
  static final class BoundsOptions {
    @Option(names = "--token-in", required = true, paramLabel = "ADDRESS", description = "The token the intent spends.")
    String tokenIn;

    @Option(names = "--token-out", required = true, paramLabel = "ADDRESS", description = "The token it buys.")
    String tokenOut;

    @Option(names = "--max-per-execution", required = true, paramLabel = "TOKENS", description = "Public bound: most input per execution.")
    String maxPerExecution;

    @Option(names = "--max-total", required = true, paramLabel = "TOKENS", description = "Public bound: most input in total (escrowed).")
    String maxTotal;

    @Option(names = "--expires-in", defaultValue = "86400", paramLabel = "SECONDS", description = "Public bound: no execution after this long. Default: ${DEFAULT-VALUE}.")
    long expiresIn;

    @Option(names = "--max-slippage-bps", defaultValue = "100", paramLabel = "BPS", description = "Public bound: amountOutMin >= quote * (1 - bps/10000). Default: ${DEFAULT-VALUE}.")
    int maxSlippageBps;

    PublicBounds bounds(int decimalsIn, long now) {
      address(tokenIn, "--token-in");
      address(tokenOut, "--token-out");
      if (expiresIn < 1) throw new CliErrors.UsageException("--expires-in must be positive");
      if (maxSlippageBps < 0 || maxSlippageBps > 5_000) throw new CliErrors.UsageException("--max-slippage-bps must be in 0..5000");
      try {
        return new PublicBounds(tokenIn, tokenOut, TokenAmounts.toBaseUnits(maxPerExecution, decimalsIn),
            TokenAmounts.toBaseUnits(maxTotal, decimalsIn), now + expiresIn, maxSlippageBps);
      } catch (IllegalArgumentException e) {
        throw new CliErrors.UsageException(e.getMessage());
      }
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, description = {
      "Encrypt a strategy to the guest's attested encryption key (read and verified from the AttestationRegistry) and",
      "submit it with its public bounds. Prints the intent id; never the strategy."})
  static final class Submit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Chain chain;
    @ArgGroup(exclusive = false, multiplicity = "1") BoundsOptions boundsOptions;
    @ArgGroup(exclusive = false, multiplicity = "1") StrategyOptions strategy;

    @Option(names = "--guest-signer", paramLabel = "ADDRESS", description = "The guest's transaction signer (its encryption key is looked up in the registry).")
    String guestSigner;

    @Option(names = "--oracle", paramLabel = "URL", description = "Ask this oracle for its signer (still verified in the registry) instead of --guest-signer.")
    String oracle;

    @Option(names = "--deposit", description = "Deposit the escrow (max-total) first when the free balance is short.")
    boolean deposit;

    @Option(names = "--dry-run", description = "Check the strategy and bounds locally and the guest key on-chain; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      if ((guestSigner == null) == (oracle == null)) throw new CliErrors.UsageException("give exactly one of --guest-signer or --oracle");
      Web3j web3j = chain.web3j();
      try {
        TraderClient client = chain.client(web3j);
        int decIn = client.decimals(boundsOptions.tokenIn);
        int decOut = client.decimals(boundsOptions.tokenOut);
        long now = latestTimestamp(web3j);
        PublicBounds b = boundsOptions.bounds(decIn, now);
        byte[] document = strategy.document(decIn, decOut);
        // The same checks the guest will make, here, so a mistake costs nothing.
        Intent probe = new Intent("0x" + "00".repeat(32), client.address(), "0x" + "00".repeat(32), b, now, 0);
        Acceptance acceptance = new TradingEngine(EngineConfig.defaults()).acceptDocument(probe, document, TraderExposure.NONE);
        if (acceptance instanceof Acceptance.Rejected r) {
          throw new CliErrors.UsageException("the guest would reject this strategy (" + r.reason() + "): " + String.join("; ", r.problems()));
        }
        String signer = guestSigner != null ? address(guestSigner, "--guest-signer") : signerOf(oracle);
        GuestEncryptionKey key;
        try {
          key = GuestEncryptionKey.fetch(web3j, client.registry(), signer);
        } catch (GuestEncryptionKey.Unverified e) {
          spec.commandLine().getErr().println("coracle: refusing to encrypt: " + e.getMessage());
          return CliErrors.NEGATIVE;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("guest", Map.of("signer", key.signer(), "keyHash", key.keyHash(), "encryptionPublicKey", key.encryptionPublicKeyHex(),
            "activationTx", key.activationTx(), "expiresAt", key.expiresAt()));
        out.put("bounds", boundsJson(b));
        if (dryRun) {
          out.put("dryRun", true);
          Json.print(spec.commandLine().getOut(), out);
          return CliErrors.OK;
        }
        if (deposit && client.freeBalance(b.tokenIn()).compareTo(b.maxAmountTotal()) < 0) {
          TransactionReceipt d = client.deposit(b.tokenIn(), b.maxAmountTotal().subtract(client.freeBalance(b.tokenIn())));
          out.put("depositTx", d.getTransactionHash());
        }
        TraderClient.Submitted s = client.submit(new StrategyVault.PublicBounds(b.tokenIn(), b.tokenOut(), b.maxAmountPerExecution(),
            b.maxAmountTotal(), BigInteger.valueOf(b.expiry()), BigInteger.valueOf(b.maxSlippageBps())), document, key);
        java.util.Arrays.fill(document, (byte) 0);
        out.put("intentId", s.intentId());
        out.put("txHash", s.txHash());
        out.put("block", s.block());
        out.put("encryptedStrategyBytes", s.envelopeBytes());
        Json.print(spec.commandLine().getOut(), out);
        return CliErrors.OK;
      } catch (TraderClient.Refused e) {
        spec.commandLine().getErr().println("coracle: " + e.getMessage());
        return CliErrors.NEGATIVE;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = {
      "An intent's state on-chain (status, executions, spent, received) and, with --oracle, in the guest (slices, transactions)."})
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rpc", defaultValue = "http://127.0.0.1:8545", paramLabel = "URL", description = "EVM JSON-RPC endpoint. Default: ${DEFAULT-VALUE}.")
    String rpc;

    @Option(names = "--vault", required = true, paramLabel = "ADDRESS", description = "The StrategyVault.")
    String vault;

    @Option(names = "--intent", required = true, paramLabel = "ID", description = "The intent id (0x, 32 bytes).")
    String intentId;

    @Option(names = "--oracle", paramLabel = "URL", description = "Also ask this oracle for the order's lifecycle.")
    String oracle;

    @Override
    public Integer call() throws Exception {
      address(vault, "--vault");
      if (!BYTES32.matcher(intentId).matches()) throw new CliErrors.UsageException("--intent must be 32 bytes of 0x-hex");
      Web3j web3j = Web3j.build(new HttpService(rpc));
      try {
        StrategyVault v = StrategyVault.load(vault, web3j, new org.web3j.tx.ReadonlyTransactionManager(web3j, vault),
            new org.web3j.tx.gas.DefaultGasProvider());
        StrategyVault.Intent i = v.intentOf(Numeric.hexStringToByteArray(intentId)).send();
        if (i.status.signum() == 0) {
          spec.commandLine().getErr().println("coracle: no intent " + intentId + " in the vault " + vault);
          return CliErrors.NEGATIVE;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intentId", intentId.toLowerCase(Locale.ROOT));
        out.put("status", TraderClient.statusName(i.status));
        out.put("trader", i.trader);
        out.put("guestKeyHash", Numeric.toHexString(i.guestKeyHash));
        out.put("tokenIn", i.tokenIn);
        out.put("tokenOut", i.tokenOut);
        out.put("executions", i.executions);
        out.put("spent", i.spent.toString());
        out.put("received", i.received.toString());
        out.put("maxAmountPerExecution", i.maxAmountPerExecution.toString());
        out.put("maxAmountTotal", i.maxAmountTotal.toString());
        out.put("expiry", i.expiry);
        out.put("maxSlippageBps", i.maxSlippageBps);
        if (oracle != null) {
          long chainId = web3j.ethChainId().send().getChainId().longValueExact();
          out.put("guest", getJson(oracle, "/v1/trading/orders/" + chainId + "/" + intentId.toLowerCase(Locale.ROOT)));
        }
        Json.print(spec.commandLine().getOut(), out);
        return CliErrors.OK;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "The kill switch: no further slice executes; the unspent escrow returns to your free balance.")
  static final class Cancel implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Chain chain;

    @Option(names = "--intent", required = true, paramLabel = "ID", description = "The intent id (0x, 32 bytes).")
    String intentId;

    @Override
    public Integer call() throws Exception {
      if (!BYTES32.matcher(intentId).matches()) throw new CliErrors.UsageException("--intent must be 32 bytes of 0x-hex");
      Web3j web3j = chain.web3j();
      try {
        TransactionReceipt r = chain.client(web3j).cancel(intentId);
        var ev = StrategyVault.getIntentCancelledEvents(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("intentId", intentId.toLowerCase(Locale.ROOT));
        out.put("txHash", r.getTransactionHash());
        out.put("refunded", ev.isEmpty() ? null : ev.get(0).refunded.toString());
        Json.print(spec.commandLine().getOut(), out);
        return CliErrors.OK;
      } catch (TraderClient.Refused e) {
        spec.commandLine().getErr().println("coracle: " + e.getMessage());
        return CliErrors.NEGATIVE;
      } finally {
        web3j.shutdown();
      }
    }
  }

  @Command(name = "deposit", mixinStandardHelpOptions = true, description = "Approve the vault and deposit tokens into your free balance.")
  static final class Deposit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Chain chain;

    @Option(names = "--token", required = true, paramLabel = "ADDRESS") String token;

    @Option(names = "--amount", required = true, paramLabel = "TOKENS") String amount;

    @Override
    public Integer call() throws Exception {
      return fundsMove(spec, chain, token, amount, true);
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw tokens from your free balance (escrow of open intents is not free).")
  static final class Withdraw implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Chain chain;

    @Option(names = "--token", required = true, paramLabel = "ADDRESS") String token;

    @Option(names = "--amount", required = true, paramLabel = "TOKENS") String amount;

    @Override
    public Integer call() throws Exception {
      return fundsMove(spec, chain, token, amount, false);
    }
  }

  @Command(name = "balance", mixinStandardHelpOptions = true, description = "Your free balance in the vault and in your wallet.")
  static final class Balance implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Chain chain;

    @Option(names = "--token", required = true, paramLabel = "ADDRESS") String token;

    @Override
    public Integer call() throws Exception {
      address(token, "--token");
      Web3j web3j = chain.web3j();
      try {
        TraderClient c = chain.client(web3j);
        int dec = c.decimals(token);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trader", c.address());
        out.put("token", token.toLowerCase(Locale.ROOT));
        out.put("vaultFree", TokenAmounts.toHuman(c.freeBalance(token), dec));
        out.put("wallet", TokenAmounts.toHuman(c.token(token).balanceOf(c.address()).send(), dec));
        Json.print(spec.commandLine().getOut(), out);
        return CliErrors.OK;
      } finally {
        web3j.shutdown();
      }
    }
  }

  static int fundsMove(CommandSpec spec, Chain chain, String token, String amount, boolean in) throws Exception {
    address(token, "--token");
    Web3j web3j = chain.web3j();
    try {
      TraderClient c = chain.client(web3j);
      BigInteger units;
      try {
        units = TokenAmounts.toBaseUnits(amount, c.decimals(token));
      } catch (IllegalArgumentException e) {
        throw new CliErrors.UsageException(e.getMessage());
      }
      TransactionReceipt r = in ? c.deposit(token, units) : c.withdraw(token, units);
      Json.print(spec.commandLine().getOut(), Map.of("txHash", r.getTransactionHash(), "amount", units.toString(),
          "vaultFree", c.freeBalance(token).toString()));
      return CliErrors.OK;
    } catch (TraderClient.Refused e) {
      spec.commandLine().getErr().println("coracle: " + e.getMessage());
      return CliErrors.NEGATIVE;
    } finally {
      web3j.shutdown();
    }
  }

  @Command(name = "backtest", mixinStandardHelpOptions = true, description = {
      "Replay recorded chain events (JSON lines: coracle.block lines and the pool's Sync events, as 'trade record' writes",
      "them) through the guest's engine, filling on paper. Offline: no node needed. Prints a JSON report."})
  static final class Backtest_ implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ArgGroup(exclusive = false, multiplicity = "1") BoundsOptions boundsOptions;
    @ArgGroup(exclusive = false, multiplicity = "1") StrategyOptions strategy;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "The recording (JSON lines).")
    Path events;

    @Option(names = "--pair", required = true, paramLabel = "ADDRESS", description = "The pool whose Sync events are the prices.")
    String pair;

    @Option(names = "--native-token", paramLabel = "ADDRESS", description = "The wrapped native token, to price gas (one of the pair's tokens).")
    String nativeToken;

    @Option(names = "--decimals-in", defaultValue = "18", description = "Decimals of --token-in. Default: ${DEFAULT-VALUE}.")
    int decimalsIn;

    @Option(names = "--decimals-out", defaultValue = "18", description = "Decimals of --token-out. Default: ${DEFAULT-VALUE}.")
    int decimalsOut;

    @Option(names = "--guard-blocks", defaultValue = "3", description = "Manipulation guard window. Default: ${DEFAULT-VALUE}.")
    int guardBlocks;

    @Option(names = "--guard-bps", defaultValue = "500", description = "Manipulation guard bound. Default: ${DEFAULT-VALUE}.")
    int guardBps;

    @Override
    public Integer call() throws Exception {
      address(pair, "--pair");
      if (nativeToken != null) address(nativeToken, "--native-token");
      Recording recording;
      try (Reader r = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
        recording = Recording.read(r);
      } catch (IOException e) {
        throw new CliErrors.UsageException("cannot read --events " + events + ": " + e.getMessage());
      } catch (Recording.MalformedRecording e) {
        throw new CliErrors.UsageException("--events " + events + ": " + e.getMessage());
      }
      long start = recording.entries().stream().filter(e -> e instanceof Recording.Block).map(e -> ((Recording.Block) e).timestamp())
          .findFirst().orElseThrow(() -> new CliErrors.UsageException("--events has no block lines: nothing to replay"));
      long firstBlock = recording.entries().stream().filter(e -> e instanceof Recording.Block).map(e -> ((Recording.Block) e).number())
          .findFirst().orElse(0L);
      PublicBounds b = boundsOptions.bounds(decimalsIn, start);
      Intent intent = new Intent("0x" + "00".repeat(32), "0x" + "00".repeat(20), "0x" + "00".repeat(32), b, start, firstBlock);
      TradingEngine engine = new TradingEngine(EngineConfig.defaults().withGuard(new PriceGuard(guardBlocks, guardBps)));
      BacktestReport report = new Backtest(engine).run(intent, strategy.document(decimalsIn, decimalsOut), pair, nativeToken, recording);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("outcome", report.outcome());
      out.put("rejectReason", report.rejectReason());
      out.put("problems", report.problems());
      out.put("closeCode", report.closeCode());
      out.put("fills", report.fills().stream().map(f -> fill(f, decimalsIn, decimalsOut)).toList());
      out.put("totalIn", TokenAmounts.toHuman(report.totalIn(), decimalsIn));
      out.put("totalOut", TokenAmounts.toHuman(report.totalOut(), decimalsOut));
      out.put("gasInOutputToken", TokenAmounts.toHuman(report.totalGasOut(), decimalsOut));
      out.put("averagePrice", human(report.averagePrice(), decimalsIn, decimalsOut));
      out.put("averagePriceNetOfGas", human(report.averagePriceNetOfGas(), decimalsIn, decimalsOut));
      out.put("escrowReturned", TokenAmounts.toHuman(report.escrowReturned(), decimalsIn));
      out.put("blocksHeld", report.blocksHeld());
      Json.printPretty(spec.commandLine().getOut(), out);
      return "REJECTED".equals(report.outcome()) ? CliErrors.NEGATIVE : CliErrors.OK;
    }

    private static Map<String, Object> fill(PaperFill f, int decIn, int decOut) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("slice", f.sliceIndex());
      m.put("at", f.at());
      m.put("trigger", f.trigger());
      m.put("amountIn", TokenAmounts.toHuman(f.amountIn(), decIn));
      m.put("amountOut", TokenAmounts.toHuman(f.amountOut(), decOut));
      m.put("gas", TokenAmounts.toHuman(f.gasCostOut(), decOut));
      return m;
    }

    private static String human(java.math.BigDecimal raw, int decIn, int decOut) {
      return raw.movePointLeft(decOut - decIn).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }
  }

  @Command(name = "record", mixinStandardHelpOptions = true, description = {
      "Record a pool's Sync events and the blocks they fall in, as JSON lines for 'trade backtest'."})
  static final class Record implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--rpc", defaultValue = "http://127.0.0.1:8545", paramLabel = "URL", description = "EVM JSON-RPC endpoint. Default: ${DEFAULT-VALUE}.")
    String rpc;

    @Option(names = "--pair", required = true, paramLabel = "ADDRESS") String pair;

    @Option(names = "--from-block", defaultValue = "0", paramLabel = "N") long fromBlock;

    @Option(names = "--to-block", paramLabel = "N", description = "Default: the latest block.") Long toBlock;

    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    @Override
    public Integer call() throws Exception {
      address(pair, "--pair");
      Web3j web3j = Web3j.build(new HttpService(rpc));
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        long chainId = web3j.ethChainId().send().getChainId().longValueExact();
        long to = toBlock != null ? toBlock : web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        if (fromBlock < 0 || to < fromBlock) throw new CliErrors.UsageException("need 0 <= --from-block <= --to-block");
        EthFilter f = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)), DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), pair);
        f.addSingleTopic(EventEncoder.encode(io.coracle.contracts.generated.CoracleV2Pair.SYNC_EVENT));
        var logs = web3j.ethGetLogs(f).send();
        if (logs.hasError()) throw new IOException("eth_getLogs: " + logs.getError().getMessage());
        Map<Long, List<Log>> byBlock = new java.util.TreeMap<>();
        for (var l : logs.getLogs()) {
          Log log = (Log) l.get();
          byBlock.computeIfAbsent(log.getBlockNumber().longValueExact(), k -> new java.util.ArrayList<>()).add(log);
        }
        int events = 0;
        for (long n = fromBlock; n <= to; n++) {
          EthBlock.Block b = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), false).send().getBlock();
          Recording.writeBlock(w, n, b.getTimestamp().longValueExact(), b.getBaseFeePerGas() == null ? BigInteger.ZERO : b.getBaseFeePerGas());
          for (Log log : byBlock.getOrDefault(n, List.of())) {
            var sync = io.coracle.contracts.generated.CoracleV2Pair.getSyncEventFromLog(log);
            Recording.writeEvent(w, new ChainEvent(ChainEvent.SCHEMA_VERSION, ChainEvent.Kind.LOG, chainId, pair.toLowerCase(Locale.ROOT), "Sync",
                pair.toLowerCase(Locale.ROOT), n, log.getBlockHash(), log.getTransactionHash(), log.getLogIndex().longValueExact(),
                Map.of("reserve0", sync.reserve0.toString(), "reserve1", sync.reserve1.toString())));
            events++;
          }
        }
        Json.print(spec.commandLine().getOut(), Map.of("out", out.toString(), "blocks", to - fromBlock + 1, "syncEvents", events));
        return CliErrors.OK;
      } finally {
        web3j.shutdown();
      }
    }
  }

  static Map<String, Object> boundsJson(PublicBounds b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tokenIn", b.tokenIn());
    m.put("tokenOut", b.tokenOut());
    m.put("maxAmountPerExecution", b.maxAmountPerExecution().toString());
    m.put("maxAmountTotal", b.maxAmountTotal().toString());
    m.put("expiry", b.expiry());
    m.put("maxSlippageBps", b.maxSlippageBps());
    return m;
  }

  static String address(String a, String option) {
    if (a == null || !ADDRESS.matcher(a).matches()) throw new CliErrors.UsageException(option + " must be a 0x address (20 bytes of hex)");
    return a.toLowerCase(Locale.ROOT);
  }

  static long latestTimestamp(Web3j web3j) throws IOException {
    return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
  }

  /** The signer an oracle says it has; verified afterwards against the registry, never trusted as such. */
  static String signerOf(String oracle) throws IOException {
    JsonNode keys = getJson(oracle, "/v1/keys");
    JsonNode signer = keys.isArray() && !keys.isEmpty() ? keys.get(0).get("signer") : null;
    if (signer == null || !signer.isTextual()) throw new IOException(oracle + "/v1/keys names no signer");
    return address(signer.asText(), "the oracle's signer");
  }

  static JsonNode getJson(String base, String path) throws IOException {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      return Json.MAPPER.readTree(r.body().isEmpty() ? "null" : r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IllegalArgumentException e) {
      throw new CliErrors.UsageException("not a URL: " + base);
    }
  }

}
