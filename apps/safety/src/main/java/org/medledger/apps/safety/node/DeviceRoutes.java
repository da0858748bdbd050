package org.medledger.apps.safety.node;

import io.javalin.http.Context;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.core.runtime.StateReader;
import org.medledger.node.api.ApiError;
import org.medledger.node.api.Requests;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.ledger.Ledger;

/**
 * The device registry's reads for members: {@code GET /v1/devices/models/{di}} and {@code GET
 * /v1/devices/units?udi=…} (the UDI in either format, as a query parameter since labels hold
 * brackets and slashes). Writes are the member's own signed transactions ({@code medledger device}).
 */
final class DeviceRoutes {
  private final Ledger ledger;
  private final DeviceRegistryView view;

  DeviceRoutes(Ledger ledger, DeviceRegistryView view) {
    this.ledger = ledger;
    this.view = view;
  }

  void register(ApiRoutes routes) {
    // A model is a catalogue entry: it names no patient.
    routes.get("/v1/devices/models/{di}", this::model);
    // A unit is implanted in or assigned to a patient (who, by which hospital, since when): each refusal is filed in the
    // node's refusal log.
    routes.servingHealthData().get("/v1/devices/units", this::unit);
    // Models name no patient: anyone may have their receipts.
    routes.publicStateReceipts("devices/model/");
  }

  private void model(Context ctx) {
    String di = ctx.pathParam("di");
    ctx.json(view.model(ledger.state(), di).orElseThrow(() -> ApiError.notFound("no device model " + di + " is registered")));
  }

  private void unit(Context ctx) {
    String udi = ctx.queryParam("udi");
    if (udi == null || udi.isBlank()) {
      throw ApiError.badRequest("query parameter 'udi' is required: the unit's UDI, GS1 or HIBCC");
    }
    StateReader state = ledger.state();
    DeviceUnit u;
    try {
      u = DeviceUnits.find(state, udi).orElseThrow(() -> ApiError.notFound("no device unit is registered under UDI '" + udi + "'"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("udi '" + udi + "' is malformed: " + e.getMessage());
    }
    ctx.json(view.unit(state, Requests.caller(ctx), u));
  }
}
