package io.coracle.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.web3j.protocol.core.methods.response.Log;

/**
 * An in-memory chain for testing the follower's pure logic: blocks with parent hashes, logs with
 * a key and a confirmation count, and reorganisations that replace the last blocks.
 */
final class SimulatedChain implements ChainReader {
  static final String CONTRACT = "0x00000000000000000000000000000000000000c0";
  static final String TOPIC = "0x" + "ab".repeat(32);
  static final long CHAIN_ID = 1337;

  record SimLog(String key, int confirmations, String txHash) {}

  record Block(BlockHeader header, List<SimLog> logs) {}

  private final List<Block> blocks = new ArrayList<>();
  private final Random random;
  private int nextKey;
  boolean failNextCall;

  SimulatedChain(long seed) {
    this.random = new Random(seed);
    blocks.add(new Block(new BlockHeader(0, hash(), "0x" + "00".repeat(32), 0), List.of()));
  }

  private String hash() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return "0x" + HexFormat.of().formatHex(b);
  }

  /** Mines a block with the given logs (new keys unless given). */
  Block mine(List<SimLog> logs) {
    BlockHeader parent = blocks.get(blocks.size() - 1).header();
    Block b = new Block(new BlockHeader(parent.number() + 1, hash(), parent.hash(), parent.number() + 1), List.copyOf(logs));
    blocks.add(b);
    return b;
  }

  SimLog newLog(int confirmations) {
    return new SimLog("req-" + (nextKey++), confirmations, hash());
  }

  /** Drops the last {@code depth} blocks; returns their logs (a test may re-mine some of them). */
  List<SimLog> reorg(int depth) {
    List<SimLog> dropped = new ArrayList<>();
    for (int i = 0; i < depth && blocks.size() > 1; i++) {
      dropped.addAll(0, blocks.remove(blocks.size() - 1).logs());
    }
    return dropped;
  }

  List<Block> blocks() {
    return List.copyOf(blocks);
  }

  long head() {
    return blocks.size() - 1;
  }

  private void maybeFail() throws IOException {
    if (failNextCall) {
      failNextCall = false;
      throw new IOException("simulated RPC outage");
    }
  }

  @Override
  public long chainId() {
    return CHAIN_ID;
  }

  @Override
  public long headNumber() throws IOException {
    maybeFail();
    return head();
  }

  @Override
  public BlockHeader header(long number) throws IOException {
    maybeFail();
    if (number > head()) {
      throw new IOException("no block " + number);
    }
    return blocks.get((int) number).header();
  }

  @Override
  public List<Log> logs(long from, long to, List<String> contracts, List<String> topic0s) throws IOException {
    maybeFail();
    List<Log> out = new ArrayList<>();
    for (long n = from; n <= Math.min(to, head()); n++) {
      Block b = blocks.get((int) n);
      int i = 0;
      for (SimLog l : b.logs()) {
        Log log = new Log();
        log.setAddress(CONTRACT);
        log.setBlockHash(b.header().hash());
        log.setBlockNumber("0x" + Long.toHexString(n));
        log.setLogIndex("0x" + Integer.toHexString(i++));
        log.setTransactionHash(l.txHash());
        log.setTopics(List.of(TOPIC));
        log.setData(l.key() + "/" + l.confirmations());
        out.add(log);
      }
    }
    return out;
  }

  /** Decodes the simulated logs; data "bad/..." does not decode. */
  static final class Event implements WatchedEvent {
    @Override
    public String name() {
      return "Simulated";
    }

    @Override
    public String contract() {
      return CONTRACT;
    }

    @Override
    public String topic0() {
      return TOPIC;
    }

    @Override
    public Decoded decode(Log log) {
      String[] parts = log.getData().split("/");
      if (parts[0].startsWith("bad")) {
        throw new IllegalArgumentException("payload is not ABI-encoded");
      }
      return new Decoded(parts[0], Map.of("data", log.getData()), Integer.parseInt(parts[1]));
    }
  }

  static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }
}
