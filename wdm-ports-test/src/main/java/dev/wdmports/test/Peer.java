package dev.wdmports.test;

import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which peer a {@link LocalPeers.Peer} parameter of a {@link WdmPeers} test gets, e.g.
 * {@code @Peer(PeerKind.FTP) LocalPeers.Peer ftp}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Peer {
  /**
   * Returns the kind of peer wanted.
   *
   * @return the kind; it must be one {@link WdmPeers} starts
   */
  PeerKind value();
}
