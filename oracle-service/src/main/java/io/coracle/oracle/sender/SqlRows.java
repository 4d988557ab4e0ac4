package io.coracle.oracle.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A multi-row {@code VALUES} list and its parameters for one native statement: a sender batch's
 * rows in one statement instead of one Hibernate entity each. Managing hundreds of entities per
 * batch (load, dirty-check, one statement per row) cost about a millisecond per transaction, the
 * largest part of a sender cycle under load.
 *
 * <p>Each column may name an SQL type: a {@code VALUES} list in an {@code UPDATE ... FROM} has no
 * target column to take its types from, and PostgreSQL would otherwise read every parameter as
 * text. A null value is written as a typed {@code NULL} literal rather than bound.
 */
public final class SqlRows {
  /** Rows per statement: keeps a statement's parameters far below PostgreSQL's 65,535. */
  public static final int MAX_ROWS = 256;

  private final String[] types;
  private final StringBuilder values = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private int rows;

  /** @param types one per column: the SQL type to cast the parameter to, or null for none */
  public SqlRows(String... types) {
    this.types = types.clone();
  }

  /** A single parameter shared by every row (a timestamp, a sender): its placeholder. */
  public String scalar(Object value) {
    params.add(Objects.requireNonNull(value, "a scalar parameter"));
    return "?" + params.size();
  }

  public SqlRows row(Object... columns) {
    if (columns.length != types.length) {
      throw new IllegalArgumentException(columns.length + " values for " + types.length + " columns");
    }
    if (rows++ > 0) {
      values.append(", ");
    }
    values.append('(');
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        values.append(", ");
      }
      String slot;
      if (columns[i] == null) {
        slot = "NULL";
      } else {
        params.add(columns[i]);
        slot = "?" + params.size();
      }
      values.append(types[i] == null ? slot : "CAST(" + slot + " AS " + types[i] + ")");
    }
    values.append(')');
    return this;
  }

  public int size() {
    return rows;
  }

  /** The rows, for the statement's {@code VALUES} clause. */
  public String values() {
    if (rows == 0) {
      throw new IllegalStateException("no rows");
    }
    return values.toString();
  }

  /** Binds every parameter, in order, to a query made from a statement using {@link #values()}. */
  public <R> Mutiny.Query<R> bind(Mutiny.Query<R> query) {
    for (int i = 0; i < params.size(); i++) {
      query.setParameter(i + 1, params.get(i));
    }
    return query;
  }

  /** Splits a list into statement-sized pieces. */
  public static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_ROWS) {
      out.add(all.subList(from, Math.min(all.size(), from + MAX_ROWS)));
    }
    return out;
  }
}
