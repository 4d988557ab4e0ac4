package io.coracle.trade;

import io.coracle.contracts.CoracleDeployer;
import io.coracle.contracts.generated.StrategyVault;
import io.coracle.contracts.generated.TestToken;
import io.coracle.trading.crypto.IntentBinding;
import io.coracle.trading.crypto.StrategyEncryptor;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Numeric;

/**
 * What a trader (or its bot) does with the StrategyVault: deposit, submit an intent whose strategy is
 * encrypted to a guest key verified in the AttestationRegistry, cancel, withdraw, read. The strategy
 * plaintext is encrypted here, on the trader's machine, and leaves it only as ciphertext.
 */
public final class TraderClient {
  private final Web3j web3j;
  private final Credentials trader;
  private final TransactionManager tm;
  private final ContractGasProvider gas;
  private final String vaultAddress;
  private final SecureRandom random = new SecureRandom();

  public TraderClient(Web3j web3j, long chainId, Credentials trader, String vault) throws IOException {
    this.web3j = web3j;
    this.trader = trader;
    this.tm = CoracleDeployer.transactionManager(web3j, trader, chainId);
    this.gas = CoracleDeployer.gasProvider(web3j, web3j.ethGasPrice().send().getGasPrice());
    this.vaultAddress = vault;
  }

  /** The vault (or a token) would refuse the call: nothing was sent. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Simulates {@code data} against {@code to} from the trader; a named refusal instead of a reverted transaction. */
  void preflight(String what, String to, String data) throws Refused, IOException {
    String error = VaultErrors.wouldRevert(web3j, trader.getAddress(), to, data);
    if (error != null) throw new Refused(what + " would be refused: " + error);
  }

  /** What a submission produced. */
  public record Submitted(String intentId, String txHash, long block, int envelopeBytes) {}

  public String address() {
    return trader.getAddress().toLowerCase(Locale.ROOT);
  }

  public StrategyVault vault() {
    return StrategyVault.load(vaultAddress, web3j, tm, gas);
  }

  public TestToken token(String address) {
    return TestToken.load(address, web3j, tm, gas);
  }

  public int decimals(String token) throws Exception {
    return token(token).decimals().send().intValueExact();
  }

  /** The registry the vault checks guests against. */
  public String registry() throws Exception {
    return vault().registry().send();
  }

  /** Approves the vault if needed and deposits. */
  public TransactionReceipt deposit(String token, BigInteger amount) throws Exception {
    TestToken t = token(token);
    BigInteger held = t.balanceOf(trader.getAddress()).send();
    if (held.compareTo(amount) < 0) throw new Refused("deposit would be refused: the trader holds " + held + " of " + amount);
    if (t.allowance(trader.getAddress(), vaultAddress).send().compareTo(amount) < 0) {
      ok(t.approve(vaultAddress, amount).send(), "approve the vault");
    }
    preflight("deposit", vaultAddress, vault().deposit(token, amount).encodeFunctionCall());
    return ok(vault().deposit(token, amount).send(), "deposit");
  }

  public TransactionReceipt withdraw(String token, BigInteger amount) throws Exception {
    preflight("withdraw", vaultAddress, vault().withdraw(token, amount).encodeFunctionCall());
    return ok(vault().withdraw(token, amount).send(), "withdraw");
  }

  /**
   * Encrypts {@code strategyDocument} to {@code guest}'s verified key, bound to the intent id (known
   * before submission, from a random salt) and this trader, and submits it with {@code bounds}.
   */
  public Submitted submit(StrategyVault.PublicBounds bounds, byte[] strategyDocument, GuestEncryptionKey guest) throws Exception {
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    StrategyVault v = vault();
    byte[] intentId = v.intentIdFor(trader.getAddress(), salt).send();
    byte[] envelope = new StrategyEncryptor(guest.encryptionPublicKey(), random)
        .encrypt(strategyDocument, new IntentBinding(intentId, Numeric.hexStringToByteArray(trader.getAddress())));
    byte[] guestKeyHash = Numeric.hexStringToByteArray(guest.keyHash());
    preflight("submitIntent", vaultAddress, v.submitIntent(bounds, salt, guestKeyHash, envelope).encodeFunctionCall());
    TransactionReceipt r = ok(v.submitIntent(bounds, salt, guestKeyHash, envelope).send(), "submitIntent");
    List<StrategyVault.IntentSubmittedEventResponse> events = StrategyVault.getIntentSubmittedEvents(r);
    if (events.isEmpty()) throw new IllegalStateException("submitIntent emitted no IntentSubmitted (tx " + r.getTransactionHash() + ")");
    return new Submitted(Numeric.toHexString(events.get(0).intentId), r.getTransactionHash(), r.getBlockNumber().longValueExact(), envelope.length);
  }

  public TransactionReceipt cancel(String intentId) throws Exception {
    byte[] id = Numeric.hexStringToByteArray(intentId);
    preflight("cancelIntent", vaultAddress, vault().cancelIntent(id).encodeFunctionCall());
    return ok(vault().cancelIntent(id).send(), "cancelIntent");
  }

  public StrategyVault.Intent intent(String intentId) throws Exception {
    return vault().intentOf(Numeric.hexStringToByteArray(intentId)).send();
  }

  public BigInteger freeBalance(String token) throws Exception {
    return vault().balanceOf(trader.getAddress(), token).send();
  }

  private static TransactionReceipt ok(TransactionReceipt r, String what) {
    if (!r.isStatusOK()) throw new IllegalStateException(what + " reverted (tx " + r.getTransactionHash() + ")");
    return r;
  }

  /** The vault's intent status names (enum IntentStatus). */
  public static String statusName(BigInteger status) {
    String[] names = {"None", "Open", "Cancelled", "Completed", "Rejected", "Expired"};
    int i = status.intValueExact();
    return i >= 0 && i < names.length ? names[i] : "Unknown(" + i + ")";
  }
}
