package io.coracle.oracle.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqlRowsTest {
  @Test
  void numbersPlaceholdersInOrderCastsTypedColumnsAndWritesNullsAsTypedLiterals() {
    SqlRows rows = new SqlRows(null, "bigint", "numeric");
    String at = rows.scalar("2026-12-07T00:00:00Z");
    rows.row("a", 1L, null).row("b", 2L, 7);

    assertThat(at).isEqualTo("?1");
    assertThat(rows.values())
        .isEqualTo("(?2, CAST(?3 AS bigint), CAST(NULL AS numeric)), (?4, CAST(?5 AS bigint), CAST(?6 AS numeric))");
    assertThat(rows.size()).isEqualTo(2);
  }

  @Test
  void refusesARowOfTheWrongWidthAndAnEmptyList() {
    SqlRows rows = new SqlRows(null, null);
    assertThatThrownBy(() -> rows.row("only one")).hasMessageContaining("1 values for 2 columns");
    assertThatThrownBy(rows::values).hasMessageContaining("no rows");
    assertThatThrownBy(() -> rows.scalar(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void chunksKeepEveryItemInOrderAndNoChunkExceedsTheLimit() {
    List<Integer> all = IntStream.range(0, 2 * SqlRows.MAX_ROWS + 3).boxed().toList();
    List<List<Integer>> chunks = SqlRows.chunks(all);

    assertThat(chunks).hasSize(3).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(SqlRows.MAX_ROWS));
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(all);
    assertThat(SqlRows.chunks(List.of())).isEmpty();
  }
}
