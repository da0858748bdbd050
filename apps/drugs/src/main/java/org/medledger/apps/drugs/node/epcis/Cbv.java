package org.medledger.apps.drugs.node.epcis;

/**
 * Core Business Vocabulary values as EPCIS 2.0 JSON-LD may write them: bare ({@code shipping}),
 * as a GS1 web URI ({@code https://ref.gs1.org/cbv/BizStep-shipping}), prefixed by the context
 * ({@code cbv:BizStep-shipping}) or as an EPCIS 1.x URN ({@code urn:epcglobal:cbv:bizstep:shipping}).
 */
public final class Cbv {
  private Cbv() {}

  /** The bare value of a vocabulary element of {@code kind} (BizStep, Disp, SDT, ER). */
  public static String bare(String value, String kind) {
    if (value == null) {
      return null;
    }
    String[] prefixes = {"https://ref.gs1.org/cbv/" + kind + "-", "cbv:" + kind + "-", "gs1:" + kind + "-",
        "urn:epcglobal:cbv:" + kind.toLowerCase() + ":"};
    for (String p : prefixes) {
      if (value.startsWith(p)) {
        return value.substring(p.length());
      }
    }
    return value;
  }
}
