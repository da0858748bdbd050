package org.medledger.node.application;

import io.javalin.http.Context;
import java.util.Optional;
import org.medledger.node.auth.Identity;

/**
 * Answers one portal form ({@code POST}): the portal has already checked the form's CSRF token
 * against the session and, for a member's form, the member against the genesis and the ledger.
 * Returns the page to show after it (the result, or the form again with its errors next to the
 * fields). Bad input is refused by throwing {@link IllegalArgumentException} naming what was
 * wrong: the portal shows it on a 400 page, and nothing was changed.
 */
@FunctionalInterface
public interface PortalFormHandler {
  PortalPage submit(Context ctx, Optional<Identity> member) throws Exception;
}
