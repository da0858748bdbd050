package org.medledger.apps.drugs.node;

import java.util.List;

/**
 * The pharmacy page: who acts, whether this node may record for them, an outcome or a problem
 * after a form ({@code problemFor}: the form it belongs to, receive or dispense), the code typed, what is arriving and what is held ({@code shelfTotal} of them in
 * all), at {@code height}.
 */
public record PharmacyView(String csrf, String organisation, String nodeOrganisation, boolean relayAuthorised, String notice,
    String problem, String problemFor, String typed, List<Row> arriving, List<Row> shelf, long shelfTotal, long height) {
  /** A pack or case: the code the forms take, what it is, its lot and expiry, how many packs, a note; whether it can be acted on here. */
  public boolean problemIn(String form) {
    return problem != null && form.equals(problemFor);
  }

  public record Row(String code, String label, String lot, String expiry, long packs, String note, boolean actionable) {}
}
