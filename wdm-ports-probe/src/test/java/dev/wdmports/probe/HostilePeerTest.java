package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Peers that misbehave on purpose. Every probe must come back with the exact classified status,
 * within its deadline plus a small grace, having read a bounded number of bytes, and a long run
 * against them must leave no socket or thread behind.
 */
class HostilePeerTest {
  static final Duration TIMEOUT = Duration.ofMillis(1500);
  static final Duration GRACE = Duration.ofSeconds(1);
  static final int MAX_BYTES = 16 * 1024;

  /** What a hostile peer does with a connection. */
  enum Behaviour {
    SILENT(TestServer::drain),
    ENDLESS_BANNER(
        s -> {
          byte[] junk = new byte[4096];
          Arrays.fill(junk, (byte) 'A');
          OutputStream out = s.getOutputStream();
          while (true) {
            out.write(junk);
          }
        }),
    ONE_BYTE_PER_SECOND_HTTP(slowly("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
    ONE_BYTE_PER_SECOND_FTP(slowly("220 slow greeting\r\n".getBytes(StandardCharsets.US_ASCII))),
    ONE_BYTE_PER_SECOND_RFB(slowly("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII))),
    ONE_BYTE_PER_SECOND_TDS(slowly(TdsResponder.reply())),
    ONE_BYTE_PER_SECOND_TLS(slowly(new byte[] {0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00})),
    RANDOM_BYTES(
        s -> {
          byte[] b = new byte[4096];
          new Random(42).nextBytes(b);
          b[0] = (byte) 0xC3; // not 'H', 'R', '2', 0x04 or a TLS record type: garbage for all
          s.getOutputStream().write(b);
          TestServer.drain(s);
        }),
    CLOSE_AT_ONCE(s -> s.close()),
    RESET(
        s -> {
          s.setSoLinger(true, 0);
          s.close();
        }),
    HTTP_HUGE_HEADER(
        s -> {
          s.getInputStream().read();
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nX-Big: ".getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'b');
          for (int i = 0; i < 16; i++) {
            out.write(chunk);
          }
          out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          TestServer.drain(s);
        }),
    HTTP_HUGE_STATUS_LINE(
        s -> {
          s.getInputStream().read();
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = new byte[64 * 1024];
          Arrays.fill(chunk, (byte) 'k');
          for (int i = 0; i < 16; i++) {
            out.write(chunk);
          }
          TestServer.drain(s);
        }),
    PLAIN_TEXT_TO_CLIENT_HELLO(
        s -> {
          s.getInputStream().read();
          s.getOutputStream().write("400 this is not TLS\r\n".getBytes(StandardCharsets.US_ASCII));
          TestServer.drain(s);
        }),
    FTP_421(
        s ->
            s.getOutputStream()
                .write("421 Too many connections\r\n".getBytes(StandardCharsets.US_ASCII))),
    FTP_ENDLESS_CONTINUATION(
        s -> {
          OutputStream out = s.getOutputStream();
          byte[] line =
              "220-still greeting you\r\n".repeat(128).getBytes(StandardCharsets.US_ASCII);
          while (true) {
            out.write(line);
          }
        }),
    HTTP_TO_VNC(
        s -> {
          s.getOutputStream()
              .write(
                  "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          TestServer.drain(s);
        });

    final TestServer.Handler handler;

    /** Sends a valid start of the protocol, one byte per second. */
    static TestServer.Handler slowly(byte[] text) {
      return s -> {
        OutputStream out = s.getOutputStream();
        for (byte b : text) {
          out.write(b);
          out.flush();
          Thread.sleep(1000); // the peer's pace, not a test wait
        }
        TestServer.drain(s);
      };
    }

    Behaviour(TestServer.Handler handler) {
      this.handler = handler;
    }
  }

  static final Map<Behaviour, TestServer> PEERS = new EnumMap<>(Behaviour.class);
  static final Prober PROBER =
      Prober.builder().timeout(TIMEOUT).maxBytesPerProbe(MAX_BYTES).build();

  @BeforeAll
  static void startPeers() throws IOException {
    for (Behaviour b : Behaviour.values()) {
      PEERS.put(b, TestServer.start(b.name().toLowerCase(java.util.Locale.ROOT), b.handler));
    }
  }

  @AfterAll
  static void stopPeers() throws IOException {
    for (TestServer s : PEERS.values()) {
      s.close();
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Behaviour.SILENT, "tcp", ProbeStatus.OPEN),
        Arguments.of(Behaviour.SILENT, "http", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.SILENT, "https", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.SILENT, "ftp", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.SILENT, "vnc", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.SILENT, "tds", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.ENDLESS_BANNER, "http", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.ENDLESS_BANNER, "https", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.ENDLESS_BANNER, "ftp", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.ENDLESS_BANNER, "vnc", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.ENDLESS_BANNER, "tds", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.ONE_BYTE_PER_SECOND_HTTP, "http", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.ONE_BYTE_PER_SECOND_FTP, "ftp", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.ONE_BYTE_PER_SECOND_TDS, "tds", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.ONE_BYTE_PER_SECOND_TLS, "https", ProbeStatus.TIMEOUT),
        Arguments.of(Behaviour.RANDOM_BYTES, "http", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RANDOM_BYTES, "https", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RANDOM_BYTES, "ftp", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RANDOM_BYTES, "vnc", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RANDOM_BYTES, "tds", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.CLOSE_AT_ONCE, "http", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.CLOSE_AT_ONCE, "https", ProbeStatus.TLS_FAILURE),
        Arguments.of(Behaviour.CLOSE_AT_ONCE, "ftp", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.CLOSE_AT_ONCE, "vnc", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RESET, "tcp", ProbeStatus.OPEN),
        Arguments.of(Behaviour.RESET, "http", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RESET, "https", ProbeStatus.TLS_FAILURE),
        Arguments.of(Behaviour.RESET, "ftp", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.RESET, "tds", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.HTTP_HUGE_HEADER, "http", ProbeStatus.OPEN),
        Arguments.of(Behaviour.HTTP_HUGE_STATUS_LINE, "http", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.PLAIN_TEXT_TO_CLIENT_HELLO, "https", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.FTP_421, "ftp", ProbeStatus.SERVICE_UNAVAILABLE),
        Arguments.of(Behaviour.FTP_ENDLESS_CONTINUATION, "ftp", ProbeStatus.PROTOCOL_MISMATCH),
        Arguments.of(Behaviour.HTTP_TO_VNC, "vnc", ProbeStatus.PROTOCOL_MISMATCH));
  }

  static final Prober BLOCKING_HTTP = PROBER.toBuilder().httpScanner(false).build();

  /** Every case on the default engine, and the http cases again on the blocking checker. */
  static Stream<Arguments> casesOnBothPaths() {
    return cases()
        .flatMap(
            a ->
                a.get()[1].equals("http")
                    ? Stream.of(
                        Arguments.of(a.get()[0], a.get()[1], a.get()[2], true),
                        Arguments.of(a.get()[0], a.get()[1], a.get()[2], false))
                    : Stream.of(Arguments.of(a.get()[0], a.get()[1], a.get()[2], true)));
  }

  @ParameterizedTest(name = "{1} against {0} is {2} (http scanner {3})")
  @MethodSource("casesOnBothPaths")
  void probe_classifiesHostilePeer_withinDeadline_andBoundedBytes(
      Behaviour behaviour, String checker, ProbeStatus expected, boolean httpScanner) {
    ProbeTarget target = PEERS.get(behaviour).target(checker);
    long t0 = System.nanoTime();
    ProbeResult r = (httpScanner ? PROBER : BLOCKING_HTTP).probe(target);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(r.status()).as("%s: %s", r.target(), r.detail()).isEqualTo(expected);
    assertThat(elapsed).isLessThan(TIMEOUT.plus(GRACE));
    assertThat(r.latency()).isLessThan(TIMEOUT.plus(GRACE));
    assertThat(r.evidence().bytesRead()).isLessThanOrEqualTo(MAX_BYTES);
    assertThat(r.evidence().facts().values())
        .allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(Evidence.MAX_VALUE_LENGTH));
  }

  @ParameterizedTest(name = "http scanner {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
  void http_reportsCutHeaders_forHugeHeaderLine(boolean httpScanner) {
    ProbeResult r =
        (httpScanner ? PROBER : BLOCKING_HTTP)
            .probe(PEERS.get(Behaviour.HTTP_HUGE_HEADER).target("http"));
    assertThat(r.detail()).isEqualTo("HTTP/1.1 200 OK (header section cut at 8192 bytes)");
    assertThat(r.evidence().bytesRead()).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void ftp_namesTheBudget_forEndlessContinuation() {
    ProbeResult r = PROBER.probe(PEERS.get(Behaviour.FTP_ENDLESS_CONTINUATION).target("ftp"));
    assertThat(r.detail())
        .isEqualTo(
            "peer sent more than the 16384-byte read budget without a complete FTP 220 greeting");
    assertThat(r.evidence().bytesRead()).isEqualTo(MAX_BYTES);
  }

  @Test
  void oneBytePerSecond_cannotStretchTheDeadline() {
    ProbeResult r = PROBER.probe(PEERS.get(Behaviour.ONE_BYTE_PER_SECOND_RFB).target("vnc"));
    assertThat(r.status()).isEqualTo(ProbeStatus.TIMEOUT);
    assertThat(r.latency()).isLessThan(TIMEOUT.plus(GRACE));
    assertThat(r.evidence().bytesRead()).isLessThanOrEqualTo(3);
  }

  static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  static List<String> liveProberThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("wdm-ports-probe-"))
        .toList();
  }

  static long liveThreadsExceptPeers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> !t.getName().startsWith(TestServer.THREAD_PREFIX))
        .count();
  }

  @Test
  void tenThousandProbes_leaveNoSocketOrThreadBehind() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd (Linux)");
    Prober fast =
        Prober.builder()
            .timeout(Duration.ofMillis(500))
            .concurrency(128)
            .maxBytesPerProbe(MAX_BYTES)
            .build();
    List<ProbeTarget> mix = new ArrayList<>();
    Behaviour[] quickOnes = {
      Behaviour.SILENT,
      Behaviour.ENDLESS_BANNER,
      Behaviour.RANDOM_BYTES,
      Behaviour.CLOSE_AT_ONCE,
      Behaviour.RESET,
      Behaviour.PLAIN_TEXT_TO_CLIENT_HELLO,
      Behaviour.FTP_421,
      Behaviour.FTP_ENDLESS_CONTINUATION,
      Behaviour.HTTP_TO_VNC,
      Behaviour.HTTP_HUGE_STATUS_LINE
    };
    String[] checkers = {"tcp", "http", "https", "ftp", "vnc", "tds"};
    for (int i = 0; mix.size() < 10_000; i++) {
      mix.add(
          PEERS.get(quickOnes[i % quickOnes.length]).target(checkers[(i / 3) % checkers.length]));
    }
    fast.run(mix.subList(0, 500)); // warm up: classes, TLS context, selector provider
    CheckerFixtures.waitFor(() -> liveProberThreads().isEmpty());
    long fdsBefore = openFileDescriptors();
    long threadsBefore = liveThreadsExceptPeers();

    ProbeReport report = fast.run(mix);

    assertThat(report.results()).hasSize(10_000);
    // On a starved machine (2 shared cores) a worker may only get to run after its deadline; the
    // engine then says so instead of inventing a network verdict. Any other ERROR is a bug.
    assertThat(report.results())
        .filteredOn(r -> r.status() == ProbeStatus.ERROR)
        .extracting(r -> r.target() + " " + r.detail())
        .allSatisfy(d -> assertThat(d).contains("no time left to connect"));
    assertThat(report.results())
        .allSatisfy(r -> assertThat(r.evidence().bytesRead()).isLessThanOrEqualTo(MAX_BYTES));
    CheckerFixtures.waitFor(() -> liveProberThreads().isEmpty());
    CheckerFixtures.waitFor(
        () -> {
          try {
            return openFileDescriptors() <= fdsBefore + 16;
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(liveThreadsExceptPeers()).isLessThanOrEqualTo(threadsBefore + 2);
  }

  /** A client that connects and never closes would be a leak in the peer, not the prober. */
  @Test
  void resetPeer_isStillOpenForPlainTcp() throws IOException {
    try (Socket s = new Socket("127.0.0.1", PEERS.get(Behaviour.RESET).port())) {
      assertThat(s.isConnected()).isTrue();
    }
    assertThat(PROBER.probe(PEERS.get(Behaviour.RESET).target("tcp")).status())
        .isEqualTo(ProbeStatus.OPEN);
  }
}
