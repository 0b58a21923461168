// Forms built from field lists (steps.js): labelled inputs, the payload they give, and
// the API's validation errors shown beside the field they name.
import { h, words } from "./dom.js";

let counter = 0;

function describe(formId, name) {
  return `err-${formId}-${name}`;
}

function options(values, placeholder) {
  return [h("option", { value: "" }, placeholder), values.map((value) => h("option", { value }, words(value)))];
}

function partyRow(formId, index) {
  return h("div", { class: "party", "data-party": index },
    h("div", { class: "field" }, h("label", { for: `f-${formId}-party-${index}-name` }, `Party ${index + 1} name`),
      h("input", { id: `f-${formId}-party-${index}-name`, name: `party-name`, type: "text", autocomplete: "off" })),
    h("div", { class: "field" }, h("label", { for: `f-${formId}-party-${index}-phone` }, `Party ${index + 1} phone`),
      h("input", { id: `f-${formId}-party-${index}-phone`, name: `party-phone`, type: "tel", autocomplete: "off" })));
}

function control(formId, field, context) {
  const id = `f-${formId}-${field.name}`;
  const common = { id, name: field.name, "aria-describedby": describe(formId, field.name), "aria-required": field.required ? "true" : undefined };
  switch (field.kind) {
    case "select":
      return h("select", common, options(field.values, field.required ? "— choose —" : "— none —"));
    case "textarea":
      return h("textarea", { ...common, rows: 3 });
    case "date":
      return h("input", { ...common, type: "date" });
    case "datetime":
      return h("input", { ...common, type: "datetime-local", step: 60 });
    case "number":
      return h("input", { ...common, type: "number", min: 0, step: 1, inputmode: "numeric" });
    case "boolean":
      if (field.checkbox) return h("input", { ...common, type: "checkbox", value: "true" });
      return h("select", common, h("option", { value: "" }, field.required ? "— choose —" : "— not answered —"),
        h("option", { value: "true" }, "yes"), h("option", { value: "false" }, "no"));
    case "station": {
      const stations = context.me.stations.filter((station) => context.me.role === "admin" || context.me.stationIds.includes(station.stationId));
      const select = h("select", common, stations.length === 1 ? null : h("option", { value: "" }, "— choose —"),
        stations.map((station) => h("option", { value: station.stationId }, `${station.name} (${station.stationId})`)));
      return select;
    }
    case "community":
      return h("select", common, h("option", { value: "" }, "— none —"));
    case "unit":
    case "unitNotEnRoute":
      return h("select", common, h("option", { value: "" }, "— choose —"),
        context.units.filter((unit) => !unit.arrivedAt && (field.kind === "unit" || !unit.enRouteAt))
          .map((unit) => h("option", { value: unit.unitId }, unit.unitId)));
    case "disposition":
      return h("select", common, options(context.dispositions, "— choose —"));
    case "outcome":
      return h("select", common, options(context.outcomes, "— choose —"));
    default:
      return h("input", { ...common, type: "text", autocomplete: "off", list: field.suggestions ? `${id}-list` : undefined });
  }
}

function fieldBlock(formId, field, context) {
  if (field.kind === "beforeDispatch") return null;
  if (field.kind === "parties") {
    const rows = h("div", { class: "parties" }, partyRow(formId, 0), partyRow(formId, 1));
    return h("fieldset", { class: "field wide", "data-field": "parties" }, h("legend", {}, field.label), rows,
      h("button", { type: "button", class: "quiet", onclick: () => rows.append(partyRow(formId, rows.children.length)) }, "Add a party"),
      h("p", { class: "field-error", id: describe(formId, field.name), role: "alert" }));
  }
  const input = control(formId, field, context);
  const wide = field.kind === "textarea" || field.kind === "parties";
  const label = h("label", { for: input.id }, field.label, field.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null);
  return h("div", { class: `field${wide ? " wide" : ""}${field.kind === "boolean" && field.checkbox ? " check-field" : ""}`, "data-field": field.name },
    field.kind === "boolean" && field.checkbox ? [input, label] : [label, input],
    field.suggestions ? h("datalist", { id: `${input.id}-list` }, field.suggestions.map((value) => h("option", { value }))) : null,
    h("p", { class: "field-error", id: describe(formId, field.name), role: "alert" }));
}

/**
 * A form of `fields`; `context` carries the caller (`me`), and for steps the case's units,
 * status and allowed values. `onSubmit(payload)` returns a promise; its ApiError is shown.
 */
export function buildForm({ title, fields, context, submitLabel, onSubmit, onCancel }) {
  counter += 1;
  const formId = `form${counter}`;
  const formError = h("p", { class: "form-error", role: "alert", id: `err-${formId}` });
  const form = h("form", { class: "entry-form", novalidate: true, "aria-labelledby": `${formId}-title` },
    h("h3", { id: `${formId}-title` }, title),
    h("div", { class: "fields" }, fields.map((field) => fieldBlock(formId, field, context))),
    formError,
    h("div", { class: "actions" },
      h("button", { type: "submit" }, submitLabel || "Record"),
      onCancel ? h("button", { type: "button", class: "quiet", onclick: onCancel }, "Cancel") : null));
  const station = form.querySelector("[name=stationId]");
  const community = form.querySelector("[name=communityId]");
  if (station && community) {
    const refresh = () => {
      const chosen = context.me.stations.find((one) => one.stationId === station.value);
      community.replaceChildren(h("option", { value: "" }, "— none —"),
        (chosen?.communities || []).map((one) => h("option", { value: one.communityId }, `${one.name} (${one.communityId})`)));
    };
    station.addEventListener("change", refresh);
    refresh();
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await onSubmit(readForm(form, fields, context));
    } catch (error) {
      showErrors(form, formId, error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function clearErrors(form) {
  for (const element of form.querySelectorAll(".field-error, .form-error")) element.textContent = "";
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
}

/** The payload of a form: empty fields left out, numbers and booleans typed. */
export function readForm(form, fields, context) {
  const payload = {};
  for (const field of fields) {
    if (field.kind === "beforeDispatch") {
      payload.beforeDispatch = context.status === "received";
      continue;
    }
    if (field.kind === "parties") {
      const parties = [...form.querySelectorAll(".party")].map((row) => ({
        name: row.querySelector("[name=party-name]").value.trim(),
        phone: row.querySelector("[name=party-phone]").value.trim(),
      })).filter((party) => party.name || party.phone)
        .map((party) => (party.phone ? party : { name: party.name }));
      if (parties.length) payload.parties = parties;
      continue;
    }
    const input = form.querySelector(`[name="${field.name}"]`);
    if (!input) continue;
    if (field.kind === "boolean" && field.checkbox) {
      payload[field.name] = input.checked;
      continue;
    }
    const value = input.value.trim();
    if (value === "") continue;
    if (field.kind === "boolean") payload[field.name] = value === "true";
    else if (field.kind === "number" || field.number) payload[field.name] = Number(value);
    else if (field.kind === "datetime") payload[field.name] = new Date(value).toISOString();
    else payload[field.name] = value;
  }
  return payload;
}

/** Puts each of the API's field errors beside its field; the rest above the buttons. */
export function showErrors(form, formId, error) {
  const general = [];
  const fieldErrors = error.errors && error.errors.length ? error.errors : [];
  for (const one of fieldErrors) {
    const name = String(one.field || "").split(/[.[]/)[0];
    const holder = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    const message = holder && holder.querySelector(".field-error");
    if (message) {
      message.textContent = one.message;
      const input = holder.querySelector("input, select, textarea");
      if (input) input.setAttribute("aria-invalid", "true");
    } else {
      general.push(one.message);
    }
  }
  if (fieldErrors.length === 0 || general.length) general.unshift(error.message);
  const formError = form.querySelector(`#err-${formId}`);
  formError.textContent = [...new Set(general)].join(" ");
  const first = form.querySelector("[aria-invalid=true]");
  if (first) first.focus();
}
