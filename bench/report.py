"""Rows of the benchmark: each a figure of ours beside its limit (or peer, or fixed target)
measured in the same run, the ratio between them and the target ratio.

The ratio always reads "higher is better": ours / limit for throughputs (events/s), and
limit / ours for times and sizes (ms, MB), so a row passes when ratio >= target.
"""
import json
import os


class Row:
    def __init__(self, row, unit, ours=None, limit=None, target=None, higher_is_better=True,
                 limit_label="", note="", not_run=None, failures=0, check=None):
        self.row, self.unit, self.ours, self.limit = row, unit, ours, limit
        self.check = check  # a yes/no row (no ratio): passes when True
        self.failures = failures  # failed requests: the row cannot pass
        self.target, self.higher_is_better = target, higher_is_better
        self.limit_label, self.note, self.not_run = limit_label, note, not_run

    @property
    def ratio(self):
        if self.ours is None or self.limit is None or self.not_run:
            return None
        if self.higher_is_better:
            return self.ours / self.limit if self.limit else None
        return self.limit / self.ours if self.ours else None

    @property
    def passed(self):
        if self.check is not None and not self.not_run:
            return self.check
        if self.ratio is None or self.target is None:
            return None
        return self.ratio >= self.target and not self.failures

    def as_json(self):
        return {"row": self.row, "ours": _round(self.ours), "limit": _round(self.limit),
                "ratio": _round(self.ratio, 4), "target": self.target, "pass": self.passed,
                "unit": self.unit, "limit_is": self.limit_label,
                "note": self.not_run and f"not run: {self.not_run}" or self.note}


def not_run(row, unit, reason, target=None, limit_label=""):
    return Row(row, unit, target=target, limit_label=limit_label, not_run=reason)


def _round(value, places=2):
    return None if value is None else round(value, places)


def _figure(value, unit):
    if value is None:
        return "-"
    if value >= 100 or float(value).is_integer():
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}" if value >= 10 else f"{value:,.2f} {unit}"


def verdict(row):
    if row.not_run:
        return "NOT RUN"
    return {True: "PASS", False: "MISS", None: "-"}[row.passed]


def table(rows):
    """The rows as a fixed-width text table, notes below each row."""
    header = ("row", "ours", "limit", "ratio", "target", "")
    lines = []
    cells = [header]
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.3f}"
        target = "-" if row.target is None else f">= {row.target:g}"
        cells.append((row.row, _figure(row.ours, row.unit), _figure(row.limit, row.unit), ratio, target, verdict(row)))
    widths = [max(len(cell[i]) for cell in cells) for i in range(len(header))]
    for index, cell in enumerate(cells):
        lines.append("  ".join(text.ljust(widths[i]) if i == 0 else text.rjust(widths[i]) for i, text in enumerate(cell)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
            continue
        row = rows[index - 1]
        detail = f"not run: {row.not_run}" if row.not_run else "; ".join(x for x in (row.limit_label and f"limit: {row.limit_label}", row.note) if x)
        if detail:
            lines.append(f"    {detail}")
    return "\n".join(lines)


def markdown(rows):
    lines = ["| row | ours | limit (same run) | ratio | target | result | notes |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.3f}"
        target = "-" if row.target is None else f"≥ {row.target:g}"
        note = f"not run: {row.not_run}" if row.not_run else "; ".join(x for x in (row.limit_label, row.note) if x)
        lines.append(f"| {row.row} | {_figure(row.ours, row.unit)} | {_figure(row.limit, row.unit)} | {ratio} | {target} | {verdict(row)} | {note} |")
    return "\n".join(lines)


def write(rows, path):
    """The rows as JSON at `path`, and as a Markdown table beside it (same name, .md)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        json.dump([row.as_json() for row in rows], out, indent=1, ensure_ascii=False)
        out.write("\n")
    with open(os.path.splitext(path)[0] + ".md", "w") as out:
        out.write(markdown(rows) + "\n")


class StoredRow(Row):
    """A row read back from a results file: its ratio and verdict as they were written."""

    def __init__(self, item):
        note = item.get("note") or ""
        super().__init__(item["row"], item.get("unit", ""), ours=item["ours"], limit=item["limit"],
                         target=item["target"], limit_label=item.get("limit_is", ""),
                         not_run=note[len("not run: "):] if note.startswith("not run: ") else None, note=note)
        self.stored = item

    @property
    def ratio(self):
        return self.stored["ratio"]

    @property
    def passed(self):
        return self.stored["pass"]


def from_json(path):
    """Rows read back from a results file (to render its table again)."""
    with open(path) as results:
        return [StoredRow(item) for item in json.load(results)]
