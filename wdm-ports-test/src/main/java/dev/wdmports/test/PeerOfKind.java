package dev.wdmports.test;

import dev.wdmports.peers.LocalPeer;
import dev.wdmports.peers.PeerKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which peer a {@link LocalPeer} parameter of a {@link WithLocalPeers} test gets, e.g.
 * {@code @PeerOfKind(PeerKind.FTP) LocalPeer ftp}.
 *
 * @since 0.1.0
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PeerOfKind {
  /**
   * Returns the kind of peer wanted.
   *
   * @return the kind; it must be one {@link WithLocalPeers} starts
   */
  PeerKind value();
}
