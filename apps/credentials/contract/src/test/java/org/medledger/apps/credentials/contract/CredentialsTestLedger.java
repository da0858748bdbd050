package org.medledger.apps.credentials.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;

/**
 * An in-memory ledger running the real credentials contract (and any other contract a test
 * adds) through the real executor, roles checked by the runtime, with a medical board and a
 * second licensing authority, two hospitals' clinicians and admins, and a block clock the test
 * moves. The runtime's membership is stood in for by the members this class made: the roles
 * they hold are the ones a genesis would let their organisations hold, and the network's
 * organisations are those of the members it made.
 */
final class CredentialsTestLedger {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "credentials-test";
  static final long DAY = 86_400_000L;
  /** 2027-01-04T00:00:00Z. */
  static final long START = 1_799_020_800_000L;
  private static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {16}));

  private final Map<Hash, Caller> callers = new TreeMap<>();
  private final BlockExecutor executor;
  final InMemoryState state = new InMemoryState();
  private long height;
  private long nonce;
  private long now = START;

  final Caller board = member("registrar", "medical-board", "regulator");
  final Caller otherBoard = member("registrar-2", "nursing-board", "regulator");
  final Caller drWang = member("dr-wang", "hospital-a", "clinician");
  final Caller drChen = member("dr-chen", "hospital-a", "clinician");
  final Caller drLi = member("dr-li", "hospital-b", "clinician");
  final Caller adminA = member("admin-a", "hospital-a", "admin");
  final Caller patient = member("patient-1", "hospital-a", "patient");

  CredentialsTestLedger(Contract... others) {
    ContractRegistry registry = new ContractRegistry().register(new CredentialsContract(
        (s, organisation) -> callers.values().stream().anyMatch(c -> c.organisation().equals(organisation))));
    for (Contract c : others) {
      registry.register(c);
    }
    executor = new BlockExecutor(registry, SUITE.hash(), new MembersByName(), ChainParameters.DEFAULTS);
  }

  private final class MembersByName implements CallerResolver {
    @Override
    public Caller resolve(Transaction tx, StateReader s) throws ContractException {
      return Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?"));
    }

    @Override
    public Optional<MemberCertificate> member(Hash certificateId, StateReader s, long atMillis) {
      return Optional.ofNullable(callers.get(certificateId)).map(c -> new MemberCertificate(c.certificateId(),
          c.organisation(), Role.parse(c.role()), c.name(), null, null));
    }
  }

  Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  void later(long millis) {
    now += millis;
  }

  long now() {
    return now;
  }

  long height() {
    return height;
  }

  TxOutcome run(Caller by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, now, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
    ExecutionResult r = executor.execute(state, ++height, now, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  TxOutcome credentials(Caller by, String method, String... args) {
    return run(by, CredentialsContract.NAME, method, args);
  }

  void ok(Caller by, String method, String... args) {
    TxOutcome o = credentials(by, method, args);
    assertThat(o.success()).as(method + " → " + o.code() + ": " + o.message()).isTrue();
  }

  /** The board licenses a clinician for a year from now with these scopes; the document hash is made up from the licence. */
  TxOutcome license(Caller issuer, Caller clinician, String licence, String scopes) {
    return credentials(issuer, "issue", "licence", licence, "holder", clinician.certificateId().hex(),
        "profession", "Physician", "specialties", "Emergency medicine;Cardiology", "scopes", scopes,
        "validFrom", Long.toString(now - DAY), "validUntil", Long.toString(now + 365 * DAY), "document", document(licence, 0));
  }

  static String document(String licence, int version) {
    return Hex.encode(SUITE.hash().hash((licence + "#" + version).getBytes()));
  }

  /** Every key and value of the credentials contract's state, for "nothing changed" checks. */
  List<String> snapshot() {
    List<String> out = new ArrayList<>();
    state.scan(StateKeys.of(CredentialsContract.NAME, ""), (k, v) -> out.add(Hex.encode(k) + "=" + Hex.encode(v)));
    return out;
  }
}
