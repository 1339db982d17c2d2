package dev.wdmports.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeTargetsTest {

  private static List<String> hosts(ProbeTargets t) {
    return StreamSupport.stream(t.spliterator(), false).map(ProbeTarget::host).toList();
  }

  private static List<ProbeTarget> all(ProbeTargets t) {
    List<ProbeTarget> out = new ArrayList<>();
    t.forEach(out::add);
    return out;
  }

  @Test
  void cidr_expandsEveryAddress_inOrder_portsWithinAddress() {
    ProbeTargets t = ProbeTargets.parse("10.10.8.0/30:443,80/tcp");
    assertThat(t.size()).isEqualTo(8);
    assertThat(all(t))
        .extracting(ProbeTarget::toString)
        .containsExactly(
            "10.10.8.0:80/tcp",
            "10.10.8.0:443/tcp",
            "10.10.8.1:80/tcp",
            "10.10.8.1:443/tcp",
            "10.10.8.2:80/tcp",
            "10.10.8.2:443/tcp",
            "10.10.8.3:80/tcp",
            "10.10.8.3:443/tcp");
    assertThat(t.isExpanded()).isTrue();
  }

  @Test
  void range_includesBothEnds_acrossOctets() {
    ProbeTargets t = ProbeTargets.parse("10.10.8.254-10.10.9.1:80/tcp");
    assertThat(hosts(t)).containsExactly("10.10.8.254", "10.10.8.255", "10.10.9.0", "10.10.9.1");
  }

  @Test
  void shortRange_endsAtTheLastOctetGiven_asNmapWritesIt() {
    assertThat(hosts(ProbeTargets.parse("10.10.8.253-255:80/tcp")))
        .containsExactly("10.10.8.253", "10.10.8.254", "10.10.8.255");
    assertThat(ProbeTargets.parse("10.10.8.1-254:80/tcp").size()).isEqualTo(254);
    assertThat(hosts(ProbeTargets.parse("10.10.8.7-7:80/tcp"))).containsExactly("10.10.8.7");
    ProbeTargets t = ProbeTargets.parse("10.10.8.0/24:80/tcp").excluding(List.of("10.10.8.2-255"));
    assertThat(hosts(t)).containsExactly("10.10.8.0", "10.10.8.1");
  }

  @Test
  void singleHost_yieldsWhatProbeTargetParseYields_andIsNotExpanded() {
    for (String spec : List.of("127.0.0.1:8080,80/http", "[::1]:21/ftp", "db.example:1433/TDS")) {
      ProbeTargets t = ProbeTargets.parse(spec);
      assertThat(all(t)).containsExactlyElementsOf(ProbeTarget.parse(spec));
      assertThat(t.isExpanded()).isFalse();
    }
    assertThat(ProbeTargets.parse("10.0.0.5/32:80/tcp").isExpanded()).isTrue();
    assertThat(ProbeTargets.parse("10.0.0.5-10.0.0.5:80/tcp").isExpanded()).isTrue();
  }

  @Test
  void ipv6_networkUpToTheLimit_expands_compressed() {
    ProbeTargets t = ProbeTargets.parse("[2001:db8::/126]:80/tcp");
    assertThat(hosts(t)).containsExactly("2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3");
    assertThat(ProbeTargets.parse("[2001:db8::/112]:80/tcp").size()).isEqualTo(65_536);
    assertThat(ProbeTargets.parse("[2001:db8::1-2001:db8::3]:80/tcp").size()).isEqualTo(3);
  }

  @Test
  void ipv6_networkOverTheLimit_isRefused_namingTheLimitAndSample() {
    ProbeTargets t = ProbeTargets.parse("[2001:db8::/64]:80/tcp");
    assertThat(t.addresses()).isEqualTo(BigInteger.ONE.shiftLeft(64));
    assertThatThrownBy(t::size)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "target \"[2001:db8::/64]:80/tcp\" has 18,446,744,073,709,551,616 IPv6 addresses,"
                + " more than the 65,536 (a /112) probed in full: probe a /112 or smaller, or pick"
                + " some with --sample N");
    assertThatThrownBy(t::iterator).isInstanceOf(InvalidInputException.class);
    ProbeTargets s = t.sample(100, 7);
    assertThat(s.size()).isEqualTo(100);
    assertThat(hosts(s)).allMatch(h -> h.startsWith("2001:db8::")).doesNotHaveDuplicates();
  }

  @Test
  void slash8_isLazy_sizeIsExact_andTheFirstTenComeWithoutListingTheRest() {
    ProbeTargets t = ProbeTargets.parse("10.0.0.0/8:80/tcp");
    assertThat(t.size()).isEqualTo(16_777_216L);
    Iterator<ProbeTarget> it = t.iterator();
    List<String> first = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      first.add(it.next().host());
    }
    assertThat(first).startsWith("10.0.0.0", "10.0.0.1").endsWith("10.0.0.9");
    // A /0 is 2^32 addresses: a materialising iterator could not even allocate it.
    ProbeTargets everything = ProbeTargets.parse("0.0.0.0/0:1-65535/tcp");
    assertThat(everything.size()).isEqualTo((1L << 32) * 65_535);
    assertThat(everything.iterator().next()).hasToString("0.0.0.0:1/tcp");
  }

  @Test
  void exclude_takesOutAddressesCidrsAndRanges_andSizeFollows() {
    ProbeTargets t =
        ProbeTargets.parse("10.0.0.0/28:80/tcp")
            .excluding(List.of("10.0.0.0", "10.0.0.4/30", "10.0.0.10-10.0.0.20", "192.168.0.0/16"));
    assertThat(hosts(t))
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.8", "10.0.0.9");
    assertThat(t.size()).isEqualTo(5);
    assertThat(t.isExpanded()).isTrue();
    assertThat(ProbeTargets.parse("10.0.0.0/30:80/tcp").excluding(List.of("10.0.0.0/24")).size())
        .isZero();
    assertThat(hosts(ProbeTargets.parse("[::1]:80/tcp").excluding(List.of("[::1]")))).isEmpty();
  }

  @Test
  void exclude_ofIpv6_bringsANetworkUnderTheLimit() {
    ProbeTargets t =
        ProbeTargets.parse("[2001:db8::/111]:80/tcp").excluding(List.of("2001:db8::1:0/112"));
    assertThat(t.size()).isEqualTo(65_536);
  }

  @Test
  void badExclusion_namesItAndTheFix() {
    ProbeTargets t = ProbeTargets.parse("10.0.0.0/24:80/tcp");
    assertThatThrownBy(() -> t.excluding(List.of("db.example")))
        .hasMessage(
            "exclusion \"db.example\" is not an address, CIDR or range: write e.g. 10.0.0.5,"
                + " 10.0.0.0/24 or 10.0.0.10-10.0.0.20");
    assertThatThrownBy(() -> t.excluding(List.of("10.0.0.9-10.0.0.1")))
        .hasMessageStartingWith("exclusion \"10.0.0.9-10.0.0.1\": range")
        .hasMessageEndingWith("ends before it starts: write the lower address first");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.10.8.0/33:80/tcp | target \"10.10.8.0/33:80/tcp\": address \"10.10.8.0/33\" has prefix length /33, out of range 0..32",
        "10.10.8.9-10.10.8.1:80/tcp | target \"10.10.8.9-10.10.8.1:80/tcp\": range \"10.10.8.9-10.10.8.1\" ends before it starts: write the lower address first",
        "10.10.8.1-db.example:80/tcp | target \"10.10.8.1-db.example:80/tcp\": range \"10.10.8.1-db.example\" needs an IP address at both ends, or a last octet after an IPv4 one: write e.g. 10.10.8.10-10.10.9.20 or 10.10.8.10-20",
        "10.10.8.10-256:80/tcp | target \"10.10.8.10-256:80/tcp\": range \"10.10.8.10-256\" ends at octet 256, over 255: write e.g. 10.10.8.10-254, or both addresses",
        "10.10.8.10-9:80/tcp | target \"10.10.8.10-9:80/tcp\": range \"10.10.8.10-9\" ends before it starts: write the lower address first",
        "[2001:db8::1-20]:80/tcp | target \"[2001:db8::1-20]:80/tcp\": range \"2001:db8::1-20\" needs an IP address at both ends, or a last octet after an IPv4 one",
        "[::1-10.0.0.1]:80/tcp | target \"[::1-10.0.0.1]:80/tcp\": range \"::1-10.0.0.1\" mixes IPv4 and IPv6: give both ends in one family",
        "10.10.8.0/22:0/tcp | target \"10.10.8.0/22:0/tcp\": port 0 out of range 1..65535",
        "10.10.8.0/22:80 | target \"10.10.8.0/22:80\" has no checker",
        "10.10.8.0/22/tcp | target \"10.10.8.0/22/tcp\" has no port",
      })
  void badSpec_namesTheSpecAndThePart(String spec, String message) {
    assertThatThrownBy(() -> ProbeTargets.parse(spec))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void file_readsOneSpecALine_skippingCommentsAndBlankLines(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("devices.txt");
    Files.writeString(
        f, "# the lab\n\n10.0.0.0/31:80/tcp   # two\n  10.0.1.5:22/tcp\n[::1]:80/tcp\n");
    ProbeTargets t = ProbeTargets.parse(List.of("@" + f, "10.0.2.1:80/tcp"));
    assertThat(all(t))
        .extracting(ProbeTarget::toString)
        .containsExactly(
            "10.0.0.0:80/tcp",
            "10.0.0.1:80/tcp",
            "10.0.1.5:22/tcp",
            "[::1]:80/tcp",
            "10.0.2.1:80/tcp");
    assertThat(t.isExpanded()).isTrue();
  }

  @Test
  void file_errorsNameTheFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("devices.txt");
    Files.writeString(f, "10.0.0.0/31:80/tcp\n# fine\n10.0.0.0/40:80/tcp\n");
    assertThatThrownBy(() -> ProbeTargets.parse("@" + f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(f + ":3: target \"10.0.0.0/40:80/tcp\": address")
        .satisfies(e -> assertThat(((InvalidInputException) e).line()).isEqualTo(3));
    Files.writeString(f, "@other.txt\n");
    assertThatThrownBy(() -> ProbeTargets.parse("@" + f))
        .hasMessage(f + ":1: \"@other.txt\": a target file does not name other files");
    assertThatThrownBy(() -> ProbeTargets.parse("@" + dir.resolve("missing.txt")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(dir.resolve("missing.txt") + ": file not found: check the path");
    assertThatThrownBy(() -> ProbeTargets.parse("@" + dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(dir + ": is a directory, not a file: give the path of a file");
  }

  @Test
  void parse_refusesATargetFileOverItsLimit_beforeReadingIt(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.txt");
    try (FileChannel ch =
        FileChannel.open(big, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {'\n'}), ProbeTargets.MAX_FILE_BYTES); // a sparse file
    }
    assertThatThrownBy(() -> ProbeTargets.parse("@" + big))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            big
                + ": the file is too large ("
                + (ProbeTargets.MAX_FILE_BYTES + 1)
                + " bytes; the limit is 16777216 bytes): check that it is the right file");
  }

  @Test
  void parse_refusesAnAtWithoutAFileName() {
    assertThatThrownBy(() -> ProbeTargets.parse("@"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("target \"@\" names no file: write @FILE, e.g. @devices.txt");
  }

  @Test
  void sample_picksNDistinctAddressesInRange_reproduciblyBySeed() {
    ProbeTargets t = ProbeTargets.parse("10.0.0.0/8:80,443/tcp");
    ProbeTargets s = t.sample(256, 12345L);
    assertThat(s.addresses()).isEqualTo(BigInteger.valueOf(256));
    assertThat(s.size()).isEqualTo(512);
    List<String> picked = hosts(s).stream().distinct().toList();
    assertThat(picked).hasSize(256).allMatch(h -> h.startsWith("10."));
    assertThat(hosts(t.sample(256, 12345L)).stream().distinct().toList()).isEqualTo(picked);
    assertThat(hosts(t.sample(256, 54321L)).stream().distinct().toList()).isNotEqualTo(picked);
    // Sorted, as the targets are.
    List<Long> numbers =
        picked.stream().map(h -> Aggregator.number(h).orElseThrow().longValueExact()).toList();
    assertThat(numbers).isSorted();
  }

  @Test
  void sample_spansSpecsAndRespectsExclusions_andKeepsAllWhenNIsLarger() {
    ProbeTargets t =
        ProbeTargets.parse(List.of("10.0.0.0/28:80/tcp", "10.0.1.0/28:80/tcp"))
            .excluding(List.of("10.0.0.0/29"));
    Set<String> allowed = new HashSet<>(hosts(t));
    for (long seed = 0; seed < 20; seed++) {
      List<String> s = hosts(t.sample(10, seed));
      assertThat(s).hasSize(10).doesNotHaveDuplicates();
      assertThat(allowed).containsAll(s);
    }
    assertThat(hosts(t.sample(1000, 1))).containsExactlyElementsOf(hosts(t));
    assertThatThrownBy(() -> t.sample(0, 1)).hasMessageContaining("out of range 1..1000000");
  }

  @Test
  void withOptions_appliesToEveryTarget() {
    ProbeOptions o = ProbeOptions.defaults().withTlsInsecure(true);
    assertThat(all(ProbeTargets.parse("10.0.0.0/30:443/https").withOptions(o)))
        .allMatch(t -> t.options().equals(o));
  }

  @Test
  void checkers_nameTheFirstSpecOfEach() {
    assertThat(
            ProbeTargets.parse(
                    List.of("10.0.0.0/30:443/https", "h.example:80/tcp", "10.1.0.1:1/tcp"))
                .checkers())
        .containsExactly(
            java.util.Map.entry("https", "10.0.0.0/30:443/https"),
            java.util.Map.entry("tcp", "h.example:80/tcp"));
  }
}
