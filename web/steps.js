// What a clerk may record next on a case, and the fields of each form.
//
// The steps offered for a state follow the lifecycles of shared/spec/events.md (and the
// readings in docs/domain-rules.md). The page only decides what to offer: the API checks
// every entry again and its refusal is shown beside the form.

const DISPUTE_CATEGORIES = ["neighbour", "family", "property_management", "labour", "commercial", "traffic", "land", "other"];
const DISCOVERED_VIA = ["walk_in", "alert", "screening", "grid_worker", "referral_in"];
const MECHANISMS = ["police", "peoples", "administrative", "judicial", "joint"];
const ALERT_CATEGORIES = ["criminal", "public_order", "traffic_accident", "dispute", "assistance", "fire", "non_police", "other"];
const CHANNELS = ["phone_110", "hotline_12345", "walk_in", "patrol", "app"];
const AGENCIES = ["judicial_office", "court", "street_office", "property_company", "labour_bureau"];

/** A field of a form: name (the payload key), label, kind, and for selects the values. */
function select(name, label, values, extra = {}) {
  return { name, label, kind: "select", values, ...extra };
}

function text(name, label, extra = {}) {
  return { name, label, kind: "text", ...extra };
}

function note(name = "note", label = "Note") {
  return { name, label, kind: "textarea" };
}

/** Yes/no, or unanswered when `optional`. */
function yesNo(name, label, extra = {}) {
  return { name, label, kind: "boolean", ...extra };
}

const occurredAt = { name: "occurredAt", label: "When it happened (leave empty for now)", kind: "datetime" };

/** The forms that open a case. */
export const OPENING = {
  dispute: {
    title: "Log a dispute",
    path: "/disputes",
    fields: [
      { name: "stationId", label: "Station", kind: "station" },
      { name: "communityId", label: "Community", kind: "community" },
      select("category", "Category", DISPUTE_CATEGORIES, { required: true }),
      select("discoveredVia", "How it came to the station", DISCOVERED_VIA, { required: true }),
      { name: "summary", label: "Summary", kind: "textarea" },
      yesNo("key", "Key dispute (needs a supervisor's attention)", { checkbox: true }),
      { name: "parties", label: "Parties", kind: "parties" },
      occurredAt,
    ],
  },
  alert: {
    title: "Log an alert",
    path: "/alerts",
    fields: [
      { name: "stationId", label: "Station", kind: "station" },
      { name: "communityId", label: "Community", kind: "community" },
      select("channel", "Channel", CHANNELS, { required: true }),
      select("category", "Category", ALERT_CATEGORIES, { required: true }),
      select("priority", "Priority", ["1", "2", "3"], { number: true }),
      yesNo("policeMatter", "Police matter (leave unanswered for the category's default)", { optional: true }),
      { name: "summary", label: "Summary", kind: "textarea" },
      occurredAt,
    ],
  },
};

/** Every next step of a dispute: the route after /disputes/{id}/, its button and form. */
const DISPUTE_STEPS = {
  mediations: {
    label: "Record a mediation",
    fields: [select("mechanism", "Mechanism", MECHANISMS, { required: true }),
      { name: "outcome", label: "Outcome", kind: "outcome", required: true },
      text("venue", "Venue"), text("mediator", "Mediator"), note(), occurredAt],
  },
  referrals: {
    label: "Refer to an agency",
    fields: [text("agency", "Agency", { required: true, suggestions: AGENCIES }),
      select("mechanism", "Mechanism", MECHANISMS, { required: true }), note(), occurredAt],
  },
  resolution: {
    label: "Record the resolution",
    fields: [select("method", "Method", ["mediation", "referral", "withdrawn", "adjudicated", "other"], { required: true }),
      select("resolutionLevel", "Resolved at", ["scene", "grid", "community", "station", "township", "district"], { required: true }),
      { name: "agreementDeadline", label: "Agreement deadline", kind: "date" }, note(), occurredAt],
  },
  closure: {
    label: "Close unresolved",
    fields: [select("reason", "Reason", ["litigation", "penalty", "refused", "unreachable", "other"], { required: true }), note(), occurredAt],
  },
  reopening: {
    label: "Reopen",
    fields: [select("cause", "Cause", ["recurrence", "agreement_broken"], { required: true }), note(), occurredAt],
  },
  "follow-ups": {
    label: "Record a follow-up visit",
    fields: [yesNo("reached", "Reached the parties", { required: true }),
      select("rating", "Rating", ["satisfied", "basically_satisfied", "dissatisfied"]),
      yesNo("agreementKept", "Agreement kept", { optional: true }), note(), occurredAt],
  },
};

/** Every next step of an alert. */
const ALERT_STEPS = {
  reclassification: {
    label: "Reclassify",
    fields: [select("category", "New category", ALERT_CATEGORIES, { required: true }),
      yesNo("policeMatter", "Police matter (leave unanswered for the category's default)", { optional: true }),
      select("priority", "Priority", ["1", "2", "3"], { number: true }), text("reason", "Reason"), occurredAt],
  },
  dispatches: {
    label: "Dispatch a unit",
    fields: [text("unitId", "Unit", { required: true }), note(), occurredAt],
  },
  "en-route": {
    label: "Record a unit en route",
    fields: [{ name: "unitId", label: "Unit", kind: "unitNotEnRoute", required: true }, note(), occurredAt],
  },
  arrivals: {
    label: "Record an arrival",
    fields: [{ name: "unitId", label: "Unit", kind: "unit", required: true }, note(), occurredAt],
  },
  diversion: {
    label: "Divert to another agency",
    fields: [text("agency", "Agency", { required: true }), text("workOrderRef", "Work order reference"),
      { name: "beforeDispatch", kind: "beforeDispatch" }, occurredAt],
  },
  clearance: {
    label: "Clear",
    fields: [{ name: "disposition", label: "Disposition", kind: "disposition", required: true },
      text("disputeId", "Dispute opened from it (id)"), text("caseRef", "Case reference"),
      { name: "deaths", label: "Deaths", kind: "number" }, { name: "injuries", label: "Injuries", kind: "number" }, occurredAt],
  },
  cancellation: {
    label: "Cancel",
    fields: [text("reason", "Reason", { required: true }), occurredAt],
  },
  reopening: {
    label: "Reopen",
    fields: [text("reason", "Reason", { required: true }), note(), occurredAt],
  },
};

/** The dispositions a clearance may have from a status: without a unit, only those that need none. */
export function dispositions(status) {
  return status === "received" ? ["advice_only", "invalid", "duplicate"]
    : ["handled", "mediated", "case_opened", "invalid", "duplicate", "advice_only"];
}

/** The steps legal in a dispute's status, in the order they are offered. */
export function disputeSteps(status) {
  const names = {
    logged: ["mediations", "referrals", "resolution", "closure"],
    in_mediation: ["mediations", "referrals", "resolution"],
    mediation_failed: ["mediations", "referrals", "resolution", "closure"],
    referred: ["resolution", "closure", "follow-ups"],
    resolved: ["reopening", "follow-ups"],
    closed_unresolved: ["reopening", "follow-ups"],
  }[status] || [];
  return names.map((name) => ({ path: name, ...DISPUTE_STEPS[name] }));
}

/**
 * The steps legal in an alert's state; an arrival only while a dispatched unit has not
 * arrived, an en-route entry only for such a unit not yet en route, and not once a unit
 * arrived with none recorded en route (the first en route may not follow the first arrival).
 */
export function alertSteps(alert) {
  const waiting = alert.units.some((unit) => !unit.arrivedAt);
  const mayGo = alert.units.some((unit) => !unit.arrivedAt && !unit.enRouteAt)
    && (alert.firstEnRouteAt || !alert.firstArrivedAt);
  const enRoute = mayGo ? "en-route" : null;
  const arrivals = waiting ? "arrivals" : null;
  const names = {
    received: ["reclassification", "dispatches", "diversion", "clearance", "cancellation"],
    dispatched: ["reclassification", "dispatches", enRoute, arrivals, "diversion", "clearance", "cancellation"],
    on_scene: ["reclassification", "dispatches", enRoute, arrivals, "diversion", "clearance"],
    diverted: ["reclassification"],
    cleared: ["reclassification", "reopening"],
  }[alert.status] || [];
  return names.filter(Boolean).map((name) => ({ path: name, ...ALERT_STEPS[name] }));
}

/** The outcomes a mediation may have now: after a failed one, a second failure is refused. */
export function mediationOutcomes(status) {
  return status === "mediation_failed" ? ["agreement", "adjourned"] : ["agreement", "no_agreement", "adjourned"];
}

/** Event types that are corrections (they cannot be corrected themselves). */
export const CORRECTIONS = new Set(["EntryRetracted", "EntryAmended"]);

/**
 * Which corrections a role may make to an entry (docs/http-api.md): clerks correct
 * everything but an alert's times; supervisors correct only times.
 */
export function correctionsAllowed(role, kind, entry) {
  if (CORRECTIONS.has(entry.type)) return { retract: false, amend: false, timesOnly: false };
  const timeEntry = kind === "alert" && ["UnitDispatched", "UnitEnRoute", "UnitArrived"].includes(entry.type);
  if (role === "admin") return { retract: true, amend: true, timesOnly: false };
  if (role === "supervisor") return { retract: timeEntry, amend: true, timesOnly: true };
  if (role === "clerk") return { retract: !timeEntry, amend: true, timesOnly: false, noTimes: kind === "alert" };
  return { retract: false, amend: false, timesOnly: false };
}
