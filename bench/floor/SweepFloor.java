import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor for a Java 17 port sweep: every TCP port of 127.0.0.1, non-blocking connects on two
 * threads, nothing else (no targets, no results, no CLI). bench/floor.sh runs it beside nmap and
 * the C floor to show what the JDK itself costs per port.
 */
public final class SweepFloor {
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    AtomicInteger next = new AtomicInteger(1);
    AtomicInteger open = new AtomicInteger();
    Thread[] ts = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      ts[i] =
          new Thread(
              () -> {
                int p;
                while ((p = next.getAndIncrement()) <= 65535) {
                  try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.INET)) {
                    ch.configureBlocking(false);
                    if (ch.connect(new InetSocketAddress(lo, p)) || ch.finishConnect()) {
                      open.incrementAndGet();
                    }
                  } catch (IOException e) {
                    // refused: the JDK throws a ConnectException for every closed port
                  }
                }
              });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    System.out.println("open " + open.get());
  }
}
