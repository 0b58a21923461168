// Clerk pages: the open cases of the caller's stations, the forms that log a dispute or an
// alert and record each next step, corrections, and a case's history as a timeline.
import { get, post, ApiError } from "./api.js";
import { h, fill, when, words, notice, duration } from "./dom.js";
import { buildForm } from "./form.js";
import { OPENING, disputeSteps, alertSteps, dispositions, mediationOutcomes, correctionsAllowed, CORRECTIONS } from "./steps.js";
import { can } from "./roles.js";

const KINDS = {
  disputes: {
    noun: "dispute", title: "Disputes", path: "/disputes", idField: "disputeId", at: "loggedAt",
    statuses: ["logged", "in_mediation", "mediation_failed", "referred", "resolved", "closed_unresolved"],
    closed: new Set(["resolved", "closed_unresolved"]),
  },
  alerts: {
    noun: "alert", title: "Alerts", path: "/alerts", idField: "alertId", at: "receivedAt",
    statuses: ["received", "dispatched", "on_scene", "diverted", "cleared", "cancelled"],
    closed: new Set(["diverted", "cleared", "cancelled"]),
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The case list: `params` carries kind, state and search from the address. */
export async function showCases(target, me, params) {
  const kindName = params.get("kind") === "alerts" ? "alerts" : "disputes";
  const kind = KINDS[kindName];
  const state = params.get("state") || "open";
  const search = params.get("q") || "";
  const address = (changes) => {
    const next = new URLSearchParams({ kind: kindName, state, q: search, ...changes });
    return `#/cases?${next.toString()}`;
  };
  const tabs = h("nav", { class: "tabs", "aria-label": "Kind of case" },
    Object.entries(KINDS).map(([name, one]) => h("a", { href: address({ kind: name, state: "open" }), "aria-current": name === kindName ? "page" : undefined }, one.title)));
  const stateSelect = h("select", { id: "case-state", name: "state" },
    h("option", { value: "open" }, "open (not closed)"), h("option", { value: "any" }, "any state"),
    kind.statuses.map((status) => h("option", { value: status }, words(status))));
  stateSelect.value = state;
  const searchInput = h("input", { id: "case-search", name: "q", type: "search", value: search, autocomplete: "off", placeholder: "id or its first characters" });
  const controls = h("form", { class: "filters", role: "search" },
    h("div", { class: "field" }, h("label", { for: "case-search" }, `Find a ${kind.noun} by id`), searchInput),
    h("div", { class: "field" }, h("label", { for: "case-state" }, "State"), stateSelect),
    h("button", { type: "submit" }, "Show"));
  controls.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = searchInput.value.trim().toLowerCase();
    if (UUID.test(text)) location.hash = `#/${kind.noun}/${text}`;
    else location.hash = address({ state: stateSelect.value, q: text });
  });
  stateSelect.addEventListener("change", () => controls.requestSubmit());
  const actions = can(me, "record")
    ? h("p", { class: "actions" },
      h("a", { class: "button", href: "#/new/dispute", id: "log-dispute" }, "Log a dispute"),
      h("a", { class: "button", href: "#/new/alert", id: "log-alert" }, "Log an alert"))
    : null;
  const list = h("div", { id: "case-list" }, h("p", { class: "loading", role: "status" }, "Loading…"));
  fill(target, h("h2", { class: "page-title" }, "Cases"), actions, tabs, controls, list);
  const rows = [];
  let cursor = null;
  const more = async () => {
    const query = { limit: 100, cursor };
    if (state !== "open" && state !== "any") query.status = state;
    try {
      const page = await get(kind.path, query);
      rows.push(...page.items);
      cursor = page.nextCursor;
      render();
    } catch (error) {
      fill(list, notice(`The ${kind.title.toLowerCase()} could not be read: ${error.message}`));
    }
  };
  const render = () => {
    const shown = rows.filter((row) => (state !== "open" || !kind.closed.has(row.status))
      && (!search || row[kind.idField].startsWith(search)));
    fill(list,
      shown.length === 0 ? h("p", { class: "empty" }, `No ${kind.title.toLowerCase()} match${cursor ? " on the pages read so far" : ""}.`) : caseTable(kind, shown, me),
      cursor ? h("button", { type: "button", class: "quiet", onclick: more }, "Show older cases") : null);
  };
  await more();
}

function caseTable(kind, rows, me) {
  const stations = new Set(rows.map((row) => row.stationId));
  return h("div", { class: "scroll" }, h("table", { class: "cases", id: "case-table" },
    h("thead", {}, h("tr", {}, [kind.noun === "dispute" ? "Logged" : "Received", "Id", "Category", "State", stations.size > 1 ? "Station" : null, "Community", "Summary"]
      .filter(Boolean).map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, rows.map((row) => h("tr", { "data-id": row[kind.idField], "data-status": row.status },
      h("td", {}, when(row[kind.at])),
      h("td", {}, h("a", { href: `#/${kind.noun}/${row[kind.idField]}`, class: "mono" }, row[kind.idField].slice(0, 8))),
      h("td", {}, words(row.category)),
      h("td", {}, h("span", { class: `status ${row.status}` }, words(row.status))),
      stations.size > 1 ? h("td", {}, row.stationId) : null,
      h("td", {}, communityName(me, row.communityId)),
      h("td", { class: "summary" }, row.summary || ""))))));
}

/** A community's name from the stations /me listed, or its id. */
function communityName(me, id) {
  if (!id) return "—";
  for (const station of me.stations) {
    const community = station.communities.find((one) => one.communityId === id);
    if (community) return community.name;
  }
  return id;
}

/** The form that logs a new dispute or alert. */
export function showNewCase(target, me, noun) {
  if (!can(me, "record")) {
    fill(target, notice(`A ${me.role} token cannot log cases; clerks do.`));
    return;
  }
  const opening = OPENING[noun];
  const form = buildForm({
    title: opening.title, fields: opening.fields, context: { me }, submitLabel: opening.title,
    onCancel: () => { location.hash = `#/cases?kind=${noun}s`; },
    onSubmit: async (payload) => {
      const answer = await post(opening.path, payload);
      location.hash = `#/${noun}/${answer.streamId.slice(noun.length + 1)}`;
    },
  });
  fill(target, h("p", {}, h("a", { href: `#/cases?kind=${noun}s` }, `← ${noun === "dispute" ? "Disputes" : "Alerts"}`)), form);
  form.querySelector("select, input")?.focus();
}

/** One case: its state, the next steps legal now, and its history with corrections. */
export async function showCase(target, me, noun, id) {
  fill(target, h("p", { class: "loading", role: "status" }, "Loading…"));
  let record;
  try {
    record = await get(`/${noun}s/${encodeURIComponent(id)}`, { history: "true" });
  } catch (error) {
    const message = error instanceof ApiError && error.status === 403
      ? `This ${noun} belongs to a station your token may not access.`
      : error instanceof ApiError && error.status === 404 ? `There is no ${noun} ${id}.` : `The ${noun} could not be read: ${error.message}`;
    fill(target, h("p", {}, h("a", { href: `#/cases?kind=${noun}s` }, "← Cases")), notice(message));
    return;
  }
  const reload = () => showCase(target, me, noun, id);
  const stepsHolder = h("div", { id: "step-form" });
  const steps = noun === "dispute" ? disputeSteps(record.status) : alertSteps(record);
  const context = {
    me, status: record.status, units: record.units || [],
    dispositions: dispositions(record.status), outcomes: mediationOutcomes(record.status),
  };
  const stepButtons = can(me, "record")
    ? h("div", { class: "steps", id: "next-steps", role: "group", "aria-label": "Next steps" },
      steps.length === 0 ? h("p", {}, "Nothing more may be recorded in this state.") : null,
      steps.map((step) => h("button", {
        type: "button", "data-step": step.path,
        onclick: () => {
          const form = buildForm({
            title: step.label, fields: step.fields, context, submitLabel: step.label,
            onCancel: () => fill(stepsHolder),
            onSubmit: async (payload) => {
              await post(`/${noun}s/${id}/${step.path}`, payload);
              await reload();
            },
          });
          fill(stepsHolder, form);
          form.querySelector("select, input, textarea")?.focus();
        },
      }, step.label)))
    : null;
  fill(target,
    h("p", {}, h("a", { href: `#/cases?kind=${noun}s` }, "← Cases")),
    h("article", { class: "card case", "data-status": record.status, id: "case" },
      h("h2", {}, `${noun === "dispute" ? "Dispute" : "Alert"} `, h("span", { class: "mono" }, id.slice(0, 8)), " ",
        h("span", { class: `status ${record.status}`, id: "case-status" }, words(record.status))),
      summary(me, noun, record),
      stepButtons, stepsHolder),
    timeline(me, noun, id, record, reload));
}

function summary(me, noun, record) {
  const facts = noun === "dispute"
    ? [["Station", record.stationId], ["Community", communityName(me, record.communityId)], ["Category", words(record.category)],
      ["Logged", when(record.loggedAt)], ["Key dispute", record.key ? "yes" : "no"], ["Mediations", record.mediations],
      ["Agreements", record.agreements], ["Referrals", record.referrals], ["Follow-ups", record.followUps],
      ["Resolved", record.firstResolvedAt ? `${when(record.firstResolvedAt)} (${words(record.resolutionMethod)}, ${words(record.resolutionLevel)})` : "—"]]
    : [["Station", record.stationId], ["Community", communityName(me, record.communityId)], ["Channel", words(record.channel)],
      ["Category", record.category === record.initialCategory ? words(record.category) : `${words(record.category)} (received as ${words(record.initialCategory)})`],
      ["Priority", record.priority ?? "—"], ["Received", when(record.receivedAt)],
      ["First arrival", record.firstArrivedAt ? `${when(record.firstArrivedAt)} (${duration((new Date(record.firstArrivedAt) - new Date(record.receivedAt)) / 1000)} after receipt)` : "—"],
      ["Units", record.units.length ? record.units.map((unit) => `${unit.unitId}${unit.arrivedAt ? " (arrived)" : ""}`).join(", ") : "—"],
      ["Times amended", record.amendedTimes]];
  return h("dl", { class: "facts" }, facts.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))));
}

function timeline(me, noun, id, record, reload) {
  const entries = record.history || [];
  const retracted = new Map();
  const amended = new Map();
  for (const entry of entries) {
    const target = String(entry.data?.targetEventId || "").toLowerCase();
    if (entry.type === "EntryRetracted") retracted.set(target, entry);
    if (entry.type === "EntryAmended") amended.set(target, [...(amended.get(target) || []), entry]);
  }
  return h("section", { class: "card", "aria-labelledby": "timeline-title" },
    h("h2", { id: "timeline-title" }, "History"),
    h("ol", { class: "timeline", id: "timeline" }, entries.map((entry) => {
      const isRetracted = retracted.has(entry.eventId);
      const allowed = correctionsAllowed(me.role, noun, entry);
      const correction = h("div", { class: "correction" });
      const buttons = !isRetracted && (allowed.retract || allowed.amend)
        ? h("div", { class: "entry-actions" },
          allowed.retract ? h("button", { type: "button", class: "quiet", "data-correct": "retract",
            onclick: () => fill(correction, retractForm(noun, id, entry, reload, () => fill(correction))) }, "Retract") : null,
          allowed.amend ? h("button", { type: "button", class: "quiet", "data-correct": "amend",
            onclick: () => fill(correction, amendForm(me, noun, id, entry, allowed, reload, () => fill(correction))) }, "Amend") : null)
        : null;
      return h("li", { class: `entry${isRetracted ? " retracted" : ""}${CORRECTIONS.has(entry.type) ? " corrective" : ""}`, "data-type": entry.type, "data-event": entry.eventId },
        h("div", { class: "entry-head" },
          h("strong", {}, words(entry.type.replace(/([a-z])([A-Z])/g, "$1 $2"))),
          h("time", { datetime: entry.occurredAt }, when(entry.occurredAt)),
          h("span", { class: "actor" }, `by ${entry.actor}`),
          isRetracted ? h("span", { class: "badge" }, "retracted") : null,
          amended.has(entry.eventId) ? h("span", { class: "badge" }, "amended") : null),
        details(entry.data), buttons, correction);
    })));
}

function details(data) {
  const pairs = Object.entries(data || {}).filter(([key]) => !["disputeId", "alertId", "stationId"].includes(key));
  if (pairs.length === 0) return null;
  return h("dl", { class: "entry-data" }, pairs.map(([key, value]) => h("div", {},
    h("dt", {}, key), h("dd", {}, shown(value)))));
}

/** A payload value as text: parties as "name (phone); (erased)", other lists and objects as JSON. */
function shown(value) {
  if (Array.isArray(value) && value.every((one) => one && typeof one === "object" && ("name" in one || one.erased === true))) {
    return value.map((one) => (one.erased === true ? "(erased)" : one.phone ? `${one.name} (${one.phone})` : one.name)).join("; ");
  }
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

function retractForm(noun, id, entry, reload, cancel) {
  return buildForm({
    title: `Retract this ${words(entry.type)}`,
    fields: [{ name: "reason", label: "Why it was entered by mistake", kind: "textarea", required: true }],
    context: {}, submitLabel: "Retract",
    onCancel: cancel,
    onSubmit: async (payload) => {
      await post(`/${noun}s/${id}/retractions`, { targetEventId: entry.eventId, ...payload });
      await reload();
    },
  });
}

function amendForm(me, noun, id, entry, allowed, reload, cancel) {
  const fields = Object.keys(entry.data || {}).filter((key) => !["disputeId", "alertId", "stationId"].includes(key));
  const choices = allowed.timesOnly ? ["occurredAt"] : allowed.noTimes ? fields : [...fields, "occurredAt"];
  const form = buildForm({
    title: `Amend this ${words(entry.type)}`,
    fields: [
      { name: "field", label: "Field entered wrongly", kind: "select", values: choices, required: true },
      { name: "value", label: "Correct value (times as 2024-05-01T09:30:00+08:00; empty clears an optional field)", kind: "text" },
      { name: "reason", label: "Why it is corrected", kind: "textarea", required: true },
    ],
    context: { me }, submitLabel: "Amend",
    onCancel: cancel,
    onSubmit: async (payload) => {
      const field = payload.field;
      const original = field === "occurredAt" ? entry.occurredAt : entry.data[field];
      const changes = {};
      if (field) changes[field] = typed(payload.value, original);
      await post(`/${noun}s/${id}/amendments`, { targetEventId: entry.eventId, changes, reason: payload.reason });
      await reload();
    },
  });
  return form;
}

/** A new value typed like the value it replaces (numbers, booleans, lists and objects as JSON). */
function typed(text, original) {
  if (text === undefined || text === "") return null;
  if (typeof original === "number") return Number(text);
  if (typeof original === "boolean") return text === "true" || text === "yes";
  if (typeof original === "object" && original !== null) {
    try { return JSON.parse(text); } catch { return text; }
  }
  return text;
}
