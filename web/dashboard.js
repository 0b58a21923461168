// The supervisor dashboard: every figure is read from /stats with the user's token, for
// the stations and dates chosen, and each chart's table can be downloaded as CSV.
import { get } from "./api.js";
import { h, fill, percent, duration, today, notice, words } from "./dom.js";
import { groupedBars, histogram, stackedRows, calendar } from "./charts.js";
import { csvButton } from "./csv.js";

/** Response-time limits (minutes) asked of the API to draw the distribution, besides the targets. */
const RESPONSE_LIMITS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 45, 60];

const ALERT_CATEGORIES = ["criminal", "public_order", "traffic_accident", "dispute", "assistance", "fire", "non_police", "other"];

const RATES = [
  ["mediationSuccessRate", "Mediation success"],
  ["onSiteRate", "Resolved on site"],
  ["resolutionRate", "Resolution rate"],
  ["satisfactionRate", "Satisfaction"],
];

let filters = null;

function defaultFilters(me) {
  const now = new Date();
  const start = new Date(now.getFullYear(), now.getMonth() - 11, 1);
  return {
    stations: me.stations.map((station) => station.stationId),
    from: `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, "0")}-01`,
    to: today(),
  };
}

/** The same local dates one year earlier (29 February becomes 28 February), as /stats/compare does. */
export function yearEarlier(date) {
  const [year, month, day] = date.split("-");
  const shifted = month === "02" && day === "29" ? "28" : day;
  return `${String(Number(year) - 1).padStart(4, "0")}-${month}-${shifted}`;
}

/** The months YYYY-MM from the month of `from` to that of `to`. */
function months(from, to) {
  const result = [];
  let [year, month] = from.split("-").map(Number);
  const [endYear, endMonth] = to.split("-").map(Number);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    result.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) { month = 1; year += 1; }
  }
  return result;
}

function stationName(me, id) {
  return me.stations.find((station) => station.stationId === id)?.name || id;
}

function cell(value, key, extra = {}) {
  return h("td", { "data-key": key, ...extra }, value);
}

function rateCells(figures, name, prefix) {
  return [
    cell(percent(figures[name]), `${prefix}|${name}`, { "data-value": figures[name] ?? "null" }),
    cell(`${figures[`${name}Numerator`]} / ${figures[`${name}Denominator`]}`, `${prefix}|${name}Fraction`, { class: "fraction" }),
  ];
}

function section(id, title, ...content) {
  return h("section", { class: "card", id, "aria-labelledby": `${id}-title` }, h("h2", { id: `${id}-title` }, title), ...content);
}

function filterForm(me, onApply) {
  const stations = h("fieldset", { class: "stations" }, h("legend", {}, "Stations"),
    me.stations.length === 0 ? h("p", {}, "No station is registered yet.") : null,
    me.stations.map((station) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "station", value: station.stationId, checked: filters.stations.includes(station.stationId) }),
      ` ${station.name} (${station.stationId})`)));
  const form = h("form", { class: "filters", id: "filters" },
    stations,
    h("div", { class: "field" }, h("label", { for: "filter-from" }, "From"),
      h("input", { id: "filter-from", name: "from", type: "date", value: filters.from, required: true })),
    h("div", { class: "field" }, h("label", { for: "filter-to" }, "To"),
      h("input", { id: "filter-to", name: "to", type: "date", value: filters.to, required: true })),
    h("button", { type: "submit" }, "Show"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filters = {
      stations: [...form.querySelectorAll("input[name=station]:checked")].map((input) => input.value),
      from: form.elements.from.value,
      to: form.elements.to.value,
    };
    onApply();
  });
  return form;
}

/** Shows the dashboard in `target`. */
export async function showDashboard(target, me) {
  filters = filters || defaultFilters(me);
  const body = h("div", { id: "dashboard-body" });
  fill(target, h("h2", { class: "page-title" }, "Station dashboard"), filterForm(me, () => load(body, me)), body);
  await load(body, me);
}

async function load(body, me) {
  body.dataset.loaded = "false";
  if (!filters.from || !filters.to) {
    fill(body, notice("Choose a start and an end date."));
    return;
  }
  if (filters.stations.length === 0) {
    fill(body, notice("Choose at least one station."));
    return;
  }
  fill(body, h("p", { class: "loading", role: "status" }, "Loading the figures…"));
  const base = { from: filters.from, to: filters.to, stationId: filters.stations };
  const earlier = { ...base, from: yearEarlier(filters.from), to: yearEarlier(filters.to) };
  const targets = [...new Set(me.stations.filter((s) => filters.stations.includes(s.stationId)).map((s) => s.responseTargetMinutes))];
  const limits = [...new Set([...RESPONSE_LIMITS, ...targets])].sort((a, b) => a - b);
  let byStation = null;
  const alertsByStation = () => (byStation = byStation || get("/stats/alerts", { ...base, groupBy: "station" }));
  const parts = [
    ["disputes", "Mediation, on-site resolution, resolution and satisfaction",
      () => get("/stats/disputes", { ...base, groupBy: "station" }), (disputes) => disputeSection(me, disputes)],
    ["volume", "Alert volume by final category, against a year earlier",
      () => Promise.all([
        get("/stats/alerts", { ...base, groupBy: ["month", "category"] }),
        get("/stats/alerts", { ...earlier, groupBy: ["month", "category"] }),
        get("/stats/compare", { stationId: filters.stations, metric: "alerts.received", period: "custom", from: filters.from, to: filters.to }),
      ]), ([monthly, monthlyEarlier, compare]) => volumeSection(monthly, monthlyEarlier, compare)],
    ["response", "Response time: receipt to first arrival",
      () => Promise.all([
        alertsByStation(),
        Promise.all(limits.map((minutes) => get("/stats/alerts", { ...base, targetMinutes: minutes }))),
      ]), ([alerts, cumulative]) => responseSection(me, alerts, limits, cumulative, targets)],
    ["dispatch", "Dispatch delay against travel time",
      alertsByStation, (alerts) => dispatchSection(me, alerts)],
    ["quiet", "Days without a criminal alert",
      () => Promise.all([
        get("/stats/quiet-days", { ...base, category: "criminal" }),
        get("/stats/alerts", { ...base, category: "criminal", groupBy: "day" }),
      ]), ([quiet, criminalDays]) => quietSection(quiet, criminalDays)],
  ];
  const asOf = h("p", { class: "as-of" }, `${filters.from} to ${filters.to}`);
  const holders = parts.map(([id, title]) => section(id, title, h("p", { class: "loading", role: "status" }, "Loading…")));
  fill(body, asOf, holders);
  await Promise.all(parts.map(async ([id, title, fetch, render], index) => {
    try {
      const answer = await fetch();
      const first = Array.isArray(answer) ? answer[0] : answer;
      if (index === 0) {
        asOf.textContent = `Figures as of log position ${first.asOfPosition} · metric definitions v${first.definitionsVersion} · ${filters.from} to ${filters.to}`;
      }
      holders[index].replaceWith(render(answer));
    } catch (error) {
      holders[index].replaceWith(section(id, title, notice(`These figures could not be read: ${error.message}`)));
    }
  }));
  body.dataset.loaded = "true";
}

function disputeSection(me, answer) {
  const rows = answer.rows.map((row) => ({ label: stationName(me, row.stationId), key: row.stationId, figures: row }));
  rows.push({ label: "All selected stations", key: "total", figures: answer.totals });
  const table = h("table", { class: "figures", id: "dispute-table" },
    h("caption", {}, "Each rate with its numerator and denominator (metrics.md)"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Station"), h("th", { scope: "col" }, "Logged"),
      RATES.map(([, label]) => h("th", { scope: "col", colspan: 2 }, label)))),
    h("tbody", {}, rows.map((row) => h("tr", { class: row.key === "total" ? "total" : undefined },
      h("th", { scope: "row" }, row.label),
      cell(row.figures.logged, `${row.key}|logged`),
      RATES.map(([name]) => rateCells(row.figures, name, row.key))))));
  const chart = groupedBars({
    title: "Dispute rates per station",
    labels: rows.map((row) => row.label),
    series: RATES.map(([name, label]) => ({ name: label, values: rows.map((row) => row.figures[name] === null ? null : row.figures[name] * 100) })),
    format: (value) => `${Number(value).toFixed(1)}%`,
  });
  const csv = csvButton("dispute-rates.csv",
    ["stationId", "logged", ...RATES.flatMap(([name]) => [name, `${name}Numerator`, `${name}Denominator`])],
    rows.map((row) => [row.key === "total" ? "all" : row.key, row.figures.logged,
      ...RATES.flatMap(([name]) => [row.figures[name], row.figures[`${name}Numerator`], row.figures[`${name}Denominator`]])]));
  return section("disputes", "Mediation, on-site resolution, resolution and satisfaction", chart, h("div", { class: "scroll" }, table), csv);
}

function change(current, previous) {
  return previous === 0 ? null : (current - previous) / previous;
}

function signed(ratio) {
  return ratio === null ? "—" : `${ratio > 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%`;
}

function volumeSection(answer, earlier, compare) {
  const monthList = months(answer.from, answer.to);
  const count = (rows, month, category) => rows
    .filter((row) => row.month === month && (category === "all" || row.category === category))
    .reduce((sum, row) => sum + row.received, 0);
  const longRows = monthList.flatMap((month) => ALERT_CATEGORIES.map((category) => {
    const current = count(answer.rows, month, category);
    const previous = count(earlier.rows, yearEarlier(`${month}-01`).slice(0, 7), category);
    return [month, category, current, previous, change(current, previous)];
  }));
  const holder = h("div", {});
  const select = h("select", { id: "volume-category", name: "category" },
    h("option", { value: "all" }, "All categories"),
    ALERT_CATEGORIES.map((category) => h("option", { value: category }, words(category))));
  const draw = () => {
    const category = select.value;
    const current = monthList.map((month) => count(answer.rows, month, category));
    const previous = monthList.map((month) => count(earlier.rows, yearEarlier(`${month}-01`).slice(0, 7), category));
    fill(holder,
      groupedBars({
        title: "Alerts per month and a year earlier",
        labels: monthList,
        series: [{ name: "This period", values: current }, { name: "A year earlier", values: previous, className: "s7" }],
      }),
      h("div", { class: "scroll" }, h("table", { class: "figures", id: "volume-table" },
        h("thead", {}, h("tr", {}, ["Month", "Alerts", "A year earlier", "Change"].map((text) => h("th", { scope: "col" }, text)))),
        h("tbody", {}, monthList.map((month, index) => h("tr", {},
          h("th", { scope: "row" }, month),
          cell(current[index], `${month}|${category}|received`),
          cell(previous[index], `${month}|${category}|earlier`),
          cell(signed(change(current[index], previous[index])), `${month}|${category}|change`)))))));
  };
  select.addEventListener("change", draw);
  draw();
  const total = h("p", { class: "headline", id: "volume-compare" },
    `Alerts received ${compare.currentWindow.from} to ${compare.currentWindow.to}: `,
    h("strong", { "data-key": "compare|current" }, compare.current), ` against `,
    h("strong", { "data-key": "compare|previous" }, compare.previous),
    ` from ${compare.previousWindow.from} to ${compare.previousWindow.to}: `,
    h("strong", { "data-key": "compare|changeRatio", "data-value": compare.changeRatio ?? "null" }, signed(compare.changeRatio ?? null)),
    compare.smallBase ? " (small base: fewer than 20 a year earlier)" : "");
  return section("volume", "Alert volume by final category, against a year earlier", total,
    h("div", { class: "field inline" }, h("label", { for: "volume-category" }, "Category"), select), holder,
    csvButton("alert-volume.csv", ["month", "category", "received", "receivedYearEarlier", "changeRatio"], longRows));
}

function responseSection(me, answer, limits, cumulative, targets) {
  const rows = answer.rows.map((row) => ({ label: stationName(me, row.stationId), key: row.stationId, figures: row,
    target: me.stations.find((station) => station.stationId === row.stationId)?.responseTargetMinutes }));
  rows.push({ label: "All selected stations", key: "total", figures: answer.totals, target: targets.length === 1 ? targets[0] : null });
  const within = cumulative.map((one) => one.totals.withinTarget);
  const total = answer.totals.response.count;
  const target = targets.length === 1 ? targets[0] : null;
  const bins = limits.map((limit, index) => ({
    label: index === 0 ? `≤${limit}` : `${limits[index - 1]}–${limit}`,
    lower: index === 0 ? 0 : limits[index - 1], upper: limit,
    count: within[index] - (index === 0 ? 0 : within[index - 1]),
    within: target === null || limit <= target,
  }));
  bins.push({ label: `>${limits[limits.length - 1]}`, lower: limits[limits.length - 1], upper: null,
    count: total - within[within.length - 1], within: target === null });
  const chart = histogram({
    title: "Response times of the selected stations", bins, target,
    targetLabel: target === null ? "" : `target ${target} min`, unit: "minutes from receipt to first arrival",
  });
  const table = h("table", { class: "figures", id: "response-table" },
    h("thead", {}, h("tr", {}, ["Station", "Target", "Responses", "p50", "p90", "Within target", ""].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, rows.map((row) => h("tr", { class: row.key === "total" ? "total" : undefined },
      h("th", { scope: "row" }, row.label),
      h("td", {}, row.target ? `${row.target} min` : "per station"),
      cell(row.figures.response.count, `${row.key}|response.count`),
      cell(duration(row.figures.response.p50Seconds), `${row.key}|response.p50Seconds`, { "data-value": row.figures.response.p50Seconds ?? "null" }),
      cell(duration(row.figures.response.p90Seconds), `${row.key}|response.p90Seconds`, { "data-value": row.figures.response.p90Seconds ?? "null" }),
      rateCells(row.figures, "withinTargetRate", row.key)))));
  return section("response", "Response time: receipt to first arrival",
    target === null ? h("p", {}, "The selected stations have different targets; each station's share is against its own target.") : null,
    chart, h("div", { class: "scroll" }, table),
    csvButton("response-distribution.csv", ["upToMinutes", "responsesWithin", "responses"],
      limits.map((limit, index) => [limit, within[index], total])),
    csvButton("response-by-station.csv",
      ["stationId", "responses", "p50Seconds", "p90Seconds", "withinTargetRate", "withinTargetRateNumerator", "withinTargetRateDenominator"],
      rows.map((row) => [row.key === "total" ? "all" : row.key, row.figures.response.count, row.figures.response.p50Seconds,
        row.figures.response.p90Seconds, row.figures.withinTargetRate, row.figures.withinTargetRateNumerator, row.figures.withinTargetRateDenominator])));
}

function dispatchSection(me, answer) {
  const rows = answer.rows.map((row) => ({ label: stationName(me, row.stationId), key: row.stationId, figures: row }));
  rows.push({ label: "All selected", key: "total", figures: answer.totals });
  const chart = stackedRows({
    title: "Median dispatch delay and median travel time per station",
    labels: rows.map((row) => row.label),
    series: [
      { name: "Dispatch delay (p50)", values: rows.map((row) => row.figures.dispatchDelay.p50Seconds) },
      { name: "Travel time (p50)", values: rows.map((row) => row.figures.travel.p50Seconds), className: "s2" },
    ],
    format: duration,
  });
  // Turnout and drive split travel where units' en-route times were recorded.
  const intervals = [["dispatchDelay", "Dispatch delay"], ["turnout", "Turnout"], ["drive", "Drive"], ["travel", "Travel"]];
  const table = h("table", { class: "figures", id: "dispatch-table" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Station"),
      intervals.flatMap(([, label]) => ["count", "mean", "p50", "p90"].map((part) => h("th", { scope: "col" }, `${label} ${part}`))))),
    h("tbody", {}, rows.map((row) => h("tr", { class: row.key === "total" ? "total" : undefined },
      h("th", { scope: "row" }, row.label),
      intervals.flatMap(([name]) => [
        cell(row.figures[name].count, `${row.key}|${name}.count`),
        cell(duration(row.figures[name].meanSeconds), `${row.key}|${name}.meanSeconds`),
        cell(duration(row.figures[name].p50Seconds), `${row.key}|${name}.p50Seconds`, { "data-value": row.figures[name].p50Seconds ?? "null" }),
        cell(duration(row.figures[name].p90Seconds), `${row.key}|${name}.p90Seconds`, { "data-value": row.figures[name].p90Seconds ?? "null" }),
      ])))));
  return section("dispatch", "Dispatch delay against travel time", chart, h("div", { class: "scroll" }, table),
    csvButton("dispatch-travel.csv",
      ["stationId", ...intervals.flatMap(([name]) => ["count", "meanSeconds", "p50Seconds", "p90Seconds"].map((part) => `${name}.${part}`))],
      rows.map((row) => [row.key === "total" ? "all" : row.key,
        ...intervals.flatMap(([name]) => [row.figures[name].count, row.figures[name].meanSeconds, row.figures[name].p50Seconds, row.figures[name].p90Seconds])])));
}

function quietSection(quiet, criminalDays) {
  const busy = new Set(criminalDays.rows.filter((row) => row.received > 0).map((row) => row.day));
  const days = [];
  const cursor = new Date(`${quiet.from}T00:00:00`);
  for (let index = 0; index < quiet.totals.days; index += 1) {
    days.push(`${cursor.getFullYear()}-${String(cursor.getMonth() + 1).padStart(2, "0")}-${String(cursor.getDate()).padStart(2, "0")}`);
    cursor.setDate(cursor.getDate() + 1);
  }
  const headline = h("p", { class: "headline", id: "quiet-headline" },
    h("strong", { "data-key": "quiet|quietDays" }, quiet.totals.quietDays), " days without a criminal alert out of ",
    h("strong", { "data-key": "quiet|days" }, quiet.totals.days), ` (${percent(quiet.totals.quietShare)})`);
  return section("quiet", "Days without a criminal alert", headline,
    days.length ? h("div", { class: "scroll" }, calendar({ title: "Calendar of quiet days", days, busy })) : h("p", {}, "No day of the range has passed yet."),
    csvButton("quiet-days.csv", ["day", "quiet"], days.map((day) => [day, busy.has(day) ? "false" : "true"])));
}
