package io.coracle.vrf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One shared Ecvrf and one shared VrfPublicKey (with its lazily cached table) across threads. */
class ConcurrentUseTest {

  @Test
  void sharedInstancesGiveTheSameAnswersFromManyThreads() throws Exception {
    List<TestVectors.Vector> vectors = TestVectors.all().stream().filter(v -> v.sk() != null).toList();
    List<VrfPublicKey> sharedKeys = new ArrayList<>();
    for (TestVectors.Vector v : vectors) {
      sharedKeys.add(Ecvrf.of(v.suite()).decodePublicKey(v.pk()).value());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          int checked = 0;
          for (int round = 0; round < 10; round++) {
            for (int i = 0; i < vectors.size(); i++) {
              TestVectors.Vector v = vectors.get(i);
              Ecvrf vrf = Ecvrf.of(v.suite());
              VrfSecretKey sk = vrf.decodeSecretKey(v.sk()).value();
              assertThat(vrf.prove(sk, v.alpha())).isEqualTo(v.pi());
              assertThat(vrf.verify(sharedKeys.get(i), v.alpha(), v.pi()))
                  .isEqualTo(new VrfVerification.Valid(v.beta()));
              checked++;
            }
          }
          return checked;
        }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get()).isEqualTo(10 * vectors.size());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
