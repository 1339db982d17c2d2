package dev.wdmports.probe.internal;

import dev.wdmports.probe.spi.CheckContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A client socket whose input stream enforces the probe's deadline and byte budget.
 *
 * <p>Hand-written rather than a {@code BufferedReader} or {@code Scanner}: those read ahead as much
 * as the peer sends and block as long as the peer trickles, while a probe must control both the
 * bytes it takes from a hostile peer and the time it spends. Every read recomputes {@code
 * SO_TIMEOUT} from the remaining deadline, so a peer sending one byte per second cannot stretch the
 * probe. TLS layered on top of this socket ({@code SSLSocketFactory.createSocket(socket, ...)})
 * reads through {@link #getInputStream()}, so the handshake is bounded the same way.
 */
final class ProbeSocket extends Socket implements TcpHandshake.Counter {
  /** How many of the first bytes read are kept, to show what a peer sent instead. */
  static final int FIRST_BYTES = 64;

  private final CheckContext ctx;
  private final byte[] first = new byte[FIRST_BYTES];
  private volatile long bytesRead;
  private volatile long markAt;
  private InputStream in;

  ProbeSocket(CheckContext ctx) {
    // NO_PROXY: a probe connects to the target itself, and skips the ProxySelector lookup that a
    // plain new Socket() makes on every connect (figures: bench/README.md).
    super(java.net.Proxy.NO_PROXY);
    this.ctx = ctx;
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  /** Returns up to {@value #FIRST_BYTES} of the first bytes the peer sent since {@link #mark}. */
  @Override
  public byte[] firstBytes() {
    int n = (int) Math.min(FIRST_BYTES, bytesRead - markAt);
    return java.util.Arrays.copyOf(first, n);
  }

  /** Starts a new protocol phase, such as TLS after FTP {@code AUTH TLS}: first bytes restart. */
  void mark() {
    markAt = bytesRead;
  }

  @Override
  public synchronized InputStream getInputStream() throws IOException {
    if (in == null) {
      in = new Bounded(super.getInputStream());
    }
    return in;
  }

  /** The deadline passed while reading. */
  static final class DeadlineExceededException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    DeadlineExceededException(String message) {
      super(message);
    }
  }

  /** The peer sent more than the byte budget allows. */
  static final class BudgetExceededException extends IOException {
    private static final long serialVersionUID = 1L;

    BudgetExceededException(String message) {
      super(message);
    }
  }

  private final class Bounded extends InputStream {
    private final InputStream raw;

    Bounded(InputStream raw) {
      this.raw = raw;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      long left = ctx.maxBytes() - bytesRead;
      if (left <= 0) {
        throw new BudgetExceededException(
            "peer sent more than the " + ctx.maxBytes() + "-byte read budget");
      }
      int ms = ctx.remainingMillis();
      if (ms <= 0) {
        throw new DeadlineExceededException("deadline passed");
      }
      setSoTimeout(ms);
      int n = raw.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        long before = bytesRead;
        long since = before - markAt;
        if (since < FIRST_BYTES) {
          System.arraycopy(b, off, first, (int) since, (int) Math.min(n, FIRST_BYTES - since));
        }
        bytesRead = before + n;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return raw.available();
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }
}
