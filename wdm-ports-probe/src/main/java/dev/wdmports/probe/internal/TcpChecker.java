package dev.wdmports.probe.internal;

import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeResult;
import java.io.IOException;

/**
 * {@code tcp}: the connection alone. The engine runs plain {@code tcp} targets on its non-blocking
 * connect scanner instead; this blocking form serves direct use and custom registries.
 */
public final class TcpChecker extends TcpHandshake implements Scannable {
  /** Creates the checker; ServiceLoader needs the public constructor. */
  public TcpChecker() {}

  @Override
  public String id() {
    return "tcp";
  }

  @Override
  public Scanner scanner() {
    return Scanner.CONNECT;
  }

  @Override
  String expectation() {
    return "TCP connection";
  }

  @Override
  ProbeResult exchange(Session s) throws IOException {
    return s.result(ProbeStatus.OPEN).detail("connected").build();
  }
}
