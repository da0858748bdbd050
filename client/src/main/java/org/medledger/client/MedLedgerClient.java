package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.medledger.apps.records.contract.audit.ReadRequest;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;

/** A node's REST API from Java: login with a certificate, submit, read blocks and proofs. */
public final class MedLedgerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final URI base;
  private volatile String token;

  /** Null for plain HTTP on loopback. */
  private final ApiServerTrust trust;

  /**
   * A client of a node's API over plain HTTP on this host only ({@code http://127.0.0.1:…}, a
   * node whose operator chose api.plainHttp); any other address needs {@link
   * #MedLedgerClient(String, ApiServerTrust)}, so tokens and records never cross a network in clear.
   */
  public MedLedgerClient(String baseUrl) {
    this(baseUrl, null);
  }

  /**
   * A client of a node's API over HTTPS, believing only a server certificate {@code trust}
   * accepts (a genesis CA's, for the dialled host). Its logins sign only a challenge naming the
   * validator whose API certificate the server showed, unless {@link #expectingNode} names one.
   */
  public MedLedgerClient(String baseUrl, ApiServerTrust trust) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.trust = trust;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
    if ("https".equals(base.getScheme())) {
      if (trust == null) {
        throw new IllegalArgumentException(baseUrl + " is HTTPS: give the client the consortium's trust "
            + "(ApiServerTrust.read(genesis.json)) to check the server's certificate");
      }
      b.sslContext(trust.sslContext());
    } else if (!"http".equals(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException("'" + baseUrl + "' is not an http(s)://host:port URL");
    } else if (!isLoopback(base.getHost())) {
      throw new IllegalArgumentException(baseUrl + " is plain HTTP to another host: a node API off loopback is "
          + "HTTPS only (https://" + base.getRawAuthority() + ")");
    }
    this.http = b.build();
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.equals("::1") || h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
  }

  /** The certificate the server showed on the last answer over HTTPS. */
  private volatile java.security.cert.X509Certificate serverCertificate;

  private volatile String expectedNode;

  /**
   * The certificate id of the node this client means to talk to (a genesis validator's). A
   * login then signs only a challenge naming that node, so a node that relays another node's
   * challenge gets nothing it can use. Without it the client takes the node's word for its id.
   */
  public MedLedgerClient expectingNode(String nodeCertificateIdHex) {
    this.expectedNode = nodeCertificateIdHex.toLowerCase(java.util.Locale.ROOT);
    return this;
  }

  /**
   * The text a login signs, built here from its parts (never the server's text as given), each
   * checked so that the text has one reading.
   */
  static byte[] challengeText(String chainId, String node, String challenge, String expectedNode) {
    if (!chainId.matches("[a-z0-9][a-z0-9.\\-]{0,63}") || !node.matches("[0-9a-f]{64}") || !challenge.matches("[0-9a-f]{64}")) {
      throw new ApiException(0, "bad_challenge", "the server's challenge is malformed (chainId '" + chainId + "', node '"
          + node + "'); not signing it");
    }
    if (expectedNode != null && !expectedNode.equals(node)) {
      throw new ApiException(0, "wrong_node", "the challenge names node " + node + " but this client talks to node "
          + expectedNode + ": a relayed login; not signing it");
    }
    return ("medledger-auth/v2:" + chainId + ":" + node + ":" + challenge).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The node a login's challenge must name: the one set with {@link #expectingNode}, else over
   * HTTPS the validator whose API certificate the server just showed (so a node relaying another
   * node's challenge is caught), else (plain HTTP on loopback) none.
   */
  private String loginNode() {
    if (expectedNode != null || trust == null) {
      return expectedNode;
    }
    return java.util.Optional.ofNullable(serverCertificate).flatMap(trust::validatorOf).map(org.medledger.crypto.Hash::hex).orElseThrow(() -> new ApiException(0, "unknown_node",
        "the API server's certificate names no genesis validator, so this client cannot tell which node's challenge "
            + "to sign; name it with expectingNode (the CLI: --expect-node)"));
  }

  public MedLedgerClient withToken(String bearer) {
    this.token = bearer;
    return this;
  }

  public String token() {
    return token;
  }

  /** Proves possession of the identity's key and keeps the token for later calls. */
  public String login(ClientIdentity id) {
    readSigner = new ReadSigner(id.certificateId(), id.signer());
    return login(id.certificatePem(), id.signer());
  }

  /**
   * Logs in with a certificate and any signer of the challenge, e.g. one backed by a smart card or
   * HSM whose private key never enters this process.
   */
  public String login(String certificatePem, org.medledger.crypto.Signer signer) {
    ObjectNode req = JSON.createObjectNode().put("certificate", certificatePem);
    JsonNode c = post("v1/auth/challenge", req);
    String challenge = c.path("challenge").asText();
    byte[] sig = signer.sign(challengeText(c.path("chainId").asText(), c.path("node").asText(), challenge, loginNode()));
    JsonNode t = post("v1/auth/token", JSON.createObjectNode().put("challenge", challenge).put("signature", Hex.encode(sig)));
    token = t.get("token").asText();
    if (readSigner == null || readSigner.key() != signer) {
      X509Certificate cert = org.medledger.crypto.x509.Pem.parseCertificate(certificatePem);
      CryptoSuite suite = CryptoSuites.byId(health().path("suite").asText());
      readSigner = new ReadSigner(org.medledger.crypto.x509.CertificateId.of(suite.hash(), cert), signer);
    }
    return token;
  }

  /** Who signs this client's health reads: the certificate id of the logged-in member, and her key. */
  private record ReadSigner(Hash requester, Signer key) {}

  private volatile ReadSigner readSigner;
  private volatile String signingChainId;
  private final SecureRandom nonces = new SecureRandom();

  /**
   * Signs health reads as {@code requester} (a certificate id) with {@code key}: for a client
   * given a token with {@link #withToken} rather than logged in; {@link #login} sets it itself.
   */
  public MedLedgerClient signingReadsAs(Hash requester, Signer key) {
    this.readSigner = new ReadSigner(requester, key);
    return this;
  }

  /**
   * The chain's signing id ({@code chainId/<genesis hash>}) that read requests name. Without it
   * the client asks the node once; a node that answers another chain's id only makes its own
   * reads fail, since the ledger refuses a request naming another chain.
   */
  public MedLedgerClient onChain(String signingChainId) {
    this.signingChainId = signingChainId;
    return this;
  }

  /**
   * A fresh read request for one record, signed with the logged-in member's own key (issue 20
   * finding 2): the node logs it in the access event, and the ledger checks it against her
   * certificate and spends it once, so no node reads, or obtains a record's key, in her name
   * without her asking. The SDK signs one for every health read it sends.
   */
  public SignedReadRequest signReadRequest(String recordHash, String purpose, String reason) {
    ReadSigner s = readSigner;
    if (s == null) {
      throw new ApiException(0, "no_signer", "a health read is signed by the reader's own key: log in with a certificate and"
          + " key, or call signingReadsAs, first");
    }
    String chain = signingChainId;
    if (chain == null) {
      chain = health().path("signingChainId").asText();
      signingChainId = chain;
    }
    byte[] nonce = new byte[Hash.LENGTH];
    nonces.nextBytes(nonce);
    ReadRequest r = new ReadRequest(chain, s.requester(), Hash.fromHex(recordHash), PurposeOfUse.parse(purpose),
        reason == null ? "" : reason, System.currentTimeMillis(), Hash.of(nonce));
    return SignedReadRequest.sign(r, s.key());
  }

  /** A record's metadata and the data key wrapped for the reader, read through the policy point (signed, audited). */
  public JsonNode readRecord(String recordHash, String purpose, String reason) {
    return get("v1/records/" + recordHash + "?purpose=" + enc(purpose) + (reason == null ? "" : "&reason=" + enc(reason)));
  }

  private static final java.util.regex.Pattern RECORD_READ = java.util.regex.Pattern.compile(
      "/?(?:v1/records/([0-9a-fA-F]{64})(?:/content)?|fhir/(?!Patient/|Consent/|AuditEvent/)[A-Za-z]+/([0-9a-fA-F]{64}))(?:\\?(.*))?");

  /** The signed read request a GET of this path needs, if it reads a health record. */
  private java.util.Optional<SignedReadRequest> readRequestFor(String path) {
    java.util.regex.Matcher m = RECORD_READ.matcher(path);
    if (!m.matches() || readSigner == null) {
      return java.util.Optional.empty();
    }
    String record = m.group(1) != null ? m.group(1) : m.group(2);
    String purpose = "TREAT";
    String reason = null;
    if (m.group(3) != null) {
      for (String pair : m.group(3).split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (name.equals("purpose")) {
          purpose = value;
        } else if (name.equals("reason")) {
          reason = value;
        }
      }
    }
    return java.util.Optional.of(signReadRequest(record, purpose, reason));
  }

  /**
   * Trades the current token, before it expires, for a fresh one (tokens last minutes; the node
   * re-checks the certificate on the ledger first) and keeps it for later calls.
   */
  public String refresh() {
    token = post("v1/auth/refresh", JSON.createObjectNode()).get("token").asText();
    return token;
  }

  public JsonNode health() {
    return get("v1/health");
  }

  /** Submits; with {@code waitForCommit} the answer comes once the transaction is committed. */
  public JsonNode submit(Transaction tx, boolean waitForCommit) {
    return post("v1/transactions" + (waitForCommit ? "?wait=true" : ""), JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded())));
  }

  /** Non-blocking submit with the raw binary body, for load generation. */
  public CompletableFuture<HttpResponse<String>> submitAsync(Transaction tx, boolean waitForCommit) {
    HttpRequest r = request("v1/transactions" + (waitForCommit ? "?wait=true" : ""))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encoded())).build();
    return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
  }

  /** Submits many transactions in one binary request; the answer lists each one's result. */
  public CompletableFuture<HttpResponse<String>> submitBatchAsync(java.util.List<Transaction> txs) {
    int size = 4;
    for (Transaction t : txs) {
      size += 4 + t.encoded().length;
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size).putInt(txs.size());
    for (Transaction t : txs) {
      b.putInt(t.encoded().length).put(t.encoded());
    }
    HttpRequest r = request("v1/transactions/batch")
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(b.array())).build();
    return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode latestBlock() {
    return get("v1/blocks/latest");
  }

  public JsonNode block(long height) {
    return get("v1/blocks/" + height);
  }

  public JsonNode transaction(String txId) {
    return get("v1/transactions/" + txId);
  }

  public JsonNode inclusionProof(String txId) {
    return get("v1/proofs/inclusion/" + txId);
  }

  /** A transaction's receipt (docs/receipts.md); check it with {@link ReceiptVerifier}. */
  public JsonNode transactionReceipt(String txId) {
    return get("v1/receipts/tx/" + txId);
  }

  /** A state fact's receipt: {@code namespace/key}'s value or absence after block {@code height}. */
  public JsonNode stateReceipt(String namespaceAndKey, long height) {
    return get("v1/receipts/state?key=" + java.net.URLEncoder.encode(namespaceAndKey, java.nio.charset.StandardCharsets.UTF_8)
        + "&height=" + height);
  }

  /** The proven validator-set changes up to {@code height} (docs/governance.md), as LogHeadTracker walks them. */
  public JsonNode validatorTransitions(long height) {
    return get("v1/governance/validator-transitions?height=" + height);
  }

  public JsonNode consistencyProof(long from, long to) {
    return get("v1/proofs/consistency?from=" + from + "&to=" + to);
  }

  /** A GET; one that reads a health record carries a fresh read request signed by the logged-in member. */
  public JsonNode get(String path) {
    HttpRequest.Builder b = request(path);
    readRequestFor(path).ifPresent(r -> b.header(SignedReadRequest.HEADER, r.toHex()));
    return send(b.GET().build());
  }

  public JsonNode post(String path, JsonNode body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  /**
   * Stores a record through the vault of this node's organisation: {@code contentType}
   * {@code application/fhir+json} for a FHIR resource, anything else (e.g. {@code application/pdf})
   * for a Binary.
   */
  public JsonNode storeRecord(String patientId, String category, byte[] document, String contentType) {
    return send(request("v1/records?patient=" + patientId + "&category=" + enc(category))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(document)).build());
  }

  /** A record's content, read through the policy point for {@code purpose} ({@code reason} breaks the glass; may be null). */
  public byte[] recordContent(String recordHash, String purpose, String reason) {
    String q = "v1/records/" + recordHash + "/content?purpose=" + enc(purpose) + (reason == null ? "" : "&reason=" + enc(reason));
    try {
      HttpRequest.Builder b = request(q).header(SignedReadRequest.HEADER, signReadRequest(recordHash, purpose, reason).toHex());
      HttpResponse<byte[]> resp = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() >= 400) {
        JsonNode body;
        try {
          body = JSON.readTree(resp.body());
        } catch (IOException e) {
          body = JSON.createObjectNode();
        }
        throw new ApiException(resp.statusCode(), body.path("error").asText("error"), body.path("message").asText(""));
      }
      return resp.body();
    } catch (IOException e) {
      throw new ApiException(0, "unreachable", "cannot reach " + q + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted", "interrupted");
    }
  }

  /**
   * A GET at {@code path} that reads health record {@code recordHash} for {@code purpose} through
   * another route than the records' own (insurance: a claim's evidence), carrying a fresh read
   * request signed by the logged-in member. The answer as it came, refusals too: their body and
   * headers name the reason and the committed access event.
   */
  public HttpResponse<byte[]> signedRecordRead(String path, String recordHash, String purpose) {
    try {
      HttpRequest.Builder b = request(path).header(SignedReadRequest.HEADER, signReadRequest(recordHash, purpose, null).toHex());
      return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ApiException(0, "unreachable", "cannot reach " + path + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted", "interrupted");
    }
  }

  /** The patient's view: records, consents, accesses. */
  public JsonNode patientView(String patientId) {
    return get("v1/patients/" + patientId);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private void rememberServer(javax.net.ssl.SSLSession session) {
    try {
      if (session.getPeerCertificates()[0] instanceof java.security.cert.X509Certificate c) {
        serverCertificate = c;
      }
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      serverCertificate = null;
    }
  }

  private JsonNode send(HttpRequest r) {
    try {
      HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
      resp.sslSession().ifPresent(this::rememberServer);
      JsonNode body;
      try {
        body = resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        body = JSON.createObjectNode().put("error", "not_json").put("message", resp.body());
      }
      if (resp.statusCode() >= 400) {
        throw new ApiException(resp.statusCode(), body.path("error").asText("error"), body.path("message").asText(resp.body()));
      }
      return body;
    } catch (IOException e) {
      throw new ApiException(0, "unreachable", "cannot reach " + r.uri() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted", "interrupted");
    }
  }
}
