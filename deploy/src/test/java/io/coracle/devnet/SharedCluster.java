package io.coracle.devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link LocalCluster} per test run, shared by every system IT in the module (starting one
 * takes about a minute): the JUnit root store owns it and closes it when the run ends. Tests that
 * break parts of it restore them before they finish.
 */
public final class SharedCluster implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedCluster.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == LocalCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getRoot().getStore(NS).computeIfAbsent(LocalCluster.class, k -> start(), LocalCluster.class);
  }

  private static LocalCluster start() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "system-it", "cluster-" + System.currentTimeMillis())).toAbsolutePath();
      return LocalCluster.start(LocalCluster.Options.defaults(dir, s -> System.out.println("[cluster] " + s)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
