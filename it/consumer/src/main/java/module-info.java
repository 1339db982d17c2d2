/** A user's module: it provides its own handshake checker to wdm-ports. */
module com.example.consumer {
  requires dev.wdmports.probe;

  exports com.example.consumer;

  provides dev.wdmports.probe.spi.HandshakeChecker with
      com.example.consumer.GreetingChecker;
}
