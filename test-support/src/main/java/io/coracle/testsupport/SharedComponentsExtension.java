package io.coracle.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link KafkaBroker} or a {@link PostgresServer} as a parameter. Each is started
 * at most once per test run (the JUnit root store owns it and closes it when the run ends), so
 * every test class in a module shares the same real broker and database server.
 *
 * <pre>{@code
 * @ExtendWith(SharedComponentsExtension.class)
 * class LedgerIT {
 *   @Test void stores(PostgresServer pg) { ... }
 * }
 * }</pre>
 */
public final class SharedComponentsExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(SharedComponentsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == KafkaBroker.class || type == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e)
      throws ParameterResolutionException {
    Class<?> type = p.getParameter().getType();
    return kafkaOrPostgres(type, e);
  }

  public static KafkaBroker kafka(ExtensionContext e) {
    return (KafkaBroker) kafkaOrPostgres(KafkaBroker.class, e);
  }

  public static PostgresServer postgres(ExtensionContext e) {
    return (PostgresServer) kafkaOrPostgres(PostgresServer.class, e);
  }

  private static Object kafkaOrPostgres(Class<?> type, ExtensionContext e) {
    ExtensionContext.Store store = e.getRoot().getStore(NS);
    if (type == KafkaBroker.class) {
      return store.computeIfAbsent(KafkaBroker.class, k -> KafkaBroker.start(), KafkaBroker.class);
    }
    return store.computeIfAbsent(PostgresServer.class, k -> PostgresServer.start(), PostgresServer.class);
  }
}
