package dev.wdmports.test;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AssertionErrorCollector;
import org.assertj.core.error.ErrorMessageFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the kit's assertions share: a failure is thrown at once, or, for an assertion that {@link
 * WdmSoftAssertions} made, handed to its collector so that the test goes on.
 *
 * <p>Soft assertions are made this way, not by AssertJ's generated proxy subclasses: a proxy of a
 * class in this module overrides {@code usingRecursiveAssertion}, whose package AssertJ 3.27 does
 * not export, so on the module path it would need {@code --add-exports}. Not API: the public
 * assertion classes extend it.
 */
abstract class WdmAssert<SELF extends WdmAssert<SELF, ACTUAL>, ACTUAL>
    extends AbstractAssert<SELF, ACTUAL> {
  private final @Nullable AssertionErrorCollector collector;

  WdmAssert(ACTUAL actual, Class<?> selfType, @Nullable AssertionErrorCollector collector) {
    super(actual, selfType);
    this.collector = collector;
  }

  /** Throws the failure, or collects it when the assertion is soft. */
  @Override
  protected void throwAssertionError(ErrorMessageFactory factory) {
    if (collector == null) {
      super.throwAssertionError(factory);
    } else {
      collector.collectAssertionError(assertionError(factory));
    }
  }
}
