// Charts drawn as SVG by this page's own code: grouped bars, a histogram with a target
// line, and a calendar. Every mark carries a <title> with its exact value.
import { svg, h } from "./dom.js";

const SERIES_CLASSES = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"];

function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

function legend(series) {
  return h("ul", { class: "legend" },
    series.map((one, index) => h("li", {},
      h("span", { class: `swatch ${one.className || SERIES_CLASSES[index % SERIES_CLASSES.length]}`, "aria-hidden": "true" }),
      one.name)));
}

/**
 * Vertical grouped bars: one group per label, one bar per series.
 * `format` turns a value into the text of its title; `lines` are horizontal reference lines.
 */
export function groupedBars({ title, labels, series, format = String, lines = [], height = 240 }) {
  const groupWidth = Math.max(28, Math.min(48 * Math.max(1, series.length), 640 / Math.max(1, labels.length)));
  // Labels wider than their group are turned, and long ones shortened.
  const turned = labels.length > 8 || labels.some((label) => label.length * 6.5 > groupWidth);
  const shown = labels.map((label) => (label.length > 24 ? `${label.slice(0, 23)}…` : label));
  const longest = Math.max(...shown.map((label) => label.length), 4);
  const left = turned ? Math.max(48, 4.5 * longest - groupWidth / 2) : 48;
  const right = 12, top = 12, bottom = turned ? 14 + 4 * longest : 46;
  height += bottom - 46;
  const width = left + right + groupWidth * labels.length;
  const values = series.flatMap((one) => one.values.filter((v) => v !== null && v !== undefined));
  const max = niceMax(Math.max(0, ...values, ...lines.map((line) => line.value)));
  const y = (value) => top + (height - top - bottom) * (1 - value / max);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart" });
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max * tick) / 4;
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(value), y2: y(value), class: "grid" }),
      svg("text", { x: left - 6, y: y(value) + 4, class: "tick", "text-anchor": "end" }, format(value)));
  }
  const barWidth = (groupWidth - 8) / Math.max(1, series.length);
  labels.forEach((label, index) => {
    const x0 = left + index * groupWidth + 4;
    series.forEach((one, s) => {
      const value = one.values[index];
      if (value === null || value === undefined) return;
      chart.append(svg("rect", {
        x: x0 + s * barWidth, y: y(value), width: Math.max(1, barWidth - 1), height: Math.max(0, y(0) - y(value)),
        class: `bar ${one.className || SERIES_CLASSES[s % SERIES_CLASSES.length]}`,
      }, svg("title", {}, `${label} · ${one.name}: ${format(value)}`)));
    });
    const labelX = x0 + (groupWidth - 8) / 2;
    chart.append(svg("text", {
      x: labelX, y: height - bottom + 14, class: "tick", "text-anchor": turned ? "end" : "middle",
      transform: turned ? `rotate(-40 ${labelX} ${height - bottom + 14})` : undefined,
    }, shown[index]));
  });
  for (const line of lines) {
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(line.value), y2: y(line.value), class: "target" }),
      svg("text", { x: width - right, y: y(line.value) - 4, class: "target-label", "text-anchor": "end" }, line.label));
  }
  chart.append(svg("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "axis" }));
  return h("figure", { class: "chart-figure" }, chart, legend(series));
}

/**
 * A histogram over bins [edge(i-1), edge(i)], with a vertical line at `target` (same unit as the edges).
 */
export function histogram({ title, bins, target, targetLabel, unit, height = 220 }) {
  const left = 44, right = 12, top = 16, bottom = 40;
  const binWidth = 34;
  const width = left + right + binWidth * bins.length;
  const max = niceMax(Math.max(0, ...bins.map((bin) => bin.count)));
  const y = (value) => top + (height - top - bottom) * (1 - value / max);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart" });
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max * tick) / 4;
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(value), y2: y(value), class: "grid" }),
      svg("text", { x: left - 6, y: y(value) + 4, class: "tick", "text-anchor": "end" }, Math.round(value)));
  }
  bins.forEach((bin, index) => {
    const x = left + index * binWidth;
    chart.append(svg("rect", {
      x: x + 1, y: y(bin.count), width: binWidth - 2, height: Math.max(0, y(0) - y(bin.count)),
      class: `bar ${bin.within ? "s0" : "s3"}`,
    }, svg("title", {}, `${bin.label} ${unit}: ${bin.count}`)));
    chart.append(svg("text", { x: x + binWidth / 2, y: height - bottom + 14, class: "tick", "text-anchor": "middle" }, bin.label));
  });
  if (target !== null && target !== undefined) {
    const index = bins.findIndex((bin) => bin.upper !== null && bin.upper >= target);
    if (index >= 0) {
      const bin = bins[index];
      const fraction = bin.upper === bin.lower ? 1 : (target - bin.lower) / (bin.upper - bin.lower);
      const x = left + (index + Math.min(1, Math.max(0, fraction))) * binWidth;
      chart.append(svg("line", { x1: x, x2: x, y1: top - 6, y2: y(0), class: "target" }),
        svg("text", { x: x + 4, y: top + 4, class: "target-label" }, targetLabel));
    }
  }
  chart.append(svg("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "axis" }),
    svg("text", { x: left + (width - left - right) / 2, y: height - 4, class: "tick", "text-anchor": "middle" }, unit));
  return h("figure", { class: "chart-figure" }, chart,
    legend([{ name: "within target", className: "s0" }, { name: "over target", className: "s3" }]));
}

/**
 * Horizontal stacked bars: one row per label, segments per series (e.g. dispatch delay then travel).
 */
export function stackedRows({ title, labels, series, format = String }) {
  const left = 180, right = 16, rowHeight = 26, top = 8;
  const width = 640;
  const totals = labels.map((_, index) => series.reduce((sum, one) => sum + (one.values[index] || 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const x = (value) => left + (width - left - right) * (value / max);
  const height = top + rowHeight * labels.length + 24;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart" });
  for (let tick = 0; tick <= 4; tick += 1) {
    const value = (max * tick) / 4;
    chart.append(svg("line", { x1: x(value), x2: x(value), y1: top, y2: height - 20, class: "grid" }),
      svg("text", { x: x(value), y: height - 6, class: "tick", "text-anchor": "middle" }, format(value)));
  }
  labels.forEach((label, index) => {
    const y = top + index * rowHeight;
    chart.append(svg("text", { x: left - 8, y: y + rowHeight / 2 + 4, class: "tick", "text-anchor": "end" },
      label.length > 28 ? `${label.slice(0, 27)}…` : label));
    let start = 0;
    series.forEach((one, s) => {
      const value = one.values[index];
      if (value === null || value === undefined) return;
      chart.append(svg("rect", {
        x: x(start), y: y + 4, width: Math.max(0, x(start + value) - x(start)), height: rowHeight - 8,
        class: `bar ${one.className || SERIES_CLASSES[s % SERIES_CLASSES.length]}`,
      }, svg("title", {}, `${label} · ${one.name}: ${format(value)}`)));
      start += value;
    });
  });
  return h("figure", { class: "chart-figure" }, chart, legend(series));
}

/**
 * A calendar of `days` (YYYY-MM-DD, consecutive), one column per week, Monday on top;
 * `busy` is the set of days that are not quiet.
 */
export function calendar({ title, days, busy }) {
  const cell = 13, left = 28, top = 18;
  const first = new Date(`${days[0]}T00:00:00`);
  const offset = (first.getDay() + 6) % 7;
  const weeks = Math.ceil((days.length + offset) / 7);
  const width = left + weeks * cell + 4;
  const height = top + 7 * cell + 4;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": title, class: "chart calendar" });
  ["Mon", "", "Wed", "", "Fri", "", ""].forEach((name, row) => {
    if (name) chart.append(svg("text", { x: 0, y: top + row * cell + 10, class: "tick" }, name));
  });
  let lastMonth = "";
  days.forEach((day, index) => {
    const position = index + offset;
    const column = Math.floor(position / 7);
    const row = position % 7;
    const month = day.slice(0, 7);
    if (month !== lastMonth && row <= 1) {
      chart.append(svg("text", { x: left + column * cell, y: 12, class: "tick" }, month));
      lastMonth = month;
    }
    const quiet = !busy.has(day);
    chart.append(svg("rect", {
      x: left + column * cell, y: top + row * cell, width: cell - 2, height: cell - 2, rx: 2,
      class: quiet ? "day quiet" : "day busy", "data-day": day,
    }, svg("title", {}, `${day}: ${quiet ? "quiet" : "criminal alert(s)"}`)));
  });
  return h("figure", { class: "chart-figure" }, chart,
    legend([{ name: "quiet day", className: "quiet" }, { name: "criminal alert received", className: "busy" }]));
}
