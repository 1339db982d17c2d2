package dev.wdmports.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wdmports.core.InvalidInputException;
import dev.wdmports.core.catalog.Catalogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML syntax errors keep SnakeYAML's own cause, point at the place that needs the fix and say what
 * to do; a file that is not text says so (the reader is shared by deployments and catalogs).
 */
class YamlSyntaxErrorTest {
  private static InvalidInputException fails(String yaml) {
    try {
      Deployments.parse(yaml, "d.yaml", Catalogs.wdm());
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidInputException for:\n" + yaml);
  }

  private static InvalidInputException readFails(Path file) {
    try {
      Deployments.read(file, Catalogs.wdm());
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidInputException for " + file);
  }

  @Test
  void tab_pointsAtTheTab_keepsTheCause_andSaysToIndentWithSpaces() {
    InvalidInputException e = fails("name: x\nhosts:\n  - name: a\n\taddress: 10.0.0.1\n");
    assertThat(e)
        .hasMessage(
            "d.yaml:4:1: malformed YAML: found character '\\t' that cannot start any token"
                + " (indent with spaces, not tabs)");
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void unclosedList_keepsTheCause_andPointsAtItsBracket() {
    assertThat(fails("hosts:\n  - name: a\n    address: 10.0.0.1\n    runs: [gui\n"))
        .hasMessage(
            "d.yaml:4:11: malformed YAML: expected ',' or ']', but got <stream end>, in the [...]"
                + " list that starts here (close the list with ']', or separate its items with"
                + " ',')");
  }

  @Test
  void unclosedListFollowedByMore_pointsAtWhatWasFound_andNamesWhereTheListStarts() {
    assertThat(
            fails(
                "hosts:\n  - name: a\n    address: 10.0.0.1\n    runs: [gui, web-agent\n"
                    + "  - name: b\n"))
        .hasMessage(
            "d.yaml:5:9: malformed YAML: expected ',' or ']', but got :, in the [...] list that"
                + " starts at line 4, column 11 (close the list with ']', or separate its items"
                + " with ',')");
  }

  @Test
  void otherSyntaxErrors_sayWhatToDo() {
    assertThat(fails("name: a: b\n"))
        .hasMessage(
            "d.yaml:1:8: malformed YAML: mapping values are not allowed here (quote a value that"
                + " contains \": \", or start a nested mapping on a new line)");
    assertThat(fails("name: 'unclosed\n"))
        .hasMessage(
            "d.yaml:1:7: malformed YAML: found unexpected end of stream, in the quoted string that"
                + " starts here (close the quote)");
    assertThat(fails("name: x\nhosts:\n  - name: a\n runs: [gui]\n"))
        .hasMessageStartingWith("d.yaml:4:2: malformed YAML: expected <block end>, but found")
        .hasMessageEndingWith(
            " (check the indentation: the keys of one mapping, and the items of one list, start"
                + " in the same column)");
  }

  @Test
  void controlCharacter_isNamedWithItsPlace() {
    assertThat(fails("name: x\nhosts: []\nbad: \"a\u0007b\"\n"))
        .hasMessage(
            "d.yaml:3:8: malformed YAML: character U+0007 is not allowed in YAML text (remove it;"
                + " in a double-quoted string, write it as an escape such as \\x07)");
  }

  @Test
  void binaryFile_isNotATextFile(@TempDir Path dir) throws Exception {
    Path nul = dir.resolve("nul.yaml");
    Files.write(nul, new byte[] {'n', 'a', 'm', 'e', ':', ' ', 0, 1, 2, (byte) 0x89, 'P', 'N'});
    assertThat(readFails(nul))
        .hasMessage(
            nul
                + ": is not a text file (it holds a NUL byte at offset 6): give a text file, saved"
                + " as UTF-8");
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "name: café\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(readFails(latin1))
        .hasMessage(
            latin1
                + ": is not a text file (it holds bytes that are not UTF-8): give a text file,"
                + " saved as UTF-8");
    assertThat(fails("name: x\u0000"))
        .hasMessage(
            "d.yaml: is not a text file (it holds a NUL character at offset 7): give a text"
                + " file, saved as UTF-8");
  }
}
