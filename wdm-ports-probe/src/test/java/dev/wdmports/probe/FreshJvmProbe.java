package dev.wdmports.probe;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The main of a fresh JVM that probes one local TLS peer once and prints {@code STATUS<TAB>detail}:
 * run by {@link FreshJvmTlsTest}, never by surefire itself (the name does not end in Test).
 *
 * <p>Arguments: {@code https|ftps PORT TIMEOUT_MILLIS CA_FILE}.
 */
public final class FreshJvmProbe {
  private FreshJvmProbe() {}

  public static void main(String[] args) {
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
    ProbeOptions options = ProbeOptions.defaults().withTlsTrust(TlsTrust.fromPem(Path.of(args[3])));
    ProbeTarget target =
        kind.equals("ftps")
            ? ProbeTarget.of("127.0.0.1", port, "ftp").withOptions(options.withFtpAuthTls(true))
            : ProbeTarget.of("127.0.0.1", port, "https").withOptions(options);
    ProbeResult r = Prober.builder().timeout(timeout).build().probe(target);
    System.out.println(r.status() + "\t" + r.detail() + "\t" + r.timings() + " " + r.latency());
  }
}
