package dev.wdmports.probe.thirdparty;

/** A provider whose constructor throws: discovery must report and skip it. */
public final class ExplodingChecker extends EchoChecker {
  /** Always fails. */
  public ExplodingChecker() {
    throw new IllegalStateException("license file missing");
  }
}
