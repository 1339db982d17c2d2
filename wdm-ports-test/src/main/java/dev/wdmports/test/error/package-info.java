/**
 * The failure messages of the wdm-ports assertions, AssertJ style: one factory per expectation,
 * each listing every offending flow, probe or operation with why it failed.
 */
@NullMarked
package dev.wdmports.test.error;

import org.jspecify.annotations.NullMarked;
