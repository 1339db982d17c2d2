package dev.wdmports.probe.thirdparty;

/** Another {@code echo} with the same priority as {@link EchoCheckerV2}: an ambiguity. */
public final class TiedEchoChecker extends EchoChecker {
  /** Public no-arg constructor. */
  public TiedEchoChecker() {}

  @Override
  public int priority() {
    return 10;
  }
}
