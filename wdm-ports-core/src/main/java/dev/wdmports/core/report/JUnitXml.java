package dev.wdmports.core.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * JUnit XML (the Ant/Surefire format CI servers read): test suites of test cases that pass, fail or
 * are skipped. Whatever was not verified (a flow not checked, a verdict or an operation that is
 * {@code UNKNOWN}) is a {@code <skipped message="why"/>} or a failure, never a passing case.
 */
final class JUnitXml {
  private enum Outcome {
    PASSED,
    FAILED,
    SKIPPED
  }

  private record Case(
      String name,
      String className,
      double seconds,
      Outcome outcome,
      @Nullable String message,
      @Nullable String detail) {}

  private record Suite(String name, List<Case> cases) {}

  private final List<Suite> suites = new ArrayList<>();

  JUnitXml suite(String name) {
    suites.add(new Suite(name, new ArrayList<>()));
    return this;
  }

  JUnitXml pass(String name, String className, double seconds) {
    return add(new Case(name, className, seconds, Outcome.PASSED, null, null));
  }

  JUnitXml fail(
      String name, String className, double seconds, String message, @Nullable String detail) {
    return add(new Case(name, className, seconds, Outcome.FAILED, message, detail));
  }

  /** A case that was not verified; {@code why} says why (becomes the message attribute). */
  JUnitXml skip(String name, String className, double seconds, String why) {
    return add(new Case(name, className, seconds, Outcome.SKIPPED, why, null));
  }

  private JUnitXml add(Case c) {
    suites.get(suites.size() - 1).cases().add(c);
    return this;
  }

  String write() {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuites");
      for (Suite s : suites) {
        long failures = s.cases().stream().filter(c -> c.outcome() == Outcome.FAILED).count();
        long skipped = s.cases().stream().filter(c -> c.outcome() == Outcome.SKIPPED).count();
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", s.name());
        w.writeAttribute("tests", Integer.toString(s.cases().size()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", "0");
        w.writeAttribute("skipped", Long.toString(skipped));
        for (Case c : s.cases()) {
          w.writeCharacters("\n    ");
          w.writeStartElement("testcase");
          w.writeAttribute("name", c.name());
          w.writeAttribute("classname", c.className());
          w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", c.seconds()));
          switch (c.outcome()) {
            case PASSED -> {}
            case FAILED -> {
              w.writeCharacters("\n      ");
              w.writeStartElement("failure");
              w.writeAttribute("message", c.message());
              w.writeCharacters(
                  c.detail() == null || c.detail().isEmpty() ? c.message() : c.detail());
              w.writeEndElement();
              w.writeCharacters("\n    ");
            }
            case SKIPPED -> {
              w.writeCharacters("\n      ");
              w.writeEmptyElement("skipped");
              w.writeAttribute("message", c.message());
              w.writeCharacters("\n    ");
            }
          }
          w.writeEndElement();
        }
        w.writeCharacters("\n  ");
        w.writeEndElement();
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write JUnit XML", e);
    }
    return out.toString();
  }
}
