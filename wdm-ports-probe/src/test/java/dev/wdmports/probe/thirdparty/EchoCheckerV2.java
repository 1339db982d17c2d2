package dev.wdmports.probe.thirdparty;

/** A second provider of {@code echo} with a higher priority: discovery must pick it. */
public final class EchoCheckerV2 extends EchoChecker {
  /** Public no-arg constructor. */
  public EchoCheckerV2() {}

  @Override
  public int priority() {
    return 10;
  }

  @Override
  protected String flavour() {
    return "v2";
  }
}
