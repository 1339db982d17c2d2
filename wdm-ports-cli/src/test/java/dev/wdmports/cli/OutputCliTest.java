package dev.wdmports.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report that cannot be written is an error, never a silent loss: {@code --output FILE} writes
 * whole or not at all, and a standard output that refuses the report (a full disk) is exit 2.
 */
class OutputCliTest {
  @Test
  void output_writesTheReportWhole_withTheCommandsExitCode(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("impact.json");
    CliRun r =
        CliRun.inProcess(
            "impact", "--closed", "443", "--format", "json", "--output", file.toString());
    CliRun stdout = CliRun.inProcess("impact", "--closed", "443", "--format", "json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(stdout.out());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("impact.json");
    }
  }

  @Test
  void output_replacesAnExistingFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("r.txt");
    Files.writeString(file, "old report\n");

    assertThat(CliRun.inProcess("impact", "--closed", "280", "--output", file.toString()).exit())
        .isZero();
    assertThat(Files.readString(file)).contains("No operation breaks.").doesNotContain("old");
  }

  @Test
  void output_intoNoSuchDirectory_isOneLineAndExit2(@TempDir Path dir) {
    Path file = dir.resolve("missing").resolve("r.txt");

    CliRun r = CliRun.inProcess("impact", "--closed", "443", "--output", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "--output "
                + file
                + ": cannot write it: no directory "
                + file.getParent()
                + "; nothing was written");
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void output_onAReadOnlyOrFullDisk_isExit2_andLeavesNothingUnderTheName(@TempDir Path dir)
      throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "mounting a small or read-only tmpfs needs root: run the tests as root");
    Path full = Files.createDirectory(dir.resolve("full"));
    Path readOnly = Files.createDirectory(dir.resolve("ro"));
    sh("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", full.toString());
    try {
      sh("mount", "-t", "tmpfs", "-o", "ro,size=4k", "tmpfs", readOnly.toString());
      try {
        Path a = full.resolve("impact.json");
        // The JSON of every operation with its reasons is well over the disk's 4 KiB.
        CliRun r =
            CliRun.inProcess(
                "impact", "--closed", "443", "--format", "json", "--output", a.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
            .startsWith("--output " + a + ": cannot write it: ")
            .contains("No space left on device")
            .endsWith("; nothing was written");
        try (var files = Files.list(full)) {
          assertThat(files).as("no report and no temporary file left").isEmpty();
        }

        Path b = readOnly.resolve("impact.txt");
        CliRun ro = CliRun.inProcess("impact", "--closed", "443", "--output", b.toString());
        assertThat(ro.exit()).isEqualTo(2);
        assertThat(ro.err().strip())
            .isEqualTo(
                "--output " + b + ": cannot write it: Read-only file system; nothing was written");
        assertThat(b).doesNotExist();
      } finally {
        sh("umount", readOnly.toString());
      }
    } finally {
      sh("umount", full.toString());
    }
  }

  @Test
  void standardOutputThatRefusesTheReport_isExit2_withOneLine() {
    OutputStream refusing =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    StringWriter err = new StringWriter();
    int code =
        WdmPortsCli.run(
            new String[] {"impact", "--closed", "280"},
            new PrintWriter(new java.io.OutputStreamWriter(refusing, StandardCharsets.UTF_8)),
            new PrintWriter(err));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo(WdmPortsCli.STDOUT_FAILED);
  }

  private static void sh(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assumeTrue(p.exitValue() == 0, String.join(" ", command) + " failed here: " + out.strip());
  }
}
