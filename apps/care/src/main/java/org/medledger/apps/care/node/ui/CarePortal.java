package org.medledger.apps.care.node.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.medledger.apps.care.node.CareTimeline;
import org.medledger.core.membership.Membership;
import org.medledger.node.application.PortalPages;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.NodeTransactions;
import org.medledger.node.ui.Templates;

/**
 * Care's pages of the portal (issue 16, "In the web portal"): the patient's care timeline, its
 * episodes, plans and goals with their versions, and milestones, each milestone with a receipt
 * her browser verifies. Who sees what is {@link CareTimeline}'s rule, the REST route's, and every
 * look is logged on the ledger before it is shown, as the REST route logs it.
 */
public final class CarePortal {
  static final String ROOT = "/ui/care";
  static final String JTE_PACKAGE = "org.medledger.apps.care.node.jte";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  final Ledger ledger;
  final Membership membership;
  final NodeTransactions transactions;
  final CareTimeline timeline;
  final Clock clock;
  final Templates templates = Templates.precompiled(CarePortal.class, JTE_PACKAGE);

  public CarePortal(Ledger ledger, Membership membership, NodeTransactions transactions, CareTimeline timeline,
      Clock clock) {
    this.ledger = ledger;
    this.membership = membership;
    this.transactions = transactions;
    this.timeline = timeline;
    this.clock = clock;
  }

  /** Adds the timeline page and its receipts, and the patient's navigation entry. */
  public void register(PortalPages ui) {
    new TimelinePage(this).register(ui);
    ui.navFor("My care", TimelinePage.PATH, Set.of("patient"));
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }
}
