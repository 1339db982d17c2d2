package dev.wdmports.probe;

import static java.util.Objects.requireNonNull;

/**
 * A user name and password that a checker may use to log in, such as FTP {@code USER}/{@code PASS}.
 * Checkers send them only when given, and never log the password.
 *
 * <pre>{@code
 * ProbeOptions options = ProbeOptions.defaults().withCredentials(new Credentials("wdm", secret));
 * }</pre>
 *
 * @param user the user name, not blank
 * @param password the password; may be empty
 * @since 0.1.0
 */
public record Credentials(String user, String password) {
  /**
   * Validates the credentials.
   *
   * @throws IllegalArgumentException if the user is blank or either part holds a line break
   */
  public Credentials {
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    if (user.isBlank()) {
      throw new IllegalArgumentException("credentials user is blank: give a user name");
    }
    if (user.contains("\r")
        || user.contains("\n")
        || password.contains("\r")
        || password.contains("\n")) {
      throw new IllegalArgumentException(
          "credentials for user \""
              + user.replace("\r", "\\r").replace("\n", "\\n")
              + "\" contain a line break: protocols end commands with CRLF, remove it");
    }
  }

  /** Returns the user and a masked password, so that credentials never end up in logs. */
  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=****]";
  }
}
