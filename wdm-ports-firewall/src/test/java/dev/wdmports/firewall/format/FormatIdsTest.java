package dev.wdmports.firewall.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wdmports.core.InvalidInputException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The firewall enums spell and read their ids the way the rest of the model does. */
class FormatIdsTest {
  @Test
  void policyFormatIds_areLowerCaseWithDashes_andReadBackInAnyCaseAndLocale() {
    assertThat(PolicyFormat.POWERSHELL_JSON.id()).isEqualTo("powershell-json");
    Locale before = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr"));
    try {
      for (PolicyFormat f : PolicyFormat.values()) {
        assertThat(PolicyFormat.fromId(" " + f.id().toUpperCase(Locale.ROOT) + " ")).isSameAs(f);
      }
      assertThat(PolicyFormat.IPTABLES_SAVE.id()).isEqualTo("iptables-save");
    } finally {
      Locale.setDefault(before);
    }
    assertThatThrownBy(() -> PolicyFormat.fromId("nope"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\"nope\" is not known: use iptables-save");
  }

  @Test
  void generatorIds_readBackInAnyCase() {
    for (FirewallGenerator g : FirewallGenerator.values()) {
      assertThat(FirewallGenerator.fromId(g.id().toUpperCase(Locale.ROOT))).isSameAs(g);
    }
    assertThatThrownBy(() -> FirewallGenerator.fromId("pf"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\"pf\" is not known");
  }
}
