package io.coracle.trading.market;

import java.util.ArrayList;
import java.util.List;

/**
 * The manipulation guard: no execution while the pool's price has been moved by others by more than
 * {@code maxMoveBps} within the last {@code windowBlocks} blocks. The move is the sum of the absolute
 * log-returns between consecutive observations (so a push and a pull back within the window both
 * count, as in a sandwich), leaving out the steps caused by this guest's own executions.
 */
public record PriceGuard(int windowBlocks, int maxMoveBps) {
  public PriceGuard {
    if (windowBlocks < 1) throw new IllegalArgumentException("windowBlocks >= 1");
    if (maxMoveBps < 1) throw new IllegalArgumentException("maxMoveBps >= 1");
  }

  /** The guard's judgement at {@code currentBlock}. */
  public sealed interface Verdict permits Calm, Moved, NoPrice {}

  public record Calm(int movedBps) implements Verdict {}

  public record Moved(int movedBps, int windowBlocks) implements Verdict {}

  /** No observation of the pair yet: nothing can be priced. */
  public record NoPrice() implements Verdict {}

  /**
   * @param observations the pair's observations up to {@code currentBlock}, any order; those before the
   *     window matter only as the baseline of the first move inside it
   */
  public Verdict check(List<PriceObservation> observations, long currentBlock) {
    if (observations.isEmpty()) return new NoPrice();
    List<PriceObservation> sorted = new ArrayList<>(observations);
    sorted.sort(PriceObservation.CHAIN_ORDER);
    long firstInWindow = currentBlock - windowBlocks + 1;
    double moved = 0;
    PriceObservation previous = null;
    for (PriceObservation o : sorted) {
      if (o.blockNumber() > currentBlock) break;
      if (previous != null && o.blockNumber() >= firstInWindow && !o.ownExecution()) {
        double before = previous.price1Per0();
        double after = o.price1Per0();
        if (before > 0 && after > 0 && Double.isFinite(before) && Double.isFinite(after)) {
          moved += Math.abs(Math.log(after / before));
        } else if (before > 0 != after > 0) {
          moved = Double.POSITIVE_INFINITY; // drained or refilled pool
        }
      }
      previous = o;
    }
    int bps = moved >= Integer.MAX_VALUE / 10_000.0 ? Integer.MAX_VALUE : (int) Math.round(moved * 10_000);
    return bps > maxMoveBps ? new Moved(bps, windowBlocks) : new Calm(bps);
  }
}
