/**
 * Handshake probes for WDM ports: the checker SPI, the built-in checkers and the concurrent probe
 * engine. This is the only wdm-ports module that opens sockets.
 */
module dev.wdmports.probe {
  // Nullness annotations only: not needed at run time (as Guava does).
  requires static org.jspecify;
  requires transitive dev.wdmports.core;
  requires org.slf4j;

  exports dev.wdmports.probe;
  exports dev.wdmports.probe.spi;

  uses dev.wdmports.probe.spi.HandshakeChecker;

  provides dev.wdmports.probe.spi.HandshakeChecker with
      dev.wdmports.probe.internal.TcpChecker,
      dev.wdmports.probe.internal.HttpChecker,
      dev.wdmports.probe.internal.HttpsChecker,
      dev.wdmports.probe.internal.FtpChecker,
      dev.wdmports.probe.internal.VncChecker,
      dev.wdmports.probe.internal.TdsChecker,
      dev.wdmports.probe.internal.TftpChecker;
}
