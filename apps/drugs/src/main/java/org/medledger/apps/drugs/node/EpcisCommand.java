package org.medledger.apps.drugs.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.apps.drugs.node.epcis.EpcisDocumentReader;
import org.medledger.apps.drugs.node.epcis.EpcisException;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "epcis", description = "EPCIS 2.0 documents.", subcommands = EpcisCommand.Capture.class)
final class EpcisCommand {
  @Command(name = "capture", mixinStandardHelpOptions = true,
      description = "Check an EPCISDocument (JSON-LD) here and commit its events as one drugs.capture transaction signed by your own "
          + "key (no node relays it): all events or none.")
  static final class Capture implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the EPCISDocument, a JSON-LD file")
    Path document;

    @Override
    public Integer call() throws Exception {
      List<DrugEvent> events;
      try {
        events = EpcisDocumentReader.read(new ObjectMapper().readTree(Files.readAllBytes(document)));
      } catch (EpcisException e) {
        System.err.println("medledger: " + document + ": " + e.getMessage());
        return 1;
      }
      JsonNode r = caller.login().submit(caller.sign("drugs", "capture", Map.of("events", DrugEvent.encodeList(events))), true);
      return SignedCommand.outcome(r, c -> "captured " + events.size() + " events at height " + c.path("height").asText()
          + " (transaction " + c.path("id").asText(c.path("txId").asText()) + ")");
    }
  }
}
