package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.peers.LocalPeers;
import dev.wdmports.peers.PeerKind;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --ca-file}, {@code --trust-store} on probe and preflight, against a local HTTPS peer. */
class TrustCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalPeers peers;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    peers = LocalPeers.start(PeerKind.HTTPS);
    byte[] der = peers.certificate().certificate().getEncoded();
    Files.writeString(
        dir.resolve("ca.pem"),
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END CERTIFICATE-----\n",
        StandardCharsets.US_ASCII);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("ca", peers.certificate().certificate());
    try (OutputStream out = Files.newOutputStream(dir.resolve("trust.p12"))) {
      ks.store(out, "s3cret-pw".toCharArray());
    }
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  private static String https() {
    return "127.0.0.1:" + peers.peer(PeerKind.HTTPS).port() + "/https";
  }

  @Test
  void probe_withCaFile_isOpen_andWithoutIt_isNotTrusted() throws Exception {
    CliRun untrusted = CliRun.inProcess("probe", https(), "--format", "json");
    assertThat(untrusted.exit()).isEqualTo(1);
    JsonNode u = JSON.readTree(untrusted.out()).get("results").get(0);
    assertThat(u.get("status").asText()).isEqualTo("TLS_FAILURE");
    assertThat(u.get("detail").asText()).startsWith("certificate not trusted");

    CliRun trusted =
        CliRun.inProcess(
            "probe", https(), "--ca-file", dir.resolve("ca.pem").toString(), "--format", "json");
    assertThat(trusted.exit()).as(trusted.out() + trusted.err()).isZero();
    assertThat(JSON.readTree(trusted.out()).get("results").get(0).get("status").asText())
        .isEqualTo("OPEN");
  }

  @Test
  void probe_withPkcs12TrustStore_isOpen() {
    CliRun r =
        CliRun.inProcess(
            "probe",
            https(),
            "--trust-store",
            dir.resolve("trust.p12").toString(),
            "--trust-store-password",
            "s3cret-pw");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("OPEN").doesNotContain("s3cret-pw");
  }

  @Test
  void preflight_takesCaFile_andTrustStore() {
    // Every WDM port on 127.0.0.1: refused here, so the run reports, it does not fail on input.
    for (String[] trust :
        new String[][] {
          {"--ca-file", dir.resolve("ca.pem").toString()},
          {
            "--trust-store",
            dir.resolve("trust.p12").toString(),
            "--trust-store-password",
            "s3cret-pw"
          }
        }) {
      String[] args = {"preflight", "--server", "127.0.0.1", "--timeout", "300ms"};
      String[] all = java.util.Arrays.copyOf(args, args.length + trust.length);
      System.arraycopy(trust, 0, all, args.length, trust.length);
      CliRun r = CliRun.inProcess(all);
      assertThat(r.exit()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).doesNotContain("s3cret-pw");
    }
  }

  @Test
  void badTrustInput_exits2_withOneLineNamingTheFile() {
    Path missing = dir.resolve("missing.pem");
    CliRun r = CliRun.inProcess("probe", https(), "--ca-file", missing.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(missing + ": no such file: give the path of the CA file\n");

    Path store = dir.resolve("trust.p12");
    CliRun wrong =
        CliRun.inProcess(
            "preflight",
            "--server",
            "127.0.0.1",
            "--trust-store",
            store.toString(),
            "--trust-store-password",
            "not-the-pw");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.err())
        .isEqualTo(
            store
                + ": cannot open the PKCS12 trust store: the password is wrong (give the store's"
                + " password)\n");

    CliRun both =
        CliRun.inProcess("probe", https(), "--ca-file", "a.pem", "--trust-store", store.toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err())
        .isEqualTo("--ca-file a.pem: cannot be combined with --trust-store: give one of them\n");

    CliRun lonePassword = CliRun.inProcess("probe", https(), "--trust-store-password", "x");
    assertThat(lonePassword.exit()).isEqualTo(2);
    assertThat(lonePassword.err())
        .isEqualTo("--trust-store-password: needs --trust-store FILE: give the store it opens\n");
  }
}
