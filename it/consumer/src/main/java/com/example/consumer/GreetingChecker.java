package com.example.consumer;

import dev.wdmports.core.Transport;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A third-party checker written only against the public SPI: connects and reads the first line
 * the peer sends (at most 128 bytes), OPEN if there is one.
 */
public final class GreetingChecker implements HandshakeChecker {
  /** Public no-arg constructor, as ServiceLoader needs. */
  public GreetingChecker() {}

  @Override
  public String id() {
    return "greeting";
  }

  @Override
  public Transport transport() {
    return Transport.TCP;
  }

  @Override
  public ProbeResult check(ProbeTarget target, CheckContext ctx) {
    try (Socket s = new Socket()) {
      ctx.onCancel(s);
      s.connect(ctx.address(), Math.max(1, ctx.remainingMillis()));
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while (line.length() < 128) {
        int ms = ctx.remainingMillis();
        if (ms <= 0) {
          return ctx.result(ProbeStatus.TIMEOUT).detail("no greeting").build();
        }
        s.setSoTimeout(ms);
        c = in.read();
        if (c < 0 || c == '\n') {
          break;
        }
        line.append((char) c);
      }
      return ctx.result(line.length() > 0 ? ProbeStatus.OPEN : ProbeStatus.PROTOCOL_MISMATCH)
          .detail(line.toString().trim())
          .bytesRead(line.length())
          .build();
    } catch (ConnectException e) {
      return ctx.result(ProbeStatus.REFUSED).detail("refused").build();
    } catch (SocketTimeoutException e) {
      return ctx.result(ProbeStatus.TIMEOUT).detail("no greeting").build();
    } catch (IOException e) {
      return ctx.result(ProbeStatus.ERROR).detail(e.toString()).build();
    }
  }
}
