/** The wdm-ports command line and the embedding examples. */
module dev.wdmports.examples {
  requires dev.wdmports.core;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;

  exports dev.wdmports.examples.cli;

  opens dev.wdmports.examples.cli to
      info.picocli;
}
