package dev.wdmports.probe.thirdparty;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.spi.CheckContext;
import dev.wdmports.probe.spi.HandshakeChecker;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A toy third-party checker, written only against the public SPI: sends {@code ping\n} and expects
 * it back (RFC 862 echo). Listed in the test {@code META-INF/services}.
 */
public class EchoChecker implements HandshakeChecker {
  static final byte[] PING = "ping\n".getBytes(StandardCharsets.US_ASCII);

  /** Public no-arg constructor, as the SPI contract requires. */
  public EchoChecker() {}

  @Override
  public String id() {
    return "echo";
  }

  @Override
  public Transport transport() {
    return Transport.TCP;
  }

  /** Which implementation answered, so tests can tell the override apart. */
  protected String flavour() {
    return "v1";
  }

  @Override
  public ProbeResult check(ProbeTarget target, CheckContext ctx) {
    try (Socket s = new Socket()) {
      ctx.onCancel(s);
      s.connect(ctx.address(), Math.max(1, ctx.remainingMillis()));
      s.getOutputStream().write(PING);
      InputStream in = s.getInputStream();
      byte[] got = new byte[PING.length];
      int n = 0;
      while (n < got.length) {
        int ms = ctx.remainingMillis();
        if (ms <= 0) {
          throw new SocketTimeoutException();
        }
        s.setSoTimeout(ms);
        int r = in.read(got, n, got.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      ProbeStatus st = Arrays.equals(got, PING) ? ProbeStatus.OPEN : ProbeStatus.PROTOCOL_MISMATCH;
      return ctx.result(st).detail(flavour() + " echoed " + n + " bytes").bytesRead(n).build();
    } catch (ConnectException e) {
      return ctx.result(ProbeStatus.REFUSED).detail(flavour() + " refused").build();
    } catch (SocketTimeoutException e) {
      return ctx.result(ProbeStatus.TIMEOUT).detail(flavour() + " no echo").build();
    } catch (IOException e) {
      return ctx.result(ProbeStatus.ERROR).detail(flavour() + " " + e).build();
    }
  }
}
