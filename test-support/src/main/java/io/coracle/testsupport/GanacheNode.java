package io.coracle.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * Ganache 7.9.2 (npm, pinned in contracts/package-lock.json) as a child process:
 * {@code --chain.hardfork shanghai}, the {@link DevAccounts} mnemonic, 30M block gas limit,
 * instamine unless a block time is set.
 */
public final class GanacheNode extends EvmNode {
  private GanacheNode(EvmNodeOptions options, Process process, int port, Path logFile) {
    super(EvmClient.GANACHE, options, process, port, logFile);
  }

  public static GanacheNode start() {
    return start(EvmNodeOptions.defaults());
  }

  public static GanacheNode start(EvmNodeOptions options) {
    String cli = NodeModules.resolve("ganache/dist/node/cli.js").toString();
    Path log = options.logFile() != null ? options.logFile() : defaultLogFile(EvmClient.GANACHE);
    int[] port = new int[1];
    Process process = launch(EvmClient.GANACHE, options, p -> {
      List<String> command = commandOf(
          NodeModules.nodeExecutable(), cli,
          "--server.host", "127.0.0.1",
          "--server.port", Integer.toString(p),
          "--chain.hardfork", "shanghai",
          "--chain.chainId", Long.toString(options.chainId()),
          "--wallet.mnemonic", DevAccounts.MNEMONIC,
          "--wallet.totalAccounts", Integer.toString(DevAccounts.COUNT),
          "--wallet.defaultBalance", Long.toString(DevAccounts.BALANCE_ETHER),
          "--miner.blockGasLimit", "30000000");
      if (options.blockTimeSeconds() > 0) {
        command.addAll(List.of("--miner.blockTime", Integer.toString(options.blockTimeSeconds())));
      }
      return command;
    }, log, port);
    return new GanacheNode(options, process, port[0], log);
  }

  @Override
  public void mine(int blocks) {
    if (blocks <= 0) return;
    call("evm_mine", List.of(java.util.Map.of("blocks", blocks)), Object.class);
  }
}
