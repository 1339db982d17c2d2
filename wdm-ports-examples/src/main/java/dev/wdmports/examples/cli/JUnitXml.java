package dev.wdmports.examples.cli;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML (the Ant/Surefire format CI servers read): test suites of test cases that pass or fail.
 */
final class JUnitXml {
  private record Case(
      String name, String className, double seconds, String failure, String detail) {}

  private record Suite(String name, List<Case> cases) {}

  private final List<Suite> suites = new ArrayList<>();

  JUnitXml suite(String name) {
    suites.add(new Suite(name, new ArrayList<>()));
    return this;
  }

  JUnitXml pass(String name, String className, double seconds) {
    suites.get(suites.size() - 1).cases().add(new Case(name, className, seconds, null, null));
    return this;
  }

  JUnitXml fail(String name, String className, double seconds, String message, String detail) {
    suites.get(suites.size() - 1).cases().add(new Case(name, className, seconds, message, detail));
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
        long failures = s.cases().stream().filter(c -> c.failure() != null).count();
        w.writeCharacters("\n  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", s.name());
        w.writeAttribute("tests", Integer.toString(s.cases().size()));
        w.writeAttribute("failures", Long.toString(failures));
        w.writeAttribute("errors", "0");
        w.writeAttribute("skipped", "0");
        for (Case c : s.cases()) {
          w.writeCharacters("\n    ");
          w.writeStartElement("testcase");
          w.writeAttribute("name", c.name());
          w.writeAttribute("classname", c.className());
          w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", c.seconds()));
          if (c.failure() != null) {
            w.writeCharacters("\n      ");
            w.writeStartElement("failure");
            w.writeAttribute("message", c.failure());
            w.writeCharacters(c.detail() == null ? c.failure() : c.detail());
            w.writeEndElement();
            w.writeCharacters("\n    ");
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
