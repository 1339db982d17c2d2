package dev.wdmports.probe.internal;

import dev.wdmports.core.Transport;
import dev.wdmports.core.report.ProbeStatus;
import dev.wdmports.probe.Evidence;
import dev.wdmports.probe.ProbeResult;
import dev.wdmports.probe.ProbeTarget;
import dev.wdmports.probe.TlsTrust;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The JVM's one-time TLS start-up, done before a probe's clock runs: a complete TLS handshake
 * between two in-memory {@link SSLEngine}s (no socket, no port), with a throw-away EC key and a
 * self-signed certificate made here, and an RSA signature check. In a fresh JVM the first handshake
 * otherwise pays for class loading and initialisation of JSSE, the key exchange, the certificate
 * path checks and the record ciphers, which a short timeout would charge to the peer (issue 9, item
 * 4; figures: bench/README.md).
 */
final class TlsWarmUp {
  private TlsWarmUp() {}

  private static final String ALIAS = "warm-up";

  /**
   * Runs the warm-up: a CA and a server certificate for {@code localhost} made here, verified the
   * way a probe verifies (PKIX up to the CA, HTTPS host-name check) by a {@link Tls.Recorder}.
   */
  static void handshake() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair caKeys = g.generateKeyPair();
    KeyPair kp = g.generateKeyPair();
    X509Certificate ca =
        certificate("warm-up CA", "warm-up CA", Optional.empty(), caKeys.getPublic(), caKeys);
    X509Certificate cert =
        certificate("localhost", "warm-up CA", Optional.of("localhost"), kp.getPublic(), caKeys);
    Tls.Recorder recorder =
        new Tls.Recorder("localhost", false, TlsTrust.of(List.of(ca)).trustManager());

    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(new KeyManager[] {new OneKey(kp.getPrivate(), cert, ca)}, null, null);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, new TrustManager[] {recorder}, null);

    SSLEngine client = clientContext.createSSLEngine("localhost", 443);
    client.setUseClientMode(true);
    SSLParameters p = client.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName("localhost")));
    p.setEndpointIdentificationAlgorithm("HTTPS");
    client.setSSLParameters(p);
    SSLEngine server = serverContext.createSSLEngine();
    server.setUseClientMode(false);

    int net = Math.max(client.getSession().getPacketBufferSize(), 32 * 1024);
    int app = Math.max(client.getSession().getApplicationBufferSize(), 32 * 1024);
    ByteBuffer toServer = ByteBuffer.allocate(net);
    ByteBuffer toClient = ByteBuffer.allocate(net);
    ByteBuffer clientApp = ByteBuffer.allocate(app);
    ByteBuffer serverApp = ByteBuffer.allocate(app);
    ByteBuffer request =
        ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    try {
      client.beginHandshake();
      server.beginHandshake();
      // A handshake is a few flights each way; the bound only guards against a JDK that loops.
      for (int round = 0; round < 64 && serverApp.position() == 0; round++) {
        client.wrap(request, toServer);
        tasks(client);
        toServer.flip();
        server.unwrap(toServer, serverApp);
        toServer.compact();
        tasks(server);
        server.wrap(ByteBuffer.allocate(0), toClient);
        tasks(server);
        toClient.flip();
        client.unwrap(toClient, clientApp);
        toClient.compact();
        tasks(client);
      }
      if (serverApp.position() == 0) {
        throw new GeneralSecurityException(
            "the in-memory TLS warm-up handshake did not complete: client "
                + client.getHandshakeStatus()
                + ", server "
                + server.getHandshakeStatus());
      }
      // What a probe builds from a handshake, so that its classes are ready too.
      ProbeResult.builder(
              ProbeTarget.of("localhost", 443, "https"), Transport.TCP, ProbeStatus.OPEN)
          .tls(
              recorder.facts(
                  Optional.of(client.getSession().getProtocol()),
                  Optional.of(client.getSession().getCipherSuite())))
          .fact(Evidence.STATUS_LINE, Wire.latin1(new byte[] {'H'}))
          .handshakeTime(Duration.ofNanos(1))
          .bytesRead(1)
          .detail("warm-up")
          .build();
    } catch (javax.net.ssl.SSLException e) {
      throw new GeneralSecurityException("the in-memory TLS warm-up handshake failed: " + e, e);
    } finally {
      client.closeOutbound();
      server.closeOutbound();
    }
    rsa();
  }

  private static void tasks(SSLEngine e) {
    if (e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
      Runnable r;
      while ((r = e.getDelegatedTask()) != null) {
        r.run();
      }
    }
  }

  /**
   * Verifies a (wrong) signature under a made-up RSA key: most servers' certificates are RSA, and
   * the EC handshake above leaves RSA's classes cold. Generating an RSA key would cost more than
   * this saves.
   */
  private static void rsa() throws GeneralSecurityException {
    BigInteger modulus = BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(0x4f));
    PublicKey key =
        KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
    byte[] data = new byte[32];
    byte[] sig = new byte[256];
    sig[255] = 2;
    Signature pkcs1 = Signature.getInstance("SHA256withRSA");
    pkcs1.initVerify(key);
    pkcs1.update(data);
    pkcs1.verify(sig);
    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    pss.initVerify(key);
    pss.update(data);
    pss.verify(sig);
  }

  /**
   * A minimal X.509 certificate (DER by hand), signed with the issuer's key: v1, or v3 with one DNS
   * subject alternative name (a probe matches host names against those only, never the CN).
   */
  private static X509Certificate certificate(
      String subject, String issuer, Optional<String> dnsName, PublicKey key, KeyPair issuerKeys)
      throws GeneralSecurityException {
    byte[] algorithm =
        der(0x30, der(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 2}));

    DateTimeFormatter utc =
        DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    byte[] validity =
        der(
            0x30,
            der(
                0x17,
                utc.format(now.minus(1, ChronoUnit.DAYS)).getBytes(StandardCharsets.US_ASCII)),
            der(
                0x17,
                utc.format(now.plus(1, ChronoUnit.DAYS)).getBytes(StandardCharsets.US_ASCII)));
    byte[] serial = der(0x02, new byte[] {(byte) (subject.length() & 0x7f)});
    byte[] tbs =
        dnsName.isEmpty()
            ? der(0x30, serial, algorithm, name(issuer), validity, name(subject), key.getEncoded())
            : der(
                0x30,
                der(0xa0, der(0x02, new byte[] {2})),
                serial,
                algorithm,
                name(issuer),
                validity,
                name(subject),
                key.getEncoded(),
                der(0xa3, der(0x30, subjectAltName(dnsName.get()))));
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(issuerKeys.getPrivate());
    s.update(tbs);
    byte[] sig = s.sign();
    byte[] bits = new byte[sig.length + 1];
    System.arraycopy(sig, 0, bits, 1, sig.length);
    byte[] cert = der(0x30, tbs, algorithm, der(0x03, bits));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(cert));
  }

  /** The subjectAltName extension (2.5.29.17) with one dNSName. */
  private static byte[] subjectAltName(String dnsName) {
    return der(
        0x30,
        der(0x06, new byte[] {0x55, 0x1d, 0x11}),
        der(0x04, der(0x30, der(0x82, dnsName.getBytes(StandardCharsets.US_ASCII)))));
  }

  private static byte[] name(String cn) {
    return der(
        0x30,
        der(
            0x31,
            der(
                0x30,
                der(0x06, new byte[] {0x55, 4, 3}),
                der(0x0c, cn.getBytes(StandardCharsets.US_ASCII)))));
  }

  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    int n = body.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 4);
    out.write(tag);
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** The warm-up server's one key and certificate. */
  private static final class OneKey extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    OneKey(PrivateKey key, X509Certificate cert, X509Certificate ca) {
      this.key = key;
      this.chain = new X509Certificate[] {cert, ca};
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return "EC".equals(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return "EC".equals(keyType) ? ALIAS : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return "EC".equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
