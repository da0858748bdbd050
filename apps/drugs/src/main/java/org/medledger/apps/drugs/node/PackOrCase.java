package org.medledger.apps.drugs.node;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.apps.drugs.contract.ItemList;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.gs1.Sgtin;
import org.medledger.apps.drugs.contract.gs1.Sscc;
import org.medledger.core.tx.Args;

/**
 * What a pharmacist typed or scanned into a receive or dispense form: one pack (any form the
 * public check reads: Digital Link, GS1 element string, SGTIN URN) or one case or pallet by its
 * SSCC (18 digits, {@code (00)…}, or a {@code /00/…} Digital Link).
 */
sealed interface PackOrCase {
  Pattern SSCC = Pattern.compile("(?:\\(00\\)|.*/00/)?(\\d{18})");

  /** The event's arguments naming it, as the drugs contract reads them. */
  Args eventArgs();

  /** It in words, for the outcome the page shows. */
  String describe();

  record Pack(Sgtin sgtin) implements PackOrCase {
    @Override
    public Args eventArgs() {
      return Args.of("gtin", sgtin.gtin().value(), "serials", ItemList.join(List.of(sgtin.serial())));
    }

    @Override
    public String describe() {
      return "the pack with product code " + sgtin.gtin().value() + " and serial " + sgtin.serial();
    }
  }

  record Case(Sscc sscc) implements PackOrCase {
    @Override
    public Args eventArgs() {
      return Args.of("cases", ItemList.join(List.of(sscc.value())));
    }

    @Override
    public String describe() {
      return "the case " + sscc.value() + " and every pack in it";
    }
  }

  /** IllegalArgumentException naming what is wrong with {@code typed}. */
  static PackOrCase read(String typed) {
    String code = typed.strip();
    if (code.isEmpty()) {
      throw new IllegalArgumentException("type or scan the code of a pack, or a case's SSCC");
    }
    if (code.length() > 512) {
      throw new IllegalArgumentException("that code is too long to be a pack's or a case's");
    }
    Matcher sscc = SSCC.matcher(code);
    if (sscc.matches()) {
      try {
        return new Case(new Sscc(sscc.group(1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + code + "' is not a case's SSCC: " + e.getMessage());
      }
    }
    DigitalLink link;
    try {
      link = DrugRoutes.readCode(code);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + code + "' could not be read: " + e.getMessage()
          + ". Type the text under the pack's code, e.g. (01)09506000134352(21)A1B2C3, or a case's 18-digit SSCC");
    }
    return new Pack(link.sgtin());
  }
}
