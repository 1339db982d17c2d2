package dev.wdmports.core.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wdmports.core.Address;
import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.SecurityMode;
import dev.wdmports.core.catalog.Catalog;
import dev.wdmports.core.internal.Bind;
import dev.wdmports.core.internal.Messages;
import dev.wdmports.core.internal.Node;
import dev.wdmports.core.internal.PointedException;
import dev.wdmports.core.internal.TreeReader;
import dev.wdmports.core.internal.Writers;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes deployment files (JSON or YAML).
 *
 * <pre>{@code
 * # deployment.yaml
 * name: branch-office
 * security: http-and-https        # http | https | http-and-https (default) | http-or-https
 * ports: {http: 80, https: 443, database: 1433}
 * redundancy: {web-service: any}  # optional: hosts running it are alternatives (default every)
 * hosts:
 *   - name: wdm-server
 *     address: 10.0.0.5
 *     runs: [gui, web-service, standard-service, database, master-repository]
 *   - name: devices
 *     address: 10.0.1.0/24
 *     runs: [web-agent]
 * }</pre>
 *
 * <pre>{@code
 * Deployment d = Deployments.read(Path.of("deployment.yaml"), Catalogs.wdm());
 * }</pre>
 *
 * <p>Errors are {@link InvalidInputException}s whose message reads {@code file:line:column: what is
 * wrong}. Files larger than {@link #MAX_BYTES} are refused before they are read. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Deployments {
  /** The largest deployment file read, 16 MiB. */
  public static final long MAX_BYTES = 16L << 20;

  private static final String EXPECTED = "a deployment (YAML or JSON)";
  private static final Set<String> TOP = Set.of("name", "security", "ports", "redundancy", "hosts");
  private static final Set<String> HOST = Set.of("name", "address", "runs");

  private Deployments() {}

  /**
   * Reads a deployment file.
   *
   * @param file the file, JSON or YAML
   * @param catalog the catalog whose components it places
   * @return the deployment
   * @throws InvalidInputException if the file is missing, a directory, unreadable, too large, not
   *     text, empty, malformed or invalid
   */
  public static Deployment read(Path file, Catalog catalog) {
    requireNonNull(file, "file");
    requireNonNull(catalog, "catalog");
    return bind(new TreeReader(MAX_BYTES, EXPECTED).read(file), catalog);
  }

  /**
   * Parses a deployment held in memory.
   *
   * @param content the document
   * @param sourceName the name used in error messages
   * @param catalog the catalog whose components it places
   * @return the deployment
   * @throws InvalidInputException if the content is too large, not text, empty, malformed or
   *     invalid
   */
  public static Deployment parse(String content, String sourceName, Catalog catalog) {
    requireNonNull(content, "content");
    requireNonNull(sourceName, "sourceName");
    requireNonNull(catalog, "catalog");
    TreeReader reader = new TreeReader(MAX_BYTES, EXPECTED);
    return bind(reader.parse(content, sourceName, TreeReader.sniff(sourceName, content)), catalog);
  }

  private static Deployment bind(Node root, Catalog catalog) {
    Node.Obj top = root.asObject("a deployment");
    top.checkKnown("the deployment", TOP);
    Deployment.Builder b = Deployment.builder(catalog);
    Node deploymentName = top.get("name");
    if (deploymentName != null) {
      Bind.at(deploymentName, () -> b.name(deploymentName.asString("name")));
    }
    Node security = top.get("security");
    if (security != null) {
      b.securityMode(Bind.at(security, () -> SecurityMode.parse(security.asString("security"))));
    }
    Node ports = top.get("ports");
    if (ports != null) {
      for (Map.Entry<String, Node> e : ports.asObject("ports").fields().entrySet()) {
        int port = Bind.port(e.getValue(), "ports." + e.getKey());
        Bind.at(e.getValue(), () -> b.port(e.getKey(), port));
      }
    }
    Node redundancy = top.get("redundancy");
    if (redundancy != null) {
      for (Map.Entry<String, Node> e : redundancy.asObject("redundancy").fields().entrySet()) {
        Node n = e.getValue();
        Redundancy r =
            Bind.at(n, () -> Redundancy.parse(n.asString("redundancy of " + e.getKey())));
        Bind.at(n, () -> b.redundancy(e.getKey(), r));
      }
    }
    for (Node h : top.require("hosts", "the deployment").asList("hosts").items()) {
      Node.Obj o = h.asObject("a host");
      String name = o.require("name", "a host").asText("host name");
      o.checkKnown("host " + name, HOST);
      Optional<Address> address = Optional.empty();
      Node a = o.get("address");
      if (a != null && !a.isNull()) {
        String text = a.asString("address");
        address = Optional.of(Bind.at(a, () -> Address.parse(text)));
      }
      Node runs = o.require("runs", "host " + name);
      var components = Bind.strings(runs, "runs");
      Optional<Address> addr = address;
      b.host(Bind.at(o, () -> new Host(name, addr, components)));
    }
    try {
      return b.build();
    } catch (PointedException e) {
      throw root.find(e.pointer()).error(Messages.of(e), e);
    }
  }

  /**
   * Writes a deployment in the file format.
   *
   * @param deployment the deployment
   * @param format JSON or YAML
   * @return the document, which {@link #parse} reads back to an equal deployment
   */
  public static String write(Deployment deployment, DocumentFormat format) {
    ObjectNode top = Writers.NODES.objectNode();
    top.put("name", deployment.name());
    top.put("security", deployment.securityMode().id());
    ObjectNode ports = top.putObject("ports");
    deployment.ports().forEach(ports::put);
    if (!deployment.redundancies().isEmpty()) {
      ObjectNode redundancy = top.putObject("redundancy");
      deployment.redundancies().forEach((c, r) -> redundancy.put(c, r.id()));
    }
    ArrayNode hosts = top.putArray("hosts");
    for (Host h : deployment.hosts()) {
      ObjectNode o = hosts.addObject().put("name", h.name());
      h.address().ifPresent(a -> o.put("address", a.text()));
      ArrayNode runs = o.putArray("runs");
      h.components().forEach(runs::add);
    }
    return format == DocumentFormat.JSON ? Writers.json(top) : Writers.yaml(top);
  }
}
