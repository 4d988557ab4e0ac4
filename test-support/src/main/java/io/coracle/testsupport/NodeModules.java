package io.coracle.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the project's npm install (contracts/node_modules), where the pinned Ganache and anvil
 * live. The repository root comes from the {@value #ROOT_PROPERTY} system property, else the
 * CORACLE_ROOT environment variable, else the nearest directory above the working directory
 * holding contracts/package.json.
 */
public final class NodeModules {
  public static final String ROOT_PROPERTY = "coracle.root";

  private NodeModules() {}

  public static Path repositoryRoot() {
    String configured = System.getProperty(ROOT_PROPERTY, System.getenv("CORACLE_ROOT"));
    if (configured != null && !configured.isBlank()) {
      Path root = Path.of(configured).toAbsolutePath().normalize();
      if (!Files.isRegularFile(root.resolve("contracts/package.json"))) {
        throw new IllegalStateException(root + " (from " + ROOT_PROPERTY + " or CORACLE_ROOT) holds no contracts/package.json");
      }
      return root;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("contracts/package.json"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (a directory with contracts/package.json) above "
        + Path.of("").toAbsolutePath() + "; set -D" + ROOT_PROPERTY + "=<repository root>");
  }

  /** A path inside contracts/node_modules, which must exist. */
  public static Path resolve(String relative) {
    Path nodeModules = repositoryRoot().resolve("contracts/node_modules");
    Path file = nodeModules.resolve(relative);
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: install the pinned npm packages first "
          + "(./mvnw -pl contracts initialize, or npm ci in contracts/)");
    }
    return file;
  }

  /** The node executable: the {@code coracle.node} system property, else {@code node} on the PATH. */
  public static String nodeExecutable() {
    return System.getProperty("coracle.node", "node");
  }
}
