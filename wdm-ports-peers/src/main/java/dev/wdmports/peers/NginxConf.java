package dev.wdmports.peers;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of a test's own nginx: one worker, no access log, and everything nginx writes
 * (its pid file, error log and temporary files) inside one directory, so that it runs beside any
 * other nginx and as any user; the servers are the caller's.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("nginx.conf"), NginxConf.of(dir,
 *     "server { listen 127.0.0.1:8080; location / { return 200 \"ok\\n\"; } }"));
 * Process nginx = new ProcessBuilder(NginxConf.command(Path.of("/usr/sbin/nginx"), dir)).start();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class NginxConf {
  private NginxConf() {}

  /**
   * Writes the configuration's text.
   *
   * @param dir the directory of the pid file, the error log ({@code nginx-error.log}) and the
   *     temporary files
   * @param servers {@code server { ... }} blocks, one per argument
   * @return the text of {@code nginx.conf}
   */
  public static String of(Path dir, String... servers) {
    requireNonNull(dir, "dir");
    List<String> lines = new ArrayList<>();
    lines.add("pid " + dir.resolve("nginx.pid") + ";");
    lines.add("error_log " + dir.resolve("nginx-error.log") + ";");
    lines.add("worker_processes 1;");
    lines.add("events { worker_connections 256; }");
    lines.add("http {");
    lines.add("  access_log off;");
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      lines.add("  " + temp + "_temp_path " + dir.resolve(temp) + ";");
    }
    for (String s : servers) {
      lines.add("  " + requireNonNull(s, "server"));
    }
    lines.add("}");
    lines.add("");
    return String.join("\n", lines);
  }

  /**
   * The command that runs nginx in the foreground on {@code DIR/nginx.conf}, with its prefix and
   * early error log in {@code dir} too.
   *
   * @param nginx the nginx binary
   * @param dir the directory of {@code nginx.conf}, as given to {@link #of}
   * @return {@code nginx -p DIR -e DIR/nginx-error.log -c DIR/nginx.conf -g "daemon off;"}
   */
  public static List<String> command(Path nginx, Path dir) {
    return List.of(
        nginx.toString(),
        "-p",
        dir.toString(),
        "-e",
        dir.resolve("nginx-error.log").toString(),
        "-c",
        dir.resolve("nginx.conf").toString(),
        "-g",
        "daemon off;");
  }
}
