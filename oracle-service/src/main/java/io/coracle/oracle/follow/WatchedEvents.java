package io.coracle.oracle.follow;

import io.coracle.chain.WatchedEvent;
import java.util.List;

/** The contract events this service follows on its chain. */
public interface WatchedEvents {
  List<WatchedEvent> events();
}
