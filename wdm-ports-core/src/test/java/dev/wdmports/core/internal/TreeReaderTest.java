package dev.wdmports.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.DocumentFormat;
import dev.wdmports.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one located-tree reader and the one bounded text read under it. */
class TreeReaderTest {
  private static final TreeReader READER = new TreeReader(1024, "a test document");

  @TempDir Path dir;

  @Test
  void json_everyValueKnowsItsLineColumnAndPointer() {
    Node root =
        READER.parse(
            "{\n  \"hosts\": [\n    {\"name\": \"a\", \"port\": 80}\n  ]\n}",
            "d.json",
            DocumentFormat.JSON);
    Node port = root.find("/hosts/0/port");
    assertThat(port.pointer()).isEqualTo("/hosts/0/port");
    assertThat(port.line()).isEqualTo(3);
    assertThat(port.column()).isEqualTo(27);
    Node host = root.find("/hosts/0");
    assertThat(host.line()).isEqualTo(3);
    assertThat(host.column()).isEqualTo(5);
    assertThat(port.error("bad port"))
        .hasMessage("d.json:3:27: bad port")
        .satisfies(e -> assertThat(e.pointer()).contains("/hosts/0/port"));
  }

  @Test
  void yaml_goesThroughTheSameTree_withLocations() {
    Node root = READER.parse("hosts:\n  - name: a\n    port: 80\n", "d.yaml", DocumentFormat.YAML);
    Node port = root.find("/hosts/0/port");
    assertThat(port.pointer()).isEqualTo("/hosts/0/port");
    assertThat(port.line()).isEqualTo(3);
    assertThat(port.column()).isEqualTo(11);
    assertThat(((Node.Scalar) port).type()).isEqualTo(Node.Scalar.Type.NUMBER);
  }

  @Test
  void pointer_escapesSlashAndTilde() {
    Node root = READER.parse("{\"a/b\": {\"c~d\": 1}}", "x.json", DocumentFormat.JSON);
    assertThat(root.find("/a~1b/c~0d").pointer()).isEqualTo("/a~1b/c~0d");
  }

  @Test
  void toJson_keepsTheValuesAndNumberKinds() {
    Node root =
        READER.parse(
            "{\"i\": 1, \"l\": 5000000000, \"d\": 1.5, \"s\": \"x\", \"b\": true, \"n\": null,"
                + " \"a\": [1]}",
            "x.json",
            DocumentFormat.JSON);
    var json = root.toJson();
    assertThat(json.get("i").isInt()).isTrue();
    assertThat(json.get("l").isLong()).isTrue();
    assertThat(json.get("d").isDouble()).isTrue();
    assertThat(json.get("s").asText()).isEqualTo("x");
    assertThat(json.get("b").asBoolean()).isTrue();
    assertThat(json.get("n").isNull()).isTrue();
    assertThat(json.get("a").get(0).asInt()).isEqualTo(1);
  }

  @Test
  void nestingDeeperThanTheLimit_isRefused() {
    String deep = "[".repeat(TreeReader.MAX_DEPTH + 1) + "]".repeat(TreeReader.MAX_DEPTH + 1);
    assertThatThrownBy(() -> READER.parse(deep, "deep.json", DocumentFormat.JSON))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "deep.json:1:"
                + (TreeReader.MAX_DEPTH + 1)
                + ": exceeds a limit of the reader: Document nesting depth (65) exceeds the maximum"
                + " allowed (64)");
    String ok = "[".repeat(TreeReader.MAX_DEPTH) + "]".repeat(TreeReader.MAX_DEPTH);
    assertThat(READER.parse(ok, "ok.json", DocumentFormat.JSON)).isInstanceOf(Node.Arr.class);
  }

  @Test
  void yamlAliasWithoutAnchor_isNamedAtItsPlace() {
    assertThatThrownBy(() -> READER.parse("a: 1\nb: *nowhere\n", "d.yaml", DocumentFormat.YAML))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "d.yaml:2:4: alias *nowhere names no anchor defined before it: define &nowhere earlier,"
                + " or write the value out");
  }

  @Test
  void nonPositiveLimit_isRefused_namingIt() {
    assertThatThrownBy(() -> new TreeReader(0, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes is 0: give a positive limit");
  }

  @Test
  void documentLargerThanTheLimit_isRefused() {
    String big = "[" + "1,".repeat(600) + "1]";
    assertThatThrownBy(() -> READER.parse(big, "big.json", DocumentFormat.JSON))
        .hasMessage(
            "big.json: the file is too large (1203 characters; the limit is 1024 bytes): check that"
                + " it is the right file");
  }

  @Test
  void fileLargerThanTheLimit_isRefusedBeforeReading_namingTheOptionThatRaisesIt()
      throws IOException {
    Path f = dir.resolve("big.txt");
    Files.write(f, new byte[2000]);
    assertThatThrownBy(() -> TextFiles.read(f, 1000, "--max-x-bytes"))
        .hasMessage(
            f
                + ": the file is too large (2000 bytes; the limit is 1000 bytes): check that it is"
                + " the right file, or raise the limit (--max-x-bytes)");
  }

  @Test
  void streamLargerThanTheLimit_isRefusedOnceItPassesIt() {
    InputStream in = new ByteArrayInputStream(new byte[5000]);
    assertThatThrownBy(() -> TextFiles.read(in, "stdin", 1000, null))
        .hasMessage(
            "stdin: the file is too large (more than 1000 bytes; the limit is 1000 bytes): check"
                + " that it is the right file");
  }

  @Test
  void emptyDocument_saysWhatWasExpected() throws IOException {
    assertThatThrownBy(() -> READER.parse(" \n", "e.yaml", DocumentFormat.YAML))
        .hasMessage("e.yaml:1:1: the file is empty: expected a test document");
    Path f = dir.resolve("e.json");
    Files.writeString(f, "");
    assertThatThrownBy(() -> READER.read(f))
        .hasMessage(f + ":1:1: the file is empty: expected a test document");
    // YAML comments only are no document either.
    assertThatThrownBy(() -> READER.parse("# nothing\n", "c.yaml", DocumentFormat.YAML))
        .hasMessage("c.yaml:1:1: the file is empty: expected a test document");
  }

  @Test
  void binaryOrOtherEncodings_areNotText() throws IOException {
    Path nul = dir.resolve("nul.json");
    Files.write(nul, new byte[] {'{', 0, '}'});
    assertThatThrownBy(() -> READER.read(nul))
        .hasMessage(
            nul
                + ": is not a text file (it holds a NUL byte at offset 1): give a text file, saved"
                + " as UTF-8");
    Path utf16 = dir.resolve("utf16.json");
    Files.write(utf16, "\uFEFF{}".getBytes(StandardCharsets.UTF_16LE));
    assertThatThrownBy(() -> READER.read(utf16))
        .hasMessage(
            utf16
                + ": is not a text file (it holds UTF-16 text, which starts with a byte-order"
                + " mark): give a text file, saved as UTF-8");
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "name: café\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> READER.read(latin1))
        .hasMessage(
            latin1
                + ": is not a text file (it holds bytes that are not UTF-8): give a text file,"
                + " saved as UTF-8");
  }

  @Test
  void utf8ByteOrderMark_isDropped() throws IOException {
    Path f = dir.resolve("bom.json");
    Files.write(f, ("\uFEFF{\"a\": 1}").getBytes(StandardCharsets.UTF_8));
    assertThat(READER.read(f).find("/a").column()).isEqualTo(7);
  }

  @Test
  void missingFile_isNotFound_keepingTheCause() {
    Path missing = dir.resolve("none.yaml");
    assertThatThrownBy(() -> READER.read(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(missing + ": file not found: check the path")
        .hasCauseInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void directory_isNamedAsSuch() {
    assertThatThrownBy(() -> READER.read(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(dir + ": is a directory, not a file: give the path of a file");
  }

  @Test
  void failingStream_isInvalidInput_keepingTheIOException() {
    IOException broken = new IOException("device gone");
    InputStream in =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw broken;
          }
        };
    assertThatThrownBy(() -> TextFiles.read(in, "stdin", 1000, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("stdin: cannot read the file: device gone")
        .hasCause(broken);
  }

  @Test
  void truncatedJson_saysSo_atTheEnd() {
    assertThatThrownBy(() -> READER.parse("{\"a\": [1,", "t.json", DocumentFormat.JSON))
        .hasMessageStartingWith("t.json:1:10: file ends too early (truncated?)");
  }

  @Test
  void duplicateKeys_areRefused_atTheSecondKey() {
    assertThatThrownBy(() -> READER.parse("{\"a\": 1,\n \"a\": 2}", "k.json", DocumentFormat.JSON))
        .hasMessage("k.json:2:2: duplicate key \"a\"");
  }
}
