package org.medledger.node.application;

import io.javalin.http.Context;
import java.util.Optional;
import org.medledger.node.auth.Identity;

/**
 * Answers one portal page: reads the request, calls the application's services, returns the page.
 * {@code member} is the signed-in member as the genesis and the ledger confirm it, empty for an
 * anonymous visitor of a public page. Bad input is refused by throwing {@link IllegalArgumentException}
 * with a message a person understands: the portal shows it on an error page (400).
 */
@FunctionalInterface
public interface PortalPageHandler {
  PortalPage render(Context ctx, Optional<Identity> member) throws Exception;
}
