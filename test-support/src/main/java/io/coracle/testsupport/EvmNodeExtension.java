package io.coracle.testsupport;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Gives tests an {@link EvmNode} parameter (constructor, lifecycle or test method). ONE node is
 * started per test run (per Failsafe/Surefire execution) and shared by every test class: it lives
 * in the JUnit root store, which closes it when the run ends. {@value EvmClient#PROPERTY} chooses
 * Ganache (default) or anvil.
 *
 * <p>With {@code @EvmNodeTest(snapshotPerTest = true)} every test method runs between an
 * evm_snapshot and an evm_revert, so tests in a class cannot see each other's transactions.
 */
public final class EvmNodeExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EvmNodeExtension.class);

  /** The run's node, started on first use. */
  public static EvmNode node(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).computeIfAbsent(
        EvmNode.class, k -> EvmNode.startFromSystemProperty(EvmNodeOptions.defaults()), EvmNode.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EvmNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
    return node(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (snapshotPerTest(context)) {
      context.getStore(NAMESPACE).put(EvmNode.Snapshot.class, node(context).snapshot());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    EvmNode.Snapshot snapshot = context.getStore(NAMESPACE).remove(EvmNode.Snapshot.class, EvmNode.Snapshot.class);
    if (snapshot != null) {
      snapshot.close();
    }
  }

  private static boolean snapshotPerTest(ExtensionContext context) {
    Optional<EvmNodeTest> annotation = context.getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, EvmNodeTest.class));
    return annotation.map(EvmNodeTest::snapshotPerTest).orElse(false);
  }
}
