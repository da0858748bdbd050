package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.medledger.client.ReceiptQr;
import org.medledger.client.ReceiptVerifier;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.HashFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "receipt", mixinStandardHelpOptions = true, subcommands = {ReceiptCommand.Qr.class, ReceiptCommand.Scan.class},
    description = "Receipts as QR codes for a patient's phone.")
final class ReceiptCommand {
  static HashFunction hashOf(JsonNode receipt) {
    String algorithm = receipt.path("hashAlgorithm").asText();
    return switch (algorithm) {
      case "SHA-256" -> CryptoSuites.intl().hash();
      case "SM3" -> CryptoSuites.gm().hash();
      default -> throw new IllegalArgumentException("receipt hashAlgorithm must be SHA-256 or SM3, got '" + algorithm + "'");
    };
  }

  @Command(name = "qr", mixinStandardHelpOptions = true,
      description = "Render a receipt's QR code: its digest and the address to fetch it from.")
  static final class Qr implements Callable<Integer> {
    @Parameters(index = "0", description = "receipt JSON (GET /v1/receipts/…)")
    Path receipt;

    @Option(names = "--url", required = true, description = "where the receipt can be fetched later")
    URI url;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--size", defaultValue = "400", description = "image width in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Override
    public Integer call() throws Exception {
      JsonNode r = new ObjectMapper().readTree(Files.readString(receipt));
      ReceiptQr.Payload p = ReceiptQr.payload(r, hashOf(r), url);
      Files.write(out, ReceiptQr.png(p, size));
      System.out.println("wrote " + out + ": " + p.text());
      return 0;
    }
  }

  @Command(name = "scan", mixinStandardHelpOptions = true,
      description = "Read a receipt QR code, fetch the receipt (or take --receipt), check its digest and verify it against the genesis.")
  static final class Scan implements Callable<Integer> {
    @Parameters(index = "0", description = "image of the QR code (PNG)")
    Path image;

    @Option(names = "--genesis", required = true, description = "the network's genesis.json")
    Path genesis;

    @Option(names = "--receipt", description = "the receipt file, instead of fetching it from the code's address")
    Path receipt;

    @Override
    public Integer call() throws Exception {
      ReceiptQr.Payload code = ReceiptQr.read(Files.readAllBytes(image));
      System.out.println("code: " + code.text());
      String body;
      if (receipt != null) {
        body = Files.readString(receipt);
      } else {
        HttpResponse<String> res = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
            .send(HttpRequest.newBuilder(code.url()).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
          System.out.println("FAILED check 'fetch': " + code.url() + " answered " + res.statusCode());
          return 1;
        }
        body = res.body();
      }
      JsonNode r = new ObjectMapper().readTree(body);
      var g = GenesisJson.read(Files.readString(genesis));
      if (!ReceiptQr.matches(code, r, g.cryptoSuite().hash())) {
        System.out.println("FAILED check 'digest': the receipt is not the one the code was made for");
        return 1;
      }
      return VerifyCommand.report(new ReceiptVerifier(g).verify(r));
    }
  }
}
