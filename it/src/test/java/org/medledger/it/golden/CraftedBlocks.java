package org.medledger.it.golden;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.client.ClientIdentity;
import org.medledger.core.membership.Membership;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;

/**
 * Blocks of crafted transactions, executed on top of the demo story's final state so that every
 * contract method's refusals (and successes the story does not reach) are pinned. Each method has
 * a template call: the story's first call of it, or a hand-written one for a method the story does
 * not reach; from it come, in one block per method: the call as given (a fresh nonce), each
 * argument missing, each argument malformed (not hex, empty), an extra argument, callers of other
 * roles, two faults at once (wrong role and a missing argument; a missing and a malformed one),
 * and an unknown method. A last block holds the runtime's own refusals (unknown contract, stale
 * time) and the calls that change who may do what (revoking a certificate, moving a GS1 prefix),
 * so they cannot mask the refusals before them.
 */
final class CraftedBlocks {
  record Crafted(List<Transaction> txs, List<String> labels, long timestamp, Hash proposer) {}

  private record Template(String contract, String method, String sender, Map<String, String> args) {}

  /** Callers whose roles differ (patient, pharmacy, regulator, node): the wrong-role probes. */
  private static final List<String> PROBES = List.of("patient-1", "pharmacist", "inspector", "hospital-a-node");
  private static final String GTIN = "09506000134352";

  private final ReplayLedger ledger;
  private final List<Transaction> story;
  private final Map<String, ClientIdentity> identities = new TreeMap<>();
  private final Map<Hash, String> names = new LinkedHashMap<>();
  private final String chainId;
  private final String suite;
  private long nonce = 0x601d_0000_0000L;
  private long timestamp;

  CraftedBlocks(Path network, ReplayLedger ledger, List<Transaction> story) throws IOException {
    this.ledger = ledger;
    this.story = story;
    this.chainId = ledger.genesis().chainId();
    this.suite = ledger.genesis().cryptoSuite().id();
    try (var orgs = Files.list(network)) {
      for (Path org : orgs.filter(Files::isDirectory).sorted().toList()) {
        String o = org.getFileName().toString();
        if (Files.exists(org.resolve("node/cert.pem"))) {
          add(o + "-node", org.resolve("node"));
        }
        if (Files.isDirectory(org.resolve("users"))) {
          try (var users = Files.list(org.resolve("users"))) {
            for (Path u : users.sorted().toList()) {
              String name = u.getFileName().toString();
              add(name.equals("admin") ? o + "-admin" : name, u);
            }
          }
        }
      }
    }
  }

  private void add(String name, Path folder) throws IOException {
    ClientIdentity id = ClientIdentity.load(ledger.genesis().cryptoSuite(), folder);
    identities.put(name, id);
    names.put(id.certificateId(), name);
  }

  List<Crafted> blocks() {
    timestamp = ledger.headTimestamp();
    Hash proposer = new Membership(ledger.genesis()).validatorIds().get(0);
    List<Crafted> out = new ArrayList<>();
    for (Template t : templates()) {
      Batch b = new Batch();
      variants(t, b);
      out.add(b.done(proposer));
    }
    Batch last = new Batch();
    Template anchor = new Template("notary", "anchor", "dr-wang", Map.of("hash", "ab".repeat(32), "type", "lab-report"));
    last.add(anchor, "nosuch", anchor.method(), anchor.args(), "unknown contract");
    last.add(anchor.sender(), anchor.contract(), anchor.method(), anchor.args(), timestamp - 3_600_000L, "stale timestamp");
    for (Template t : lastTemplates()) {
      variants(t, last);
    }
    out.add(last.done(proposer));
    return out;
  }

  /** The story's first call of each method, then hand-written ones for the methods it does not reach. */
  private List<Template> templates() {
    Map<String, Template> byMethod = new LinkedHashMap<>();
    for (Transaction tx : story) {
      String name = names.get(tx.sender());
      if (name != null) {
        byMethod.putIfAbsent(tx.contract() + "." + tx.method(),
            new Template(tx.contract(), tx.method(), name, new TreeMap<>(tx.args().asMap())));
      }
    }
    for (Template t : handWritten()) {
      byMethod.putIfAbsent(t.contract() + "." + t.method(), t);
    }
    return List.copyOf(byMethod.values());
  }

  private static List<Template> handWritten() {
    return List.of(
        new Template("membership", "register", "hospital-a-admin", Map.of("certificate",
            "-----BEGIN CERTIFICATE-----\nMIIBgolden\n-----END CERTIFICATE-----\n")),
        new Template("notary", "anchor", "dr-wang", Map.of("hash", "ab".repeat(32), "type", "lab-report")),
        new Template("patients", "register", "dr-wang", Map.of("publicKey", "3059", "signature", "3045", "custody", "self")),
        new Template("patients", "link", "dr-wang", Map.of("firstKey", "3059", "firstSignature", "3045",
            "secondKey", "3059", "secondSignature", "3045")),
        new Template("consent", "grant", "patient-1", Map.of("grant", "00", "signature", "3045")),
        new Template("consent", "revoke", "patient-1", Map.of("consent", "cd".repeat(32), "signature", "3045")),
        new Template("consent", "delegate", "dr-chen", Map.of("parent", "ef".repeat(32), "purposes", "TREAT",
            "end", "4102444800000", "grantee", "org:hospital-a", "reference", "golden-delegation",
            "categories", "laboratory")),
        new Template("records", "register", "dr-wang", Map.of("record", "01".repeat(32), "patient", "02".repeat(32),
            "resourceType", "Observation", "category", "laboratory", "manifest", "00",
            "patientKeyHash", "03".repeat(32), "custodianKeyHash", "04".repeat(32))),
        new Template("records", "shareKey", "dr-wang", Map.of("record", "01".repeat(32), "reader", "org:hospital-b",
            "wrappedKeyHash", "05".repeat(32))),
        new Template("records", "erase", "dr-wang", Map.of("patient", "02".repeat(32), "reference", "golden-erasure",
            "signature", "3045", "upToHeight", "10")),
        new Template("audit", "log", "hospital-a-node", Map.of("events", "00")),
        new Template("evidence", "submit", "hospital-a-node", Map.of("evidence", "00")),
        new Template("drugs", "recordPrefix", "inspector", Map.of("prefix", "9506000", "organisation", "pharma-co",
            "reason", "golden licence")),
        new Template("drugs", "registerGtin", "factory", Map.of("gtin", GTIN)),
        new Template("drugs", "commission", "factory", Map.of("gtin", GTIN, "lot", "L2026G", "expiry", "281231",
            "serials", "5001..5003")),
        new Template("drugs", "aggregate", "factory", Map.of("parent", "095060001000000999", "children", "5001")),
        new Template("drugs", "disaggregate", "factory", Map.of("parent", "095060001000000999", "children", "5001")),
        new Template("drugs", "ship", "factory", Map.of("gtin", GTIN, "serials", "5001..5002", "to", "dist-co")),
        new Template("drugs", "receive", "warehouse", Map.of("gtin", GTIN, "serials", "5001..5002")),
        new Template("drugs", "dispense", "pharmacist", Map.of("gtin", GTIN, "serials", "6..7")),
        new Template("drugs", "decommission", "factory", Map.of("gtin", GTIN, "serials", "5003", "reason", "destroyed")),
        new Template("drugs", "declareError", "factory", Map.of("declaredEventId", "urn:uuid:golden-none",
            "reason", "incorrect_data")),
        new Template("drugs", "recall", "inspector", Map.of("gtin", GTIN, "lot", "L2026G", "reason", "golden recall")),
        new Template("drugs", "recordScans", "hospital-a-node", Map.of("scans", GTIN + "\t250\t00000000000000aa")),
        new Template("drugs", "resetScans", "inspector", Map.of("gtin", GTIN, "serial", "250", "reason", "seized clone")),
        new Template("drugs", "capture", "factory", Map.of("events", "AAAA")),
        new Template("drugs", "authorizeRelay", "pharmacist", Map.of("node", "hospital-b")),
        new Template("drugs", "revokeRelay", "pharmacist", Map.of("node", "hospital-b")));
  }

  /** Calls that change standing (certificates, prefixes): they go last. */
  private List<Template> lastTemplates() {
    String pharmacist = identities.get("pharmacist").certificateId().hex();
    return List.of(
        new Template("drugs", "transferPrefix", "inspector", Map.of("prefix", "9506000", "to", "dist-co",
            "reason", "golden transfer")),
        new Template("membership", "revoke", "inspector", Map.of("certificate", pharmacist, "reason", "golden chain")));
  }

  private void variants(Template t, Batch b) {
    Map<String, String> args = t.args();
    List<String> keys = List.copyOf(new TreeMap<>(args).keySet());
    b.add(t, t.contract(), t.method(), args, "as given, fresh nonce");
    for (String k : keys) {
      b.add(t, t.contract(), t.method(), without(args, k), "missing '" + k + "'");
    }
    for (String k : keys) {
      b.add(t, t.contract(), t.method(), with(args, k, "zz-not-hex"), "malformed '" + k + "' (not hex)");
      b.add(t, t.contract(), t.method(), with(args, k, ""), "empty '" + k + "'");
      String v = args.get(k);
      if (v.length() > 1) {
        b.add(t, t.contract(), t.method(), with(args, k, v.substring(0, v.length() / 2 | 1)), "truncated '" + k + "'");
      }
    }
    b.add(t, t.contract(), t.method(), with(args, "unexpectedArgument", "1"), "extra argument");
    for (String probe : PROBES) {
      if (!probe.equals(t.sender()) && identities.containsKey(probe)) {
        b.add(probe, t.contract(), t.method(), args, timestamp, "caller " + probe);
      }
    }
    if (!keys.isEmpty()) {
      String probe = t.sender().equals("patient-1") ? "pharmacist" : "patient-1";
      b.add(probe, t.contract(), t.method(), without(args, keys.get(0)), timestamp,
          "two faults: caller " + probe + ", missing '" + keys.get(0) + "'");
    }
    if (keys.size() > 1) {
      b.add(t, t.contract(), t.method(), with(without(args, keys.get(0)), keys.get(1), "zz-not-hex"),
          "two faults: missing '" + keys.get(0) + "', malformed '" + keys.get(1) + "'");
    }
    b.add(t, t.contract(), "noSuchMethod", args, "unknown method");
  }

  private static Map<String, String> without(Map<String, String> args, String key) {
    Map<String, String> m = new TreeMap<>(args);
    m.remove(key);
    return m;
  }

  private static Map<String, String> with(Map<String, String> args, String key, String value) {
    Map<String, String> m = new TreeMap<>(args);
    m.put(key, value);
    return m;
  }

  /** One block's transactions, each signed by its caller at the block's time with a fresh nonce. */
  private final class Batch {
    private final List<Transaction> txs = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final long blockTime;

    Batch() {
      timestamp += 1_000;
      blockTime = timestamp;
    }

    void add(Template t, String contract, String method, Map<String, String> args, String fault) {
      add(t.sender(), contract, method, args, blockTime, fault);
    }

    void add(String sender, String contract, String method, Map<String, String> args, long txTime, String fault) {
      ClientIdentity id = identities.get(sender);
      if (id == null) {
        throw new IllegalStateException("no identity named " + sender + " in the demo network");
      }
      Transaction tx = new Transaction.Payload(suite, chainId, id.certificateId(), nonce++, txTime, contract, method,
          Args.of(args)).sign(id.signer());
      txs.add(tx);
      labels.add(contract + "." + method + " by " + sender + ": " + fault);
    }

    Crafted done(Hash proposer) {
      return new Crafted(txs, labels, blockTime, proposer);
    }
  }
}
