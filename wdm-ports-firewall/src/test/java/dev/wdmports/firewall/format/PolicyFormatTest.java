package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.firewall.ChainPolicy;
import dev.wdmports.firewall.FirewallPolicy;
import dev.wdmports.firewall.RulePolicy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFormatTest {
  @TempDir Path dir;

  @Test
  void idsRoundTrip() {
    for (PolicyFormat f : PolicyFormat.values()) {
      assertThat(PolicyFormat.fromId(f.id().toUpperCase(java.util.Locale.ROOT))).isSameAs(f);
    }
    assertThat(PolicyFormat.IPTABLES_SAVE.id()).isEqualTo("iptables-save");
    assertThatThrownBy(() -> PolicyFormat.fromId("pf"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "policy format \"pf\" is not known: use iptables-save, nft-json, nft, netsh,"
                + " powershell-json or aws-sg");
  }

  @Test
  void sniff_recognizesEachFormat() {
    assertThat(PolicyFormat.sniff("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"))
        .contains(PolicyFormat.IPTABLES_SAVE);
    assertThat(PolicyFormat.sniff("{\"nftables\": []}")).contains(PolicyFormat.NFT_JSON);
    assertThat(PolicyFormat.sniff("{\"SecurityGroups\": []}")).contains(PolicyFormat.AWS_SG);
    assertThat(PolicyFormat.sniff("[{\"Name\":\"x\",\"DisplayName\":\"y\"}]"))
        .contains(PolicyFormat.POWERSHELL_JSON);
    assertThat(PolicyFormat.sniff("\r\nRule Name:  x\r\n")).contains(PolicyFormat.NETSH);
    assertThat(PolicyFormat.sniff("{\"other\": 1}")).isEmpty();
    assertThat(PolicyFormat.sniff("hello")).isEmpty();
  }

  @Test
  void read_parsesFile() throws Exception {
    Path f = dir.resolve("rules.v4");
    Files.writeString(f, "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");
    FirewallPolicy p = PolicyFormat.IPTABLES_SAVE.read(f);
    assertThat(p).isInstanceOf(ChainPolicy.class);
    assertThat(p.sourceName()).isEqualTo(f.toString());
  }

  @Test
  void read_refuses100MbFileWithoutReadingIt() throws Exception {
    Path f = dir.resolve("huge.json");
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(100L * 1024 * 1024);
    }
    assertThatThrownBy(() -> PolicyFormat.NFT_JSON.read(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            f
                + ": the file is too large (104857600 bytes; the limit is 67108864 bytes): check"
                + " that it is the right file, or raise the limit (--max-policy-bytes)");
  }

  @Test
  void read_refuses100MbStreamOnceItPassesTheLimit() {
    InputStream endless =
        new InputStream() {
          long left = 100L * 1024 * 1024;

          @Override
          public int read() {
            return left-- > 0 ? ' ' : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) ' ');
            left -= n;
            return n;
          }
        };
    assertThatThrownBy(() -> PolicyFormat.IPTABLES_SAVE.read(endless, "stdin", 1024 * 1024))
        .hasMessage(
            "stdin: the file is too large (more than 1048576 bytes; the limit is 1048576 bytes):"
                + " check that it is the right file, or raise the limit (--max-policy-bytes)");
  }

  @Test
  void read_fromStreamWithinLimit() {
    byte[] b = "*filter\n:INPUT DROP [0:0]\nCOMMIT\n".getBytes(StandardCharsets.UTF_8);
    assertThat(
            ((ChainPolicy) PolicyFormat.IPTABLES_SAVE.read(new ByteArrayInputStream(b), "s", 1000))
                .chains())
        .hasSize(1);
  }

  @Test
  void read_missingFile_isInvalidInput_namingTheFile() {
    assertThatThrownBy(() -> PolicyFormat.IPTABLES_SAVE.read(dir.resolve("none")))
        .isInstanceOf(dev.wdmports.core.InvalidInputException.class)
        .hasMessage(dir.resolve("none") + ": file not found: check the path");
  }

  @Test
  void parse_dispatchesToEachParser() {
    assertThat(((ChainPolicy) PolicyFormat.NFT_JSON.parse("{\"nftables\": []}", "x")).chains())
        .isEmpty();
    assertThat(((RulePolicy) PolicyFormat.AWS_SG.parse("{\"SecurityGroups\": []}", "x")).rules())
        .isEmpty();
    assertThat(((RulePolicy) PolicyFormat.POWERSHELL_JSON.parse("[]", "x")).rules()).isEmpty();
    assertThat(
            ((RulePolicy)
                    PolicyFormat.NETSH.parse("\nNo rules match the specified criteria.\n", "x"))
                .rules())
        .isEmpty();
  }

  @Test
  void read_emptyFile_givesTheOneEmptyMessage_namingWhatTheFormatExpects() throws Exception {
    Path f = dir.resolve("empty");
    Files.writeString(f, "  \n");
    assertThatThrownBy(() -> PolicyFormat.IPTABLES_SAVE.read(f))
        .hasMessage(
            f
                + ":1:1: the file is empty: expected iptables-save output (*filter, chains, rules,"
                + " COMMIT)");
    assertThatThrownBy(() -> PolicyFormat.NFT_JSON.read(f))
        .hasMessage(f + ":1:1: the file is empty: expected the JSON of nft -j list ruleset");
    assertThatThrownBy(() -> PolicyFormat.POWERSHELL_JSON.read(f))
        .hasMessage(
            f
                + ":1:1: the file is empty: expected the JSON of Get-NetFirewallRule | ConvertTo-Json");
    assertThatThrownBy(() -> PolicyFormat.AWS_SG.read(f))
        .hasMessage(
            f + ":1:1: the file is empty: expected the JSON of aws ec2 describe-security-groups");
    assertThatThrownBy(() -> PolicyFormat.NETSH.read(f))
        .hasMessage(
            f
                + ":1:1: the file is empty: expected netsh advfirewall firewall show rule name=all"
                + " verbose output");
    // nft list ruleset prints nothing for a host without rules.
    assertThat(((ChainPolicy) PolicyFormat.NFT.read(f)).chains()).isEmpty();
  }

  @Test
  void read_directoryAndBinaryFile_areNamedAsSuch() throws Exception {
    assertThatThrownBy(() -> PolicyFormat.NFT_JSON.read(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(dir + ": is a directory, not a file: give the path of a file");
    Path utf16 = dir.resolve("rules.json");
    Files.write(utf16, "\uFEFF[]".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> PolicyFormat.POWERSHELL_JSON.read(utf16))
        .hasMessage(
            utf16
                + ": is not a text file (it holds UTF-16 text, which starts with a byte-order"
                + " mark): give a text file, saved as UTF-8");
    assertThatThrownBy(() -> IpSets.read(dir))
        .hasMessage(dir + ": is a directory, not a file: give the path of a file");
  }

  @Test
  void read_utf8ExportWithByteOrderMark_isRead() throws Exception {
    Path f = dir.resolve("rules.json");
    Files.write(
        f,
        "\uFEFF[{\"DisplayName\":\"x\",\"Direction\":1,\"Action\":2}]"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(((RulePolicy) PolicyFormat.POWERSHELL_JSON.read(f)).rules()).hasSize(1);
  }

  @Test
  void read_failingStream_isInvalidInput_keepingTheIOException() {
    java.io.IOException broken = new java.io.IOException("connection reset");
    InputStream in =
        new InputStream() {
          @Override
          public int read() throws java.io.IOException {
            throw broken;
          }
        };
    assertThatThrownBy(() -> PolicyFormat.IPTABLES_SAVE.read(in, "stdin", 1000))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("stdin: cannot read the file: connection reset")
        .hasCause(broken);
  }

  @Test
  void jsonFormats_locateFaultsThroughTheOneReader() {
    assertThatThrownBy(
            () ->
                PolicyFormat.AWS_SG.parse(
                    "{\"SecurityGroups\": [],\n \"SecurityGroups\": []}", "g"))
        .hasMessage("g:2:2: duplicate key \"SecurityGroups\"");
    String deep = "{\"nftables\": " + "[".repeat(70) + "]".repeat(70) + "}";
    assertThatThrownBy(() -> PolicyFormat.NFT_JSON.parse(deep, "n.json"))
        .hasMessageStartingWith("n.json:1:")
        .hasMessageContaining("exceeds a limit of the reader: Document nesting depth");
  }
}
