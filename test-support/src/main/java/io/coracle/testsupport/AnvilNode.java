package io.coracle.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * anvil 1.7.1 (npm {@code @foundry-rs/anvil}, pinned in contracts/package-lock.json; the
 * platform binary of its optional dependency) as a child process: {@code --hardfork shanghai},
 * the {@link DevAccounts} mnemonic, 30M block gas limit. A second, independent EVM client for
 * compatibility tests.
 */
public final class AnvilNode extends EvmNode {
  private AnvilNode(EvmNodeOptions options, Process process, int port, Path logFile) {
    super(EvmClient.ANVIL, options, process, port, logFile);
  }

  public static AnvilNode start() {
    return start(EvmNodeOptions.defaults());
  }

  public static AnvilNode start(EvmNodeOptions options) {
    String binary = NodeModules.resolve("@foundry-rs/anvil-" + platform() + "/bin/anvil").toString();
    Path log = options.logFile() != null ? options.logFile() : defaultLogFile(EvmClient.ANVIL);
    int[] port = new int[1];
    Process process = launch(EvmClient.ANVIL, options, p -> {
      List<String> command = commandOf(
          binary,
          "--host", "127.0.0.1",
          "--port", Integer.toString(p),
          "--hardfork", "shanghai",
          "--chain-id", Long.toString(options.chainId()),
          "--mnemonic", DevAccounts.MNEMONIC,
          "--accounts", Integer.toString(DevAccounts.COUNT),
          "--balance", Long.toString(DevAccounts.BALANCE_ETHER),
          "--gas-limit", "30000000");
      if (options.blockTimeSeconds() > 0) {
        command.addAll(List.of("--block-time", Integer.toString(options.blockTimeSeconds())));
      }
      return command;
    }, log, port);
    return new AnvilNode(options, process, port[0], log);
  }

  @Override
  public void mine(int blocks) {
    if (blocks <= 0) return;
    call("anvil_mine", List.of("0x" + Integer.toHexString(blocks)), Object.class);
  }

  /** The npm optional dependency that carries this machine's anvil binary. */
  static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : os;
    String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    return osPart + "-" + archPart;
  }
}
