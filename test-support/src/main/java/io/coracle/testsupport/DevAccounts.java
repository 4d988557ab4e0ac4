package io.coracle.testsupport;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The funded development accounts of every local node the project starts (Ganache and anvil
 * alike): BIP-44 path m/44'/60'/0'/0/i of Ganache's well-known deterministic mnemonic
 * {@value #MNEMONIC}.
 *
 * <p>These keys are PUBLIC knowledge. Never send real value to them. The first ones:
 * <pre>
 * 0  0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1  0x4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d
 * 1  0xFFcf8FDEE72ac11b5c542428B35EEF5769C409f0  0x6cbed15c793ce57650b9877cf6fa156fbef513c4e6134f022a85b1ffdd59b2a1
 * 2  0x22d491Bde2303f2f43325b2108D26f1eAbA1e32b  0x6370fd033278c143179d81c5526140625662b8daa446c22ee2d73db3707e620c
 * 3  0xE11BA2b4D45Eaed5996Cd0823791E0C93114882d  0x646f1ce2fdad0e6deeeb5c7e8e5543bdde65e86029e2fd9fc169899c440a7913
 * </pre>
 */
public final class DevAccounts {
  public static final String MNEMONIC =
      "myth like bonus scare over problem client lizard pioneer submit female collect";
  /** Accounts each node funds. */
  public static final int COUNT = 10;
  /** Ether each account starts with. */
  public static final long BALANCE_ETHER = 10_000;

  private static final List<Credentials> ACCOUNTS = derive(COUNT);

  private DevAccounts() {}

  /** The i-th funded account, 0 <= i < {@link #COUNT}. */
  public static Credentials get(int i) {
    return ACCOUNTS.get(i);
  }

  public static List<Credentials> all() {
    return ACCOUNTS;
  }

  public static BigInteger balanceWei() {
    return BigInteger.valueOf(BALANCE_ETHER).multiply(BigInteger.TEN.pow(18));
  }

  private static List<Credentials> derive(int count) {
    Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
    int hardened = Bip32ECKeyPair.HARDENED_BIT;
    List<Credentials> accounts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      accounts.add(Credentials.create(
          Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | hardened, 60 | hardened, hardened, 0, i})));
    }
    return List.copyOf(accounts);
  }
}
