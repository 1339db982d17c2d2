package dev.wdmports.cli;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.probe.TlsTrust;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --timeout}, {@code --insecure} and trust options of the commands that probe. Without
 * {@code --ca-file} or {@code --trust-store}, TLS probes trust the JDK's default trust store.
 */
final class ProbeSettings {
  @Option(
      names = "--timeout",
      defaultValue = "2s",
      converter = Durations.class,
      description = "Per-probe deadline (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--insecure",
      description =
          "Do not verify TLS certificates (trust and host-name facts are still reported).")
  boolean insecure;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "Trust the CA certificates of this PEM file for https and FTP AUTH TLS, in place of the"
              + " JDK's default trust store.")
  @Nullable Path caFile;

  @Option(
      names = "--trust-store",
      paramLabel = "FILE",
      description =
          "Trust the certificate entries of this PKCS12 (or JKS) trust store for https and FTP"
              + " AUTH TLS, in place of the JDK's default trust store.")
  @Nullable Path trustStore;

  @Option(
      names = "--trust-store-password",
      paramLabel = "PASSWORD",
      description = "The --trust-store's password (default: none). Never printed.")
  @Nullable String trustStorePassword;

  /**
   * Returns the trust the options ask for, reading its file now.
   *
   * @throws InvalidInputException for a bad file or a combination that makes no sense
   */
  TlsTrust trust() {
    if (caFile != null && trustStore != null) {
      throw new InvalidInputException(
          "--ca-file " + caFile, "cannot be combined with --trust-store: give one of them");
    }
    if (trustStorePassword != null && trustStore == null) {
      throw new InvalidInputException(
          "--trust-store-password", "needs --trust-store FILE: give the store it opens");
    }
    if (caFile != null) {
      return TlsTrust.fromPem(caFile);
    }
    if (trustStore != null) {
      return TlsTrust.fromKeyStore(
          trustStore,
          "PKCS12",
          trustStorePassword == null ? null : trustStorePassword.toCharArray());
    }
    return TlsTrust.jdkDefault();
  }
}
