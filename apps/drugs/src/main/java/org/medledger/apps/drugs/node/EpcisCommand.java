package org.medledger.apps.drugs.node;

import org.medledger.node.application.ApiOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.crypto.CryptoSuites;
import org.medledger.apps.drugs.node.epcis.EpcisDocumentReader;
import org.medledger.apps.drugs.node.epcis.EpcisException;
import org.medledger.node.application.ApiOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "epcis", description = "EPCIS 2.0 documents.", subcommands = EpcisCommand.Capture.class)
final class EpcisCommand {
  @Command(name = "capture", mixinStandardHelpOptions = true,
      description = "Check an EPCISDocument (JSON-LD) here and commit its events as one drugs.capture transaction signed by your own "
          + "key (no node relays it): all events or none.")
  static final class Capture implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    ApiOptions api;

    @Option(names = "--identity", required = true, description = "folder with cert.pem and key.pem")
    Path identity;

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
      MedLedgerClient client = api.client();
      JsonNode health = client.health();
      ClientIdentity id = ClientIdentity.load(CryptoSuites.byId(health.get("suite").asText()), identity);
      client.login(id);
      JsonNode r = client.submit(new TransactionBuilder(id, health.get("chainId").asText(), Clock.systemUTC())
          .build("drugs", "capture", Map.of("events", DrugEvent.encodeList(events))), true);
      JsonNode outcome = r.path("outcome");
      boolean ok = outcome.path("success").asBoolean();
      System.out.println(ok ? "captured " + events.size() + " events at height " + r.path("height").asText() + " (transaction "
          + r.path("id").asText(r.path("txId").asText()) + ")" : "refused: " + outcome.path("code").asText() + ": " + outcome.path("message").asText());
      return ok ? 0 : 1;
    }
  }
}
