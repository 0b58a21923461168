// CSV downloads of the tables behind the charts (RFC 4180 quoting).
import { h } from "./dom.js";

function field(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text of a header row and data rows. */
export function csvText(header, rows) {
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/** A button that downloads the rows as `name`. */
export function csvButton(name, header, rows) {
  return h("button", {
    type: "button", class: "quiet csv", "data-csv": name,
    onclick: () => {
      const url = URL.createObjectURL(new Blob([csvText(header, rows)], { type: "text/csv;charset=utf-8" }));
      const link = h("a", { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
  }, `Download ${name}`);
}
