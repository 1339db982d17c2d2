package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wdmports.core.Flow;
import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.report.Direction;
import dev.wdmports.firewall.Decision;
import dev.wdmports.firewall.Evaluation;
import dev.wdmports.firewall.FirewallPolicy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every published firewall export under {@code realworld/} (listed, with where each came
 * from, in its {@code MANIFEST.json} and {@code SOURCES.md}): a file the real tool accepts parses,
 * no file throws anything but {@link InvalidInputException}, a file the tool rejects is rejected
 * with a message naming its line, and every {@code UNKNOWN} verdict for the standard flows of
 * {@link ReaderOracle} names its line. {@code -Dwdmports.realworld.list} (through surefire's {@code
 * argLine}) prints each file's outcome and verdicts.
 */
class RealWorldConfigsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean LIST = System.getProperty("wdmports.realworld.list") != null;
  private static final String LADUKE_V4 = "iptables-save/laduke-zt-iptables-rules.v4";
  private static final String LADUKE_V6 = "iptables-save/laduke-zt-iptables-rules.v6";
  private static final String MOBY_IPT = "iptables-save/moby-iptablesdoc-usernet-portmap.rules";
  private static final String BDATA_NFT = "nft/b-data-docker-swarm-ipv6-nftables.conf";
  private static final String MOBY_NFT_NEW = "nft/moby-nftablesdoc-new-daemon.nft";
  private static final String MOBY_NFT_PORTMAP = "nft/moby-nftablesdoc-usernet-portmap.nft";
  private static final String BDATA_JSON = "nft-json/b-data-docker-swarm-ipv6-nftables.json";
  private static final String MOBY_JSON = "nft-json/moby-nftablesdoc-usernet-portmap.json";
  private static final String EKS = "aws-sg/eks-workshop-v2-catalog-rds.json";
  private static final String GOAT = "aws-sg/terraformgoat-open-all-ports.json";
  private static final String KUBE_ROUTER_SETS = "ipset/kube-router-testdata-ipset-save.txt";
  private static final String TELEGRAF_SETS = "ipset/telegraf-ipset-readme-example.save";

  static Path root() {
    try {
      return Path.of(RealWorldConfigsTest.class.getResource("realworld/MANIFEST.json").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<JsonNode> manifest() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(root().resolve("MANIFEST.json").toFile()).get("files").forEach(out::add);
    return out;
  }

  @Test
  void manifest_listsEveryFile_andEveryListedFileExists() throws IOException {
    Path root = root();
    TreeSet<String> listed = new TreeSet<>();
    for (JsonNode f : manifest()) {
      listed.add(f.get("path").asText());
      for (String field : List.of("format", "accepted", "checked", "source", "license")) {
        assertThat(f.has(field)).as(f.get("path").asText() + " has " + field).isTrue();
      }
    }
    TreeSet<String> present;
    try (Stream<Path> walk = Files.walk(root)) {
      present =
          walk.filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(p -> !p.equals("MANIFEST.json") && !p.equals("SOURCES.md"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(present)
        .as("files under realworld/ (each must be in MANIFEST.json)")
        .isEqualTo(listed);
  }

  @Test
  void
      everyRealWorldFile_parsesWhenTheToolAcceptsIt_isRejectedWithItsLineOtherwise_andNeverCrashes()
          throws IOException {
    Path root = root();
    List<String> acceptedRejected = new ArrayList<>();
    List<String> rejectedAccepted = new ArrayList<>();
    List<String> unlocatedRejections = new ArrayList<>();
    List<String> crashes = new ArrayList<>();
    List<String> unlocated = new ArrayList<>();
    int files = 0;
    int verdicts = 0;
    int unknown = 0;
    for (JsonNode f : manifest()) {
      String rel = f.get("path").asText();
      String format = f.get("format").asText();
      boolean accepted = f.get("accepted").asBoolean();
      files++;
      try {
        Object parsed = read(root, f);
        if (!accepted && f.path("mustReject").asBoolean()) {
          rejectedAccepted.add(rel);
        }
        if (parsed instanceof FirewallPolicy policy) {
          if (LIST) {
            System.out.println(rel + ": parsed, notes " + policy.notes());
            for (String flow : ReaderOracle.FLOWS_V4) {
              for (Direction d : Direction.values()) {
                Evaluation e = policy.evaluate(Flow.parse(flow), d);
                System.out.println(
                    "  "
                        + flow
                        + " "
                        + d
                        + " "
                        + e.decision()
                        + " line "
                        + e.line()
                        + " "
                        + e.warnings());
              }
            }
          }
          ReaderOracle.Verdicts v = ReaderOracle.verdicts(policy, rel);
          verdicts += v.total();
          unknown += v.unknown();
          unlocated.addAll(v.unlocated());
        }
      } catch (InvalidInputException e) {
        if (LIST) {
          System.out.println(rel + ": rejected: " + e.getMessage());
        }
        if (accepted) {
          acceptedRejected.add(rel + ": " + e.getMessage());
        } else if (e.line() <= 0) {
          unlocatedRejections.add(rel + ": " + e.getMessage());
        }
      } catch (RuntimeException e) {
        crashes.add(rel + " (" + format + "): " + e);
      }
    }
    System.out.printf(
        Locale.ROOT, "realworld: %d files, %d verdicts, %d UNKNOWN%n", files, verdicts, unknown);
    assertThat(crashes).as("files that crashed the reader").isEmpty();
    assertThat(acceptedRejected).as("files the real tool accepts, rejected").isEmpty();
    assertThat(rejectedAccepted).as("files the real tool rejects, accepted").isEmpty();
    assertThat(unlocatedRejections).as("rejections that name no line").isEmpty();
    assertThat(unlocated).as("UNKNOWN verdicts whose warnings name no line").isEmpty();
  }

  /** A verdict read off the file by hand: the flow, the direction, the decision and its line. */
  private record Expect(
      String file, String flow, Direction direction, Decision decision, int line) {
    static Expect in(String file, String flow, Decision decision, int line) {
      return new Expect(file, flow, Direction.IN, decision, line);
    }

    static Expect out(String file, String flow, Decision decision, int line) {
      return new Expect(file, flow, Direction.OUT, decision, line);
    }
  }

  // Each expectation cites the rule that decides it (line 0: a chain policy or a default).
  private static final List<Expect> EXPECTED =
      List.of(
          // --- iptables-save ---
          // line 11: -A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW,ESTABLISHED
          Expect.in(LADUKE_V4, "10.0.0.20->10.0.0.5:22/tcp", Decision.ALLOW, 11),
          // line 13 accepts DNS replies (ESTABLISHED) only: a new query reaches line 18's REJECT
          Expect.in(LADUKE_V4, "10.0.0.20->10.0.0.5:53/udp", Decision.DENY, 18),
          // line 24: -A OUTPUT -p udp -m udp --dport 53 -j ACCEPT
          Expect.out(LADUKE_V4, "10.0.0.5->9.9.9.9:53/udp", Decision.ALLOW, 24),
          // lines 8-9 accept ICMP echo (unknown matches of -m icmp): TCP is not ICMP, line 18
          Expect.in(LADUKE_V4, "192.168.1.7->10.0.0.5:1433/tcp", Decision.DENY, 18),
          // ip6tables: line 11 accepts SSH, line 17 rejects the rest, line 27 lets HTTPS out
          Expect.in(LADUKE_V6, "[2001:db8::20]->[2001:db8::5]:22/tcp", Decision.ALLOW, 11),
          Expect.in(LADUKE_V6, "[2001:db8::20]->[2001:db8::5]:443/tcp", Decision.DENY, 17),
          Expect.out(LADUKE_V6, "[2001:db8::5]->[2001:db8::20]:443/tcp", Decision.ALLOW, 27),
          // Docker writes FORWARD and nat only: INPUT keeps its policy ACCEPT
          Expect.in(MOBY_IPT, "203.0.113.9->10.0.0.5:443/tcp", Decision.ALLOW, 0),
          // --- nft ---
          // line 32: tcp dport { 80, 443 }; ip6 line 83: udp dport 546 (DHCPv6); policy drop
          Expect.in(BDATA_NFT, "203.0.113.9->10.0.0.5:443/tcp", Decision.ALLOW, 32),
          Expect.in(BDATA_NFT, "[fe80::1]->[fe80::5]:546/udp", Decision.ALLOW, 83),
          Expect.in(BDATA_NFT, "203.0.113.9->10.0.0.5:8080/tcp", Decision.DENY, 0),
          // Docker filters forwarded traffic only: a flow to the host is accepted
          Expect.in(MOBY_NFT_NEW, "203.0.113.9->10.0.0.5:443/tcp", Decision.ALLOW, 0),
          // line 54: raw-PREROUTING drops the container's address unless it comes from bridge1;
          // with no --interface the verdict cannot be known
          Expect.in(MOBY_NFT_PORTMAP, "203.0.113.9->192.0.2.2:80/tcp", Decision.UNKNOWN, 54),
          // --- nft-json (the same rulesets, nft -j list ruleset prints one line) ---
          Expect.in(BDATA_JSON, "203.0.113.9->10.0.0.5:8080/tcp", Decision.DENY, 0),
          Expect.in(MOBY_JSON, "203.0.113.9->192.0.2.2:80/tcp", Decision.UNKNOWN, 1),
          // --- aws-sg ---
          // line 15: 3306 only from security group sg-037ec36e968f1f5e7 (its members are not in the
          // file): unknown
          Expect.in(EKS, "10.0.0.20->10.0.0.5:3306/tcp", Decision.UNKNOWN, 15),
          Expect.in(EKS, "10.0.0.20->10.0.0.5:22/tcp", Decision.DENY, 0),
          // line 11: tcp 1-65535 from 0.0.0.0/0; no egress rules: outbound is denied
          Expect.in(GOAT, "203.0.113.9->10.0.0.5:65535/tcp", Decision.ALLOW, 11),
          Expect.in(GOAT, "203.0.113.9->10.0.0.5:53/udp", Decision.DENY, 0),
          Expect.out(GOAT, "10.0.0.5->203.0.113.9:443/tcp", Decision.DENY, 0));

  @Test
  void publishedFiles_decideTheFlowsTheirRulesName() throws IOException {
    Path root = root();
    java.util.Map<String, JsonNode> byPath = new java.util.HashMap<>();
    manifest().forEach(f -> byPath.put(f.get("path").asText(), f));
    List<String> wrong = new ArrayList<>();
    for (Expect e : EXPECTED) {
      JsonNode f = byPath.get(e.file());
      assertThat(f).as(e.file() + " is in MANIFEST.json").isNotNull();
      FirewallPolicy policy = (FirewallPolicy) read(root, f);
      Evaluation v = policy.evaluate(Flow.parse(e.flow()), e.direction());
      int line =
          v.decision() == Decision.UNKNOWN
              ? v.warnings().stream()
                  .map(w -> java.util.regex.Pattern.compile("line (\\d+)").matcher(w))
                  .filter(java.util.regex.Matcher::find)
                  .mapToInt(m -> Integer.parseInt(m.group(1)))
                  .findFirst()
                  .orElse(0)
              : v.line();
      if (v.decision() != e.decision() || line != e.line()) {
        wrong.add(e + ": got " + v.decision() + " line " + line + " " + v.warnings());
      }
    }
    assertThat(wrong).as("verdicts that differ from the rules the files hold").isEmpty();
  }

  /** A flow a set decides: the set, how it is matched, the flow and what line 4 makes of it. */
  private record SetExpect(
      String file, boolean ip6, String match, String flow, Decision decision, int line) {}

  // No published iptables-save file uses these sets: a document of this test's own (an
  // iptables-save or ip6tables-save header, INPUT policy DROP and one rule on line 4, -A INPUT -m
  // set --match-set SET ... -j ACCEPT) checks the entries read. Each expectation cites the entry's
  // line in the ipset file.
  private static final List<SetExpect> SET_EXPECTED =
      List.of(
          // line 27: add kube-router-svip-prt 10.96.0.1,tcp:443 timeout 0 (hash:ip,port)
          new SetExpect(
              KUBE_ROUTER_SETS,
              false,
              "kube-router-svip-prt dst,dst",
              "10.0.0.20->10.96.0.1:443/tcp",
              Decision.ALLOW,
              4),
          // 10.96.0.1 has tcp:443 only (line 27); tcp:80 is 10.96.255.137's (line 36)
          new SetExpect(
              KUBE_ROUTER_SETS,
              false,
              "kube-router-svip-prt dst,dst",
              "10.0.0.20->10.96.0.1:80/tcp",
              Decision.DENY,
              0),
          // line 8: add kube-router-pod-subnets 10.242.0.0/24 timeout 0 (hash:net)
          new SetExpect(
              KUBE_ROUTER_SETS,
              false,
              "kube-router-pod-subnets src",
              "10.242.0.77->10.0.0.5:22/tcp",
              Decision.ALLOW,
              4),
          // lines 8-9 hold 10.242.0.0/24 and 10.242.1.0/24 only
          new SetExpect(
              KUBE_ROUTER_SETS,
              false,
              "kube-router-pod-subnets src",
              "10.242.2.1->10.0.0.5:22/tcp",
              Decision.DENY,
              0),
          // line 46: add inet6:kube-router-svip 2001:db8:42:1::bd90 timeout 0 (family inet6)
          new SetExpect(
              KUBE_ROUTER_SETS,
              true,
              "inet6:kube-router-svip dst",
              "[2001:db8::20]->[2001:db8:42:1::bd90]:5000/tcp",
              Decision.ALLOW,
              4),
          // line 2: add myset 10.69.152.1 packets 8 bytes 672 comment "machine A" (hash:net)
          new SetExpect(
              TELEGRAF_SETS, false, "myset src", "10.69.152.1->10.0.0.5:22/tcp", Decision.ALLOW, 4),
          new SetExpect(
              TELEGRAF_SETS, false, "myset src", "10.69.152.2->10.0.0.5:22/tcp", Decision.DENY, 0));

  @Test
  void publishedIpsets_holdTheEntriesTheirLinesName() throws IOException {
    Path root = root();
    List<String> wrong = new ArrayList<>();
    for (SetExpect e : SET_EXPECTED) {
      IpSets sets =
          IpSets.parse(Files.readString(root.resolve(e.file()), StandardCharsets.UTF_8), e.file());
      String rules =
          "# Generated by "
              + (e.ip6() ? "ip6tables-save" : "iptables-save")
              + " v1.8.9 (nf_tables)\n*filter\n:INPUT DROP [0:0]\n-A INPUT -m set --match-set "
              + e.match()
              + " -j ACCEPT\nCOMMIT\n";
      FirewallPolicy policy = ReaderOracle.parse("iptables-save", false, rules, "rules", sets);
      Evaluation v = policy.evaluate(Flow.parse(e.flow()), Direction.IN);
      if (v.decision() != e.decision() || v.line() != e.line()) {
        wrong.add(e + ": got " + v.decision() + " line " + v.line() + " " + v.warnings());
      }
    }
    assertThat(wrong).as("verdicts that differ from the entries the sets hold").isEmpty();
  }

  /** Parses one manifest entry: an {@link IpSets} for ipset files, else a policy. */
  static Object read(Path root, JsonNode f) throws IOException {
    String rel = f.get("path").asText();
    String content = Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
    String format = f.get("format").asText();
    if (format.equals("ipset")) {
      return IpSets.parse(content, rel);
    }
    IpSets sets = IpSets.none();
    if (f.has("ipsets")) {
      String setsRel = f.get("ipsets").asText();
      sets = IpSets.parse(Files.readString(root.resolve(setsRel), StandardCharsets.UTF_8), setsRel);
    }
    boolean ip6 = f.path("family").asText().equals("ip6");
    return ReaderOracle.parse(format, ip6, content, rel, sets);
  }
}
