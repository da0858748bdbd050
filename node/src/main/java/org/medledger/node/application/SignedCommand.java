package org.medledger.node.application;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every application subcommand that acts as a member shares, as a picocli mixin: which node
 * ({@link ApiOptions}), whose key ({@code --identity}), logging in with it, signing the member's
 * own transaction of an application, the body the application routes take for one, and printing
 * the outcome as the CLI prints every outcome. The applications' commands differ only in their
 * arguments and in what they print of an answer, so that is all they keep.
 */
public final class SignedCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin
  public ApiOptions api;

  @Option(names = "--identity", required = true, description = "folder with cert.pem and key.pem")
  public Path identity;

  private MedLedgerClient client;
  private ClientIdentity id;
  private String chainId;

  /**
   * Reaches the node, loads the member's key in the node's crypto suite (the node's health says
   * which, so one identity folder serves whichever suite the consortium chose) and logs in.
   */
  public MedLedgerClient login() throws IOException {
    client = api.client();
    JsonNode health = client.health();
    id = ClientIdentity.load(CryptoSuites.byId(health.get("suite").asText()), identity);
    chainId = health.get("chainId").asText();
    client.login(id);
    return client;
  }

  /**
   * The client, logging in first only if this command has not yet: a command that reads and then
   * writes signs in once (the node counts sign-ins against an address).
   */
  public MedLedgerClient signedIn() throws IOException {
    return client != null ? client : login();
  }

  /** The member logged in, for commands that sign something besides a transaction. */
  public ClientIdentity id() {
    return loggedIn(id);
  }

  /** The chain the node serves, as its health named it at {@link #login()}. */
  public String chainId() {
    return loggedIn(chainId);
  }

  /** The client {@link #login()} answered. */
  public MedLedgerClient client() {
    return loggedIn(client);
  }

  /** {@code application.method(args)}, signed with the member's own key for the node's chain. */
  public Transaction sign(String application, String method, Map<String, String> args) {
    return new TransactionBuilder(id(), chainId, Clock.systemUTC()).build(application, method, args);
  }

  /**
   * Signs {@code application.method(args)} with the member's own key, submits it through the
   * node's transaction route and waits for its block: the receipt, committed or refused.
   */
  public JsonNode submit(String application, String method, Map<String, String> args) throws IOException {
    MedLedgerClient c = signedIn();
    return c.submit(sign(application, method, args), true);
  }

  /** The body of an application route that takes a member's own signed transaction. */
  public static ObjectNode body(Transaction tx) {
    return JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
  }

  /** Prints {@code what TX committed at height H}, or the refusal; exit code 0 or 1. */
  public static int outcome(JsonNode receipt, String what) {
    return outcome(receipt, r -> what + " " + r.get("txId").asText() + " committed at height " + r.path("height").asText());
  }

  /** Prints {@code what: transaction TX committed at height H}, or the refusal; exit code 0 or 1. */
  public static int transactionOutcome(JsonNode receipt, String what) {
    return outcome(receipt, r -> what + ": transaction " + r.get("txId").asText() + " committed at height "
        + r.path("height").asText());
  }

  /**
   * Prints the line {@code committed} makes of a committed receipt, or {@code refused: CODE:
   * message} for a refused one (the contract's answer, not an error: standard output, exit 1).
   */
  public static int outcome(JsonNode receipt, Function<JsonNode, String> committed) {
    JsonNode o = receipt.path("outcome");
    if (o.path("success").asBoolean()) {
      System.out.println(committed.apply(receipt));
      return 0;
    }
    System.out.println("refused: " + o.path("code").asText() + ": " + o.path("message").asText());
    return 1;
  }

  /** A subcommand's work, which may meet the API's refusal. */
  @FunctionalInterface
  public interface Action {
    int run() throws Exception;
  }

  /** Runs it, failing as the CLI does on the API's refusal: {@code medledger: why} on standard error, exit 1. */
  public static int answered(Action action) throws Exception {
    try {
      return action.run();
    } catch (ApiException e) {
      return failed(e);
    }
  }

  /** Prints why a command failed and answers exit code 1. */
  public static int failed(Exception e) {
    System.err.println("medledger: " + e.getMessage());
    return 1;
  }

  private static <T> T loggedIn(T value) {
    if (value == null) {
      throw new IllegalStateException("the command has not logged in yet: call login() first");
    }
    return value;
  }
}
