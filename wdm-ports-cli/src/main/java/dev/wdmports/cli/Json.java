package dev.wdmports.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.internal.Writers;
import dev.wdmports.core.report.HostReport;
import dev.wdmports.core.report.ReportFormat;
import java.util.List;

/**
 * JSON output of the CLI, written by core's one JSON writer ({@link Writers}), the one that also
 * writes catalog and deployment files: indented, fields in insertion order.
 */
final class Json {
  private Json() {}

  /**
   * Loads and initializes the JSON writer on a daemon thread, so that a command whose probes wait
   * out their timeouts has its output ready when they end: a first write costs about 150 ms of
   * class loading and serializer set-up (bench/deadline.sh), which would otherwise come after the
   * probing.
   */
  static void prepareInBackground() {
    StartupWarmUp.inBackground(
        "wdm-ports-json-warm-up",
        () -> {
          ObjectNode sample = object().put("name", "warm-up").put("count", 1);
          sample.putArray("items").addObject().put("ok", true).putNull("detail");
          write(sample);
          // Reports are written by the report model's own writer: load it too.
          ReportFormat.JSON.render(HostReport.ofImpact(List.of("warm-up"), List.of()));
        });
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static String write(Object node) {
    return Writers.indented(node);
  }
}
