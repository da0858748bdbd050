package org.medledger.apps.drugs.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.LedgerRelayedMembers;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.runtime.Contract;
import org.medledger.node.NodeSecrets;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.DemoChapter;
import org.medledger.node.application.NodeIdentity;
import org.medledger.node.application.PreparationContext;
import org.medledger.node.ui.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drug traceability and anti-counterfeiting: the drugs contract (GS1 identifiers, commissioning,
 * shipping, recalls, company prefixes, scan counts); on a node, the public GS1 Digital Link check
 * with its network-wide scan counting, members' case, recall, prefix and label reads, and EPCIS
 * 2.0 capture and query; the demo's drug chapter, {@code medledger epcis capture} and {@code
 * medledger bench drugs}.
 */
public final class DrugsApplication implements Application {
  private static final Logger LOG = LoggerFactory.getLogger(DrugsApplication.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Null until {@link #prepare}, and after it when public scans go uncounted (no network key). */
  private byte[] scanPlaceKey;
  private ScanCounter scans;

  @Override
  public String name() {
    return DrugsContract.NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    TreeSet<String> organisations = new TreeSet<>();
    for (Organisation o : chain.genesis().organisations()) {
      organisations.add(o.name());
    }
    return List.of(new DrugsContract(new LedgerRelayedMembers(chain.membership()), organisations));
  }

  /** One place key for every validator, so a scanner's network is one place through any node. */
  @Override
  public Map<String, byte[]> newNetworkSecrets() {
    return Map.of(ScanCounter.NETWORK_KEY_FILE, ScanCounter.newNetworkKey());
  }

  /**
   * A one-validator network's own place key, made with the node's other secrets ({@code medledger
   * node secrets}, network init, the demo); every node gets one, used only when it is the only
   * validator.
   */
  @Override
  public List<String> nodeSecrets() {
    return List.of(ScanCounter.OWN_KEY_FILE);
  }

  @Override
  public void prepare(PreparationContext context) throws IOException {
    scanPlaceKey = scanPlaceKey(context.secrets(), context.genesis());
  }

  /**
   * The key that makes a scanner's network one place on every node (issue 22, finding 4): the
   * network's shared key; a one-validator network's own; else none, and public scans go uncounted.
   */
  static byte[] scanPlaceKey(NodeSecrets secrets, Genesis genesis) throws IOException {
    Optional<byte[]> shared = secrets.find(ScanCounter.NETWORK_KEY_FILE,
        "copy it from another validator's data folder (network init writes the same one to each)");
    if (shared.isPresent()) {
      return shared.get();
    }
    if (genesis.validators().size() == 1) {
      return secrets.require(ScanCounter.OWN_KEY_FILE, "scans counted before are no longer matched to their place");
    }
    LOG.warn("public drug scans are not counted: secrets/{} is missing (network init"
        + " writes the same one for every validator; copy it from another validator's data folder)", ScanCounter.NETWORK_KEY_FILE);
    return null;
  }

  @Override
  public void register(ApplicationContext context) {
    NodeIdentity node = context.identity();
    scans = new ScanCounter(context.ledger(), context.admission(), node.signer(), node.certificateId(), context.clock(),
        scanPlaceKey);
    // The check's "today" and the per-address scan rate run on the wall clock, as a phone's scan does.
    DrugRoutes drugRoutes = new DrugRoutes(context.ledger(), context.tokens(), scans, Clock.systemUTC());
    drugRoutes.register(context.routes());
    new DrugCheckPage(drugRoutes).register(context.ui());
    Templates pages = Templates.precompiled(DrugsApplication.class, DrugCheckPage.JTE_PACKAGE);
    new PharmacyPages(context.ledger(), context.membership(), context.transactions(), node.organisation(), context.clock(), pages)
        .register(context.ui());
    new RecallsPage(context.ledger(), context.membership(), context.clock(), pages).register(context.ui());
    new EpcisRoutes(context.ledger(), context.transactions(), MAPPER, node.organisation()).register(context.routes());
    context.routes().openApi("openapi/drugs.json");
  }

  @Override
  public void stop() {
    if (scans != null) {
      scans.close();
    }
  }

  @Override
  public List<DemoChapter> demoChapters() {
    return List.of(new DrugDemoChapter());
  }

  @Override
  public List<Object> commands() {
    return List.of(new EpcisCommand(), new DrugBenchmark());
  }
}
