package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.report.ProbeStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The non-blocking HTTP scanner against the blocking {@code HttpChecker}: the same peers, probed by
 * both paths, must give the same status, detail and evidence.
 */
class HttpScannerDifferentialTest {
  static final Duration TIMEOUT = Duration.ofMillis(1500);
  static final int MAX_BYTES = 16 * 1024;
  static final Prober FAST =
      Prober.builder().timeout(TIMEOUT).maxBytesPerProbe(MAX_BYTES).concurrency(16).build();
  static final Prober BLOCKING = FAST.toBuilder().httpScanner(false).build();

  /** Peers whose bytes-read count depends on the pace of the sender: compared on the rest. */
  static final Set<String> PACED = Set.of("slow", "huge-header", "endless", "huge-status");

  static final Map<String, TestServer> PEERS = new LinkedHashMap<>();
  static TestServer jdk;

  static TestServer.Handler answer(String response) {
    return s -> {
      CheckerFixtures.readHttpRequest(s.getInputStream());
      CheckerFixtures.write(s, response);
      TestServer.drain(s);
    };
  }

  @BeforeAll
  static void startPeers() throws IOException {
    // A small HTTP/1.1 server: 200 with a body, 404 for /missing.
    jdk =
        TestServer.start(
            "web",
            s -> {
              String request = CheckerFixtures.readHttpRequest(s.getInputStream());
              boolean missing = request.startsWith("GET /missing ");
              CheckerFixtures.write(
                  s,
                  (missing ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 200 OK\r\n")
                      + "Server: web-test\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n");
            });
    PEERS.put("ok", TestServer.start("ok", answer("HTTP/1.1 200 OK\r\nServer: d\r\n\r\n")));
    PEERS.put(
        "ok-no-blank",
        TestServer.start("ok-no-blank", answer("HTTP/1.1 200 OK\r\nServer: half\r\n")));
    PEERS.put("half-line", TestServer.start("half-line", answer("HTTP/1.1 200 OK\r\nServ")));
    PEERS.put(
        "unavailable",
        TestServer.start("unavailable", answer("HTTP/1.0 503 Service Unavailable\r\n\r\n")));
    PEERS.put("not-found", TestServer.start("not-found", answer("HTTP/1.1 404 Not Found\r\n\r\n")));
    PEERS.put("bad-status", TestServer.start("bad-status", answer("HTTP/1.1 OK\r\n\r\n")));
    PEERS.put(
        "close-after-status",
        TestServer.start(
            "close-after-status",
            s -> {
              CheckerFixtures.readHttpRequest(s.getInputStream());
              CheckerFixtures.write(s, "HTTP/1.1 200 OK\r\nServer: x");
            }));
    PEERS.put(
        "partial-then-close",
        TestServer.start(
            "partial-then-close",
            s -> {
              CheckerFixtures.readHttpRequest(s.getInputStream());
              CheckerFixtures.write(s, "HTTP/1.1 2");
            }));
    PEERS.put(
        "garbage",
        TestServer.start(
            "garbage",
            s -> {
              byte[] b = new byte[4096];
              new java.util.Random(7).nextBytes(b);
              b[0] = (byte) 0xC3;
              s.getOutputStream().write(b);
              TestServer.drain(s);
            }));
    PEERS.put("ssh", TestServer.start("ssh", answer("SSH-2.0-OpenSSH_9.2\r\n")));
    PEERS.put("silent", TestServer.start("silent", TestServer::drain));
    PEERS.put(
        "slow",
        TestServer.start("slow", HostilePeerTest.Behaviour.ONE_BYTE_PER_SECOND_HTTP.handler));
    PEERS.put("close", TestServer.start("close", s -> s.close()));
    PEERS.put("reset", TestServer.start("reset", HostilePeerTest.Behaviour.RESET.handler));
    PEERS.put(
        "reset-after-request",
        TestServer.start(
            "reset-after-request",
            s -> {
              CheckerFixtures.readHttpRequest(s.getInputStream());
              s.setSoLinger(true, 0);
              s.close();
            }));
    PEERS.put(
        "huge-header",
        TestServer.start("huge-header", HostilePeerTest.Behaviour.HTTP_HUGE_HEADER.handler));
    PEERS.put(
        "huge-status",
        TestServer.start("huge-status", HostilePeerTest.Behaviour.HTTP_HUGE_STATUS_LINE.handler));
    PEERS.put(
        "endless", TestServer.start("endless", HostilePeerTest.Behaviour.ENDLESS_BANNER.handler));
    PEERS.put(
        "many-headers",
        TestServer.start(
            "many-headers",
            answer(
                "HTTP/1.1 200 OK\r\n"
                    + "X-Filler: 0123456789012345678901234567890123456789\r\n".repeat(300)
                    + "Server: late\r\n\r\n")));
    PEERS.put(
        "lf-only", TestServer.start("lf-only", answer("HTTP/1.0 200 fine\nserver:  spaced \n\n")));
  }

  @AfterAll
  static void stopPeers() throws IOException {
    for (TestServer s : PEERS.values()) {
      s.close();
    }
    jdk.close();
  }

  /** Asserts that two results of the two paths agree on everything but the timings. */
  static void assertSame(ProbeResult fast, ProbeResult blocking, boolean bytes) {
    String what = fast.target() + ": " + fast.detail() + " vs " + blocking.detail();
    assertThat(fast.target()).as(what).isEqualTo(blocking.target());
    assertThat(fast.transport()).as(what).isEqualTo(blocking.transport());
    assertThat(fast.address()).as(what).isEqualTo(blocking.address());
    assertThat(fast.status()).as(what).isEqualTo(blocking.status());
    assertThat(fast.detail()).as(what).isEqualTo(blocking.detail());
    assertThat(fast.evidence().tls()).as(what).isEqualTo(blocking.evidence().tls());
    // A reset during the handshake fails the connect or the first read, by a race in either path.
    if (fast.detail().contains("reset")) {
      return;
    }
    assertThat(fast.timings().connect().isZero())
        .as(what)
        .isEqualTo(blocking.timings().connect().isZero());
    assertThat(fast.timings().handshake().isZero())
        .as(what)
        .isEqualTo(blocking.timings().handshake().isZero());
    if (bytes) {
      assertThat(fast.evidence().facts()).as(what).isEqualTo(blocking.evidence().facts());
      assertThat(fast.evidence().bytesRead()).as(what).isEqualTo(blocking.evidence().bytesRead());
    } else {
      assertThat(fast.evidence().facts().keySet())
          .as(what)
          .isEqualTo(blocking.evidence().facts().keySet());
    }
  }

  List<ProbeTarget> targets() throws IOException {
    List<ProbeTarget> t = new ArrayList<>();
    for (TestServer s : PEERS.values()) {
      t.add(s.target("http"));
    }
    t.add(ProbeTarget.of("::1", PEERS.get("ok").port(), "http"));
    int port = jdk.port();
    t.add(ProbeTarget.of("127.0.0.1", port, "http"));
    t.add(
        ProbeTarget.of("127.0.0.1", port, "http")
            .withOptions(ProbeOptions.defaults().withHttpPath("/missing")));
    t.add(
        ProbeTarget.of("127.0.0.1", port, "http")
            .withOptions(
                ProbeOptions.defaults().withHttpPath("/missing").withExpectedHttpStatus(404)));
    t.add(
        ProbeTarget.of("127.0.0.1", port, "http")
            .withOptions(ProbeOptions.defaults().withExpectedHttpStatus(204)));
    t.add(ProbeTarget.of("localhost", port, "http"));
    t.add(ProbeTarget.of("127.0.0.1", LocalPeer.freeTcpPort(), "http"));
    return t;
  }

  @Test
  void bothPaths_agree_onEveryPeer() throws IOException {
    List<ProbeTarget> targets = targets();
    ProbeReport fast = FAST.run(targets);
    ProbeReport blocking = BLOCKING.run(targets);
    assertThat(fast.results()).hasSameSizeAs(targets);
    for (int i = 0; i < targets.size(); i++) {
      ProbeResult f = fast.results().get(i);
      ProbeResult b = blocking.results().get(i);
      assertThat(f.target()).isEqualTo(targets.get(i));
      boolean paced =
          PEERS.entrySet().stream()
              .anyMatch(
                  e -> PACED.contains(e.getKey()) && e.getValue().port() == f.target().port());
      assertSame(f, b, !paced);
      assertThat(f.evidence().bytesRead()).isLessThanOrEqualTo(MAX_BYTES);
      assertThat(f.latency()).isLessThan(TIMEOUT.plusSeconds(1));
    }
    assertThat(fast.summary().byStatus()).isEqualTo(blocking.summary().byStatus());
  }

  @Test
  void bothPaths_agree_oneByOne() throws IOException {
    for (ProbeTarget t : targets()) {
      boolean paced =
          PEERS.entrySet().stream()
              .anyMatch(e -> PACED.contains(e.getKey()) && e.getValue().port() == t.port());
      assertSame(FAST.probe(t), BLOCKING.probe(t), !paced);
    }
  }

  @Test
  void tinyBudget_isNamedAlike() throws IOException {
    Prober fast = FAST.toBuilder().maxBytesPerProbe(64).build();
    Prober blocking = fast.toBuilder().httpScanner(false).build();
    for (String peer : List.of("ok", "many-headers", "endless", "lf-only")) {
      ProbeTarget t = PEERS.get(peer).target("http");
      assertSame(fast.probe(t), blocking.probe(t), !PACED.contains(peer));
    }
  }

  @Test
  void manyProbes_onTheJdkServer_allOpen_inInputOrder() {
    int port = jdk.port();
    List<ProbeTarget> targets = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      targets.add(
          ProbeTarget.of("127.0.0.1", port, "http")
              .withOptions(ProbeOptions.defaults().withHttpPath("/" + i)));
    }
    List<ProbeResult> seen = new ArrayList<>();
    ProbeReport r =
        FAST.toBuilder()
            .ratePerSecond(5000)
            .build()
            .start(
                targets,
                new ProbeListener() {
                  @Override
                  public void result(ProbeResult result) {
                    seen.add(result);
                  }
                })
            .await();
    assertThat(r.results()).extracting(ProbeResult::target).isEqualTo(targets);
    assertThat(r.results())
        .allSatisfy(x -> assertThat(x.status()).as(x.detail()).isEqualTo(ProbeStatus.OPEN));
    assertThat(seen).hasSize(500);
    assertThat(Arrays.asList(r.summary().count(ProbeStatus.OPEN))).containsExactly(500);
  }
}
