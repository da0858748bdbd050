package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.crypto.Hex;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code medledger insurance product publish CODE TERMS.json}: an insurer publishes (a new version of) a product. */
@Command(name = "product", description = "An insurer's products.", subcommands = ProductCommand.Publish.class)
final class ProductCommand {
  @Command(name = "publish", mixinStandardHelpOptions = true, description = "Publish a product, or its next version, from its "
      + "benefit schedule in a JSON file (docs/insurance.md, CLI).")
  static final class Publish implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the product's code, e.g. basic")
    String code;

    @Parameters(index = "1", description = "the benefit schedule, a JSON file")
    Path terms;

    @Override
    public Integer call() throws Exception {
      ProductTerms t;
      try {
        t = ProductTermsJson.parse(new ObjectMapper().readTree(Files.readAllBytes(terms)));
      } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
        System.err.println("medledger: " + terms + ": " + e.getMessage());
        return 1;
      }
      return InsuranceCommand.submit(caller, "v1/insurance/products", "publishProduct", Map.of("product", code, "terms", Hex.encode(t.encode())),
          "product " + code);
    }
  }
}
