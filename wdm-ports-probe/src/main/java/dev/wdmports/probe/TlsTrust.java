package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

import dev.wdmports.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The certificates a TLS probe ({@code https}, FTP {@code AUTH TLS}) trusts: the JDK's default
 * trust store, or your own CAs in its place. Immutable and thread-safe; the file is read once, when
 * the value is made, so a bad file fails before any probe starts.
 *
 * <pre>{@code
 * TlsTrust internal = TlsTrust.fromPem(Path.of("/etc/wdm/ca.pem"));
 * ProbeOptions options = ProbeOptions.defaults().withTlsTrust(internal);
 *
 * TlsTrust store = TlsTrust.fromKeyStore(Path.of("trust.p12"), "PKCS12", password);
 * }</pre>
 *
 * <p>Your own CAs replace the JDK's (as {@code curl --cacert} does): a certificate is trusted when
 * its chain ends at one of them. Host names are checked either way, unless insecure mode is on.
 *
 * @since 0.1.0
 */
public final class TlsTrust {
  /** The largest trust file read: a bundle of every public CA is about a quarter of a MiB. */
  public static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

  private static final TlsTrust JDK_DEFAULT = new TlsTrust("the JDK default trust store", null);

  private final String source;
  private final @Nullable List<X509Certificate> anchors; // null for the JDK default
  private volatile @Nullable X509ExtendedTrustManager trustManager;

  private TlsTrust(String source, @Nullable List<X509Certificate> anchors) {
    this.source = source;
    this.anchors = anchors;
  }

  /**
   * Returns the JDK's default trust store ({@code $JAVA_HOME/lib/security/cacerts}, or what the
   * {@code javax.net.ssl.trustStore} system property names): the default of every probe.
   *
   * @return the default trust
   */
  public static TlsTrust jdkDefault() {
    return JDK_DEFAULT;
  }

  /**
   * Trusts the CA certificates of a PEM file ({@code -----BEGIN CERTIFICATE-----} blocks, as {@code
   * openssl} writes them and CA bundles hold them) in place of the JDK's.
   *
   * @param file the PEM file, at most {@value #MAX_FILE_BYTES} bytes
   * @return the trust
   * @throws InvalidInputException naming the file, when it cannot be read, is too large, holds no
   *     certificate or a malformed one
   */
  public static TlsTrust fromPem(Path file) {
    requireNonNull(file, "file");
    byte[] bytes = read(file, "CA file");
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new InvalidInputException(
          file.toString(),
          "holds no PEM certificate: give the CA certificates as -----BEGIN CERTIFICATE-----"
              + " blocks (openssl x509 -outform PEM)");
    }
    Collection<? extends Certificate> certs;
    try {
      certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw new InvalidInputException(
          file.toString(),
          0,
          0,
          null,
          "holds a malformed certificate ("
              + e.getMessage()
              + "): give the CA certificates in PEM (openssl x509 -outform PEM)",
          e);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : certs) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(
          file.toString(),
          "holds no PEM certificate: give the CA certificates as -----BEGIN CERTIFICATE-----"
              + " blocks (openssl x509 -outform PEM)");
    }
    return new TlsTrust(file + " (" + count(out) + ")", List.copyOf(out));
  }

  /**
   * Trusts the trusted-certificate entries of a key store file in place of the JDK's.
   *
   * @param file the key store, at most {@value #MAX_FILE_BYTES} bytes
   * @param type the key store type, e.g. {@code PKCS12} (which also reads JKS files) or {@code JKS}
   * @param password the store's password, or null for none; only used to check the file, never
   *     kept, logged or shown
   * @return the trust
   * @throws InvalidInputException naming the file, when it cannot be read, is too large, is not a
   *     key store of that type, the password is wrong, or it has no trusted certificate entry
   */
  // JSpecify is requires static (as in Guava): callers need not have it, so javac's exports lint
  // about @Nullable here does not apply.
  @SuppressWarnings("exports")
  public static TlsTrust fromKeyStore(Path file, String type, char @Nullable [] password) {
    requireNonNull(file, "file");
    requireNonNull(type, "type");
    KeyStore ks;
    try {
      ks = KeyStore.getInstance(type);
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          file.toString(),
          "key store type \"" + type + "\" is not known to this JDK: use PKCS12 or JKS");
    }
    byte[] bytes = read(file, "trust store");
    try {
      ks.load(new ByteArrayInputStream(bytes), password);
    } catch (IOException e) {
      boolean badPassword = e.getCause() instanceof UnrecoverableKeyException;
      throw new InvalidInputException(
          file.toString(),
          0,
          0,
          null,
          badPassword
              ? "cannot open the "
                  + type
                  + " trust store: the password is wrong (give the store's password)"
              : "is not a readable "
                  + type
                  + " trust store ("
                  + e.getMessage()
                  + "): give a PKCS12 or JKS file, e.g. made with keytool -importcert",
          e);
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          file.toString(),
          0,
          0,
          null,
          "is not a readable " + type + " trust store (" + e.getMessage() + ")",
          e);
    }
    List<X509Certificate> out = new ArrayList<>();
    try {
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isCertificateEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate c) {
          out.add(c);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidInputException(
          file.toString(), 0, 0, null, "cannot list the trust store: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(
          file.toString(),
          "holds no trusted certificate entry: add the CA with keytool -importcert -alias ca"
              + " -file ca.pem -keystore "
              + file.getFileName());
    }
    return new TlsTrust(file + " (" + count(out) + ")", List.copyOf(out));
  }

  /**
   * Trusts these CA certificates in place of the JDK's.
   *
   * @param anchors at least one certificate
   * @return the trust
   * @throws IllegalArgumentException if the list is empty
   */
  public static TlsTrust of(List<X509Certificate> anchors) {
    List<X509Certificate> copy = List.copyOf(anchors);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException(
          "anchors is empty: give at least one CA certificate, or use TlsTrust.jdkDefault()");
    }
    return new TlsTrust("given certificates (" + count(copy) + ")", copy);
  }

  /**
   * Tells whether this is the JDK's default trust store.
   *
   * @return true for {@link #jdkDefault()}
   */
  public boolean isJdkDefault() {
    return anchors == null;
  }

  /**
   * Returns the CA certificates trusted in place of the JDK's.
   *
   * @return the certificates; empty for {@link #jdkDefault()}
   */
  public List<X509Certificate> certificates() {
    return anchors == null ? List.of() : anchors;
  }

  /**
   * Returns the JDK trust manager (PKIX) over these anchors; made on the first call and kept.
   *
   * @return the trust manager
   * @throws IllegalStateException if the JDK cannot make one (its default trust store is
   *     unreadable)
   */
  public X509ExtendedTrustManager trustManager() {
    X509ExtendedTrustManager tm = trustManager;
    if (tm == null) {
      tm = makeTrustManager();
      trustManager = tm;
    }
    return tm;
  }

  private X509ExtendedTrustManager makeTrustManager() {
    try {
      TrustManagerFactory f =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (anchors == null) {
        f.init((KeyStore) null);
      } else {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
          ks.setCertificateEntry("ca-" + i, anchors.get(i));
        }
        f.init(ks);
      }
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot load the trust anchors of " + source + ": " + e, e);
    }
  }

  private static byte[] read(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new InvalidInputException(
            file.toString(),
            "is larger than "
                + MAX_FILE_BYTES
                + " bytes: give a "
                + what
                + " that holds only the CA certificates to trust");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          file.toString(), 0, 0, null, "no such file: give the path of the " + what, e);
    } catch (IOException e) {
      throw new InvalidInputException(
          file.toString(),
          0,
          0,
          null,
          "cannot read the " + what + " (" + e.getMessage() + "): check the path and permissions",
          e);
    }
  }

  private static String count(List<X509Certificate> certs) {
    return certs.size() + (certs.size() == 1 ? " certificate" : " certificates");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsTrust t
        && (anchors == null ? t.anchors == null : anchors.equals(t.anchors));
  }

  @Override
  public int hashCode() {
    return anchors == null ? 0 : anchors.hashCode();
  }

  /** Returns where the anchors come from, e.g. {@code TlsTrust[ca.pem (1 certificate)]}. */
  @Override
  public String toString() {
    return "TlsTrust[" + source + "]";
  }
}
