package io.coracle.testsupport;

import java.nio.file.Path;

/**
 * How to start a local node.
 *
 * @param chainId the chain id it reports (1337 by default, as Ganache does)
 * @param blockTimeSeconds 0 mines each transaction at once (instamine); n > 0 mines a block every n seconds
 * @param logFile where the node's output goes; {@code null} for a fresh file under target/ or the temp directory
 */
public record EvmNodeOptions(long chainId, int blockTimeSeconds, Path logFile) {
  public static final long DEFAULT_CHAIN_ID = 1337;

  public EvmNodeOptions {
    if (chainId <= 0) throw new IllegalArgumentException("chainId must be positive");
    if (blockTimeSeconds < 0) throw new IllegalArgumentException("blockTimeSeconds must not be negative");
  }

  public static EvmNodeOptions defaults() {
    return new EvmNodeOptions(DEFAULT_CHAIN_ID, 0, null);
  }

  public EvmNodeOptions withChainId(long id) {
    return new EvmNodeOptions(id, blockTimeSeconds, logFile);
  }

  public EvmNodeOptions withBlockTime(int seconds) {
    return new EvmNodeOptions(chainId, seconds, logFile);
  }

  public EvmNodeOptions withLogFile(Path file) {
    return new EvmNodeOptions(chainId, blockTimeSeconds, file);
  }
}
