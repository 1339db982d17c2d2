package dev.wdmports.exporter;

/** One-line, bounded, printable text for responses and logs. */
final class Text {
  private Text() {}

  /** Replaces control characters and cuts the text to 200 characters. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && sb.length() < 200; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }
}
