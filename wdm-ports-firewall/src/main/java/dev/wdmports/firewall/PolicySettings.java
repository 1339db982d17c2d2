package dev.wdmports.firewall;

/** Checks of the settings both policy builders share. */
final class PolicySettings {
  private PolicySettings() {}

  static String interfaceName(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("interface name is blank: give e.g. eth0");
    }
    return name;
  }
}
