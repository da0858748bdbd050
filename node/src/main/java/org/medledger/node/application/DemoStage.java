package org.medledger.node.application;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.ClientIdentity;
import org.medledger.crypto.CryptoSuite;
import org.medledger.node.MedLedgerNode;

/**
 * The running demo consortium a chapter plays on: its users (by demo name, with their bearer
 * tokens), the API addresses of its nodes (the first is hospital-a's), the trust to reach them,
 * the demo's data folder and where to print.
 */
public interface DemoStage {
  CryptoSuite suite();

  String chainId();

  Map<String, ClientIdentity> identities();

  Map<String, String> tokens();

  /** HTTPS base URLs of the nodes' APIs, in the demo's organisation order. */
  List<String> apiUrls();

  ApiServerTrust trust();

  Path dataDir();

  PrintStream out();

  /** The embedded nodes themselves (to show, e.g., a shard file on one node's disk). */
  List<MedLedgerNode> nodes();

  /** The network's genesis file, for the {@code medledger verify ... --genesis} hints a chapter prints. */
  Path genesisFile();

  /**
   * Whether this run made the network (its users were just registered); a rerun on an existing
   * data folder replays only the chapters that may run twice.
   */
  boolean freshNetwork();
}
