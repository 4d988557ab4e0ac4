package io.coracle.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that uses the run's shared local EVM node ({@link EvmNodeExtension}): declare
 * an {@link EvmNode} parameter to get it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(EvmNodeExtension.class)
public @interface EvmNodeTest {
  /** Revert the chain after each test method to its state before it (evm_snapshot/evm_revert). */
  boolean snapshotPerTest() default false;
}
