package dev.wdmports.test;

import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts {@link LocalPeers} once for a JUnit 5 test class and stops them after it; test methods,
 * lifecycle methods and constructors get them as parameters.
 *
 * <pre>{@code
 * @WithLocalPeers({PeerKind.HTTP, PeerKind.FTP})
 * class FtpProbeTest {
 *   @Test
 *   void refusedFtp_isReportedRefused(@PeerOfKind(PeerKind.FTP) LocalPeer ftp) {
 *     ftp.refuse();
 *     ProbeResult r = prober.probe(ProbeTarget.of(ftp.host(), ftp.port(), "ftp"));
 *     assertThat(r.status()).isEqualTo(ProbeStatus.REFUSED);
 *   } // the extension makes the FTP peer serve again before the next test
 *
 *   @Test
 *   void everyPeer_isServing(LocalPeers peers) { ... }
 * }
 * }</pre>
 *
 * <p>After each test every peer is made to {@link LocalPeer#serve() serve} again, so a test that
 * made one refuse or filter does not leak into the next. The peers are shared by the tests of the
 * class (and its {@code @Nested} classes): do not run those tests concurrently.
 *
 * @see LocalPeersExtension
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalPeersExtension.class)
public @interface WithLocalPeers {
  /**
   * Returns the kinds of peer to start.
   *
   * @return the kinds; every kind by default
   */
  PeerKind[] value() default {PeerKind.HTTP, PeerKind.HTTPS, PeerKind.FTP, PeerKind.VNC};
}
