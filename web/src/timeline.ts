// The timeline of rounds (an SVG strip) and the list of entries, with late and retracted
// entries marked.

import type { Json } from "./api";
import { el, pairs } from "./dom";

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86400000);
}

function describeEntry(entry: Json): string {
  const parts: string[] = [];
  if (entry.kind === "round")
    parts.push(
      `${entry.title}${entry.place ? ", " + entry.place : ""}${entry.end_date ? " (until " + entry.end_date + ")" : ""}` +
        (entry.correction ? " [correction]" : ""),
    );
  if (entry.kind === "vote") parts.push(entry.accept ? "accepts the package" : "rejects the package");
  if (entry.kind === "profile") parts.push(`profile (${entry.origin}, private)`);
  if (entry.kind === "retraction") parts.push(`retracts entry #${entry.retracts}`);
  if (entry.values) parts.push(pairs(entry.values));
  if (entry.issues) parts.push(`reopens ${entry.issues.join(", ")}`);
  for (const c of entry.conditions ?? []) parts.push(`condition: ${c.text}`);
  if (entry.text) parts.push(entry.text);
  return parts.filter((p) => p).join(" — ");
}

// Width of a label in the 11px font of the strip, generously estimated: labels near the right
// edge are anchored at their end so that they are never clipped.
const charWidth = 6.2;

export function renderTimeline(container: HTMLElement, table: HTMLElement, entries: Json[]): void {
  container.replaceChildren();
  const shown = entries.filter((e) => !e.retracted_by);
  if (shown.length > 0) {
    const days = shown.flatMap((e) => [e.date, e.end_date].filter((d) => d)).map(dayNumber);
    const first = Math.min(...days);
    const span = Math.max(1, Math.max(...days) - first);
    const width = 900;
    const x = (date: string) => 20 + (860 * (dayNumber(date) - first)) / span;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} 90`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "timeline of rounds");
    const axis = document.createElementNS(ns, "line");
    for (const [k, v] of Object.entries({ x1: 20, y1: 60, x2: 880, y2: 60, stroke: "#9aa4b2" }))
      axis.setAttribute(k, String(v));
    svg.append(axis);
    for (const e of shown) {
      if (e.kind === "round") {
        const x0 = x(e.date);
        const x1 = Math.max(x0 + 4, x(e.end_date || e.date));
        const rect = document.createElementNS(ns, "rect");
        for (const [k, v] of Object.entries({ x: x0, y: 44, width: x1 - x0, height: 32, fill: "#cfe3ff", stroke: "#0b3d91" }))
          rect.setAttribute(k, String(v));
        rect.classList.add("round");
        const label = document.createElementNS(ns, "text");
        label.textContent = `Round ${e.round}: ${e.date}${e.end_date ? " – " + e.end_date : ""}`;
        const labelWidth = label.textContent.length * charWidth;
        if (x0 + labelWidth > width - 4) {
          label.setAttribute("x", String(Math.max(labelWidth, x1)));
          label.setAttribute("text-anchor", "end");
        } else {
          label.setAttribute("x", String(x0));
        }
        label.setAttribute("y", "36");
        svg.append(rect, label);
      } else {
        const dot = document.createElementNS(ns, "circle");
        for (const [k, v] of Object.entries({ cx: x(e.date), cy: 60, r: 4, fill: e.late ? "#b7791f" : "#17603a" }))
          dot.setAttribute(k, String(v));
        const title = document.createElementNS(ns, "title");
        title.textContent = `${e.date} ${e.kind}${e.late ? " (late)" : ""}`;
        dot.append(title);
        svg.append(dot);
      }
    }
    container.append(svg);
  }
  table.replaceChildren();
  const head = el("tr");
  for (const h of ["#", "Date", "Round", "Kind", "Party", "What", "Source", "Recorded"]) head.append(el("th", h));
  table.append(head);
  for (const e of entries) {
    const row = el("tr");
    row.className = `entry ${e.kind}${e.late ? " late" : ""}${e.retracted_by ? " retracted" : ""}`;
    row.dataset.seq = String(e.seq);
    const kind = el("td");
    kind.append(el("span", e.kind, "kind"));
    if (e.late) kind.append(" ", el("span", "late", "mark late-mark"));
    if (e.retracted_by) kind.append(" ", el("span", `retracted by #${e.retracted_by}`, "mark retracted-mark"));
    row.append(el("td", String(e.seq)), el("td", e.date), el("td", e.round ?? ""), kind, el("td", e.party ?? ""));
    const what = el("td", describeEntry(e));
    if (e.retracted_by && e.retraction_reason) what.append(el("div", `Retracted: ${e.retraction_reason}`, "sub"));
    row.append(what);
    row.append(el("td", [e.source_kind, e.source].filter((s) => s).join(": "), "src"));
    row.append(el("td", e.recorded_at ?? "", "src"));
    table.append(row);
  }
}
