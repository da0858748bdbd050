package org.medledger.apps.safety.node.readings;

import java.time.Duration;
import java.util.List;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.HealthRecordWriter;
import org.medledger.node.application.ReceiptKind;

/**
 * Device readings on a node (docs/safety.md, "Device readings"): what the safety application
 * mounts of them. The gateway seals a batch at {@code medledger.readings.batch} readings (5,000)
 * or {@code medledger.readings.waitMillis} after the last seal (500 ms), whichever comes first.
 */
public final class DeviceReadings implements AutoCloseable {
  public static final int DEFAULT_BATCH = 5_000;
  public static final long DEFAULT_WAIT_MILLIS = 500;
  private final ReadingGateway gateway;
  private final ReadingFiling filing;

  private DeviceReadings(ReadingGateway gateway, ReadingFiling filing) {
    this.gateway = gateway;
    this.filing = filing;
  }

  public static ReceiptKind receiptKind() {
    return new ReadingReceiptVerifier();
  }

  /** Starts the node's gateway on {@code devices} and registers its routes and OpenAPI paths. */
  public static DeviceReadings register(ApplicationContext context) {
    var ledger = context.ledger();
    DeviceDirectory devices = new LedgerDeviceDirectory(ledger);
    // Records registers before safety (name order) and provides the writer; asked at filing time, as applications.md says.
    ReadingFiling filing = new ReadingFiling(() -> context.services().find(HealthRecordWriter.class),
        context.identity().certificateId(), context.identity().organisation());
    BatchArchive archive = new BatchArchive(context.dataDir().resolve("apps").resolve("safety").resolve("readings"),
        ledger.hashFunction());
    ReadingGateway gateway = new ReadingGateway(ledger.genesis().cryptoSuite(), devices, archive,
        new LedgerBatchAnchor(ledger, context.admission(), context.commits(), context.identity(), context.clock()), filing,
        Integer.getInteger("medledger.readings.batch", DEFAULT_BATCH),
        Duration.ofMillis(Long.getLong("medledger.readings.waitMillis", DEFAULT_WAIT_MILLIS)),
        batchPrefix(context.identity().nodeName()), context.clock());
    new ReadingRoutes(gateway, new ReadingReceipts(gateway, archive, ledger, context.membership(), context.identity().organisation()),
        context.identity().organisation()).register(context.routes());
    context.routes().openApi("openapi/readings.json");
    context.healthEntry("readingsAnchored", gateway::anchoredReadings);
    context.healthEntry("readingsInVault", filing::counts);
    return new DeviceReadings(gateway, filing);
  }

  /** Batch ids are the node's name, made to fit the contract's id characters, then a time and a counter. */
  static String batchPrefix(String nodeName) {
    String p = nodeName.replaceAll("[^A-Za-z0-9._-]", "-");
    p = p.isEmpty() || !Character.isLetterOrDigit(p.charAt(0)) ? "g" + p : p;
    return p.length() > 32 ? p.substring(0, 32) : p;
  }

  public ReadingGateway gateway() {
    return gateway;
  }

  @Override
  public void close() {
    gateway.close();
    filing.close();
  }
}
