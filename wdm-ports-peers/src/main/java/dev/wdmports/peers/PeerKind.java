package dev.wdmports.peers;

/**
 * The kinds of local peer {@link LocalPeers} can start.
 *
 * @since 0.1.0
 */
public enum PeerKind {
  /** An HTTP server answering {@code 200 OK}. */
  HTTP,
  /** An HTTPS server with a self-signed certificate for localhost, answering {@code 200 OK}. */
  HTTPS,
  /** An FTP server that greets ({@code 220}) and says goodbye ({@code 221}); no login. */
  FTP,
  /** A VNC server that sends the RFB 3.8 greeting. */
  VNC
}
