package org.medledger.apps.credentials.node.ui;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * The signed-in clinician's own credentials: each licence with its issuer, standing (and why,
 * when an issuer suspended or revoked it), scopes and validity, as the ledger holds them for her
 * certificate. Only hers: the page takes no parameter naming anyone else.
 */
public final class ClinicianCredentialsPage {
  static final String PATH = CredentialsPortal.ROOT + "/mine";

  /** The page's content. */
  public record Mine(String name, String organisation, String certificate, long height, List<CredentialRow> rows) {}

  private final CredentialsPortal portal;

  ClinicianCredentialsPage(CredentialsPortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = member.orElseThrow();
    if (!who.hasRole("clinician")) {
      throw new PortalRefusal(403, "My credentials is for clinicians, whose licences the ledger holds; you are "
          + who.role() + " of " + who.organisation() + ".");
    }
    long now = portal.clock.millis();
    List<CredentialRow> rows = new ArrayList<>();
    for (Credential c : CredentialsContract.ofHolder(portal.ledger.state(), who.certificateId())) {
      rows.add(CredentialRow.of(c, now));
    }
    return new PortalPage("My credentials", portal.templates.content("credentials/mine.jte",
        new Mine(who.name(), who.organisation(), who.certificateId().hex(), portal.ledger.height(), rows)));
  }
}
