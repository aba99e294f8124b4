// The mediator's page: reads the ledger through parley's JSON API (same origin, bearer token)
// and shows the issues with their status, the timeline of rounds, each party's positions and
// the frontier of the packages consistent with what is agreed in draft. No other network.

import {
  Chart,
  Legend,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
} from "chart.js";
import "./style.css";

Chart.register(ScatterController, LinearScale, PointElement, Tooltip, Legend);

type Json = Record<string, any>;

class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

const tokenKey = "parley-token";
let token = "";
let talksId = 0;
let chart: Chart | null = null;
let frontier: Json | null = null;

function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
}

/** Creates an element with text content (never HTML from the record). */
function el(tag: string, text?: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

async function api(path: string): Promise<Json> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? response.statusText);
  return body;
}

function query(): string {
  const asOf = ($("as-of") as HTMLInputElement).value;
  return asOf ? `?as_of=${encodeURIComponent(asOf)}` : "";
}

function renderIssues(structure: Json, issues: Json[], status: Json): void {
  const table = $("issues");
  table.replaceChildren();
  const head = el("tr");
  for (const h of ["Track", "Issue", "Status", "Value", "Reopened", "Since", "Standing acceptances"])
    head.append(el("th", h));
  table.append(el("thead"));
  table.firstElementChild!.append(head);
  const body = el("tbody");
  const open = new Map<string, boolean>(status.tracks.map((t: Json) => [t.name, t.open]));
  for (const track of structure.tracks) {
    for (const name of track.issues) {
      const issue = issues.find((i) => i.name === name)!;
      const row = el("tr");
      row.dataset.issue = issue.name;
      const trackCell = el("td", track.name);
      if (!open.get(track.name)) trackCell.append(" ", el("span", "(not open)", "closed"));
      row.append(trackCell, el("td", issue.name));
      const statusCell = el("td");
      statusCell.append(el("span", issue.status, `status ${issue.status}`));
      row.append(statusCell, el("td", issue.value ?? "–"), el("td", String(issue.reopened)));
      row.append(el("td", issue.since || ""));
      row.append(
        el("td", issue.acceptances.map((a: Json) => `${a.party}: ${a.value}`).join("; ")),
      );
      body.append(row);
    }
  }
  table.append(body);
  $("final").textContent = status.final
    ? "Final agreement: yes."
    : `Final agreement: no (${status.rule}).`;
  const blockers = $("blockers");
  blockers.replaceChildren();
  for (const b of status.blockers) {
    const item = el("li");
    item.append(el("span", b.kind, "kind"), " ", b.text);
    blockers.append(item);
  }
  if (status.blockers.length === 0) blockers.append(el("li", "Nothing: the agreement is final."));
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86400000);
}

function describeEntry(entry: Json): string {
  const parts: string[] = [];
  if (entry.kind === "round")
    parts.push(`${entry.title}${entry.place ? ", " + entry.place : ""}${entry.end_date ? " (until " + entry.end_date + ")" : ""}`);
  if (entry.kind === "vote") parts.push(entry.accept ? "accepts the package" : "rejects the package");
  if (entry.kind === "profile") parts.push(`profile (${entry.origin}, private)`);
  if (entry.values)
    parts.push(Object.entries(entry.values).map(([k, v]) => `${k}=${v}`).join(", "));
  if (entry.issues) parts.push(`reopens ${entry.issues.join(", ")}`);
  for (const c of entry.conditions ?? []) parts.push(`condition: ${c.text}`);
  if (entry.text) parts.push(entry.text);
  return parts.filter((p) => p).join(" — ");
}

function renderTimeline(entries: Json[]): void {
  const container = $("timeline");
  container.replaceChildren();
  if (entries.length > 0) {
    const days = entries.flatMap((e) => [e.date, e.end_date].filter((d) => d)).map(dayNumber);
    const first = Math.min(...days);
    const span = Math.max(1, Math.max(...days) - first);
    const x = (date: string) => 20 + (860 * (dayNumber(date) - first)) / span;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 900 90");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "timeline of rounds");
    const axis = document.createElementNS(ns, "line");
    for (const [k, v] of Object.entries({ x1: 20, y1: 60, x2: 880, y2: 60, stroke: "#9aa4b2" }))
      axis.setAttribute(k, String(v));
    svg.append(axis);
    for (const e of entries) {
      if (e.kind === "round") {
        const x0 = x(e.date);
        const x1 = Math.max(x0 + 4, x(e.end_date || e.date));
        const rect = document.createElementNS(ns, "rect");
        for (const [k, v] of Object.entries({ x: x0, y: 44, width: x1 - x0, height: 32, fill: "#cfe3ff", stroke: "#0b3d91" }))
          rect.setAttribute(k, String(v));
        rect.classList.add("round");
        const label = document.createElementNS(ns, "text");
        label.setAttribute("x", String(x0));
        label.setAttribute("y", "36");
        label.textContent = `Round ${e.round}: ${e.date}${e.end_date ? " – " + e.end_date : ""}`;
        svg.append(rect, label);
      } else {
        const dot = document.createElementNS(ns, "circle");
        for (const [k, v] of Object.entries({ cx: x(e.date), cy: 60, r: 4, fill: "#17603a" }))
          dot.setAttribute(k, String(v));
        const title = document.createElementNS(ns, "title");
        title.textContent = `${e.date} ${e.kind}`;
        dot.append(title);
        svg.append(dot);
      }
    }
    container.append(svg);
  }
  const table = $("entries");
  table.replaceChildren();
  const head = el("tr");
  for (const h of ["Date", "Round", "Kind", "Party", "What", "Source"]) head.append(el("th", h));
  table.append(head);
  for (const e of entries) {
    const row = el("tr");
    row.className = `entry ${e.kind}`;
    const kind = el("td");
    kind.append(el("span", e.kind, "kind"));
    row.append(el("td", e.date), el("td", e.round ?? ""), kind, el("td", e.party ?? ""));
    row.append(el("td", describeEntry(e)));
    row.append(el("td", [e.source_kind, e.source].filter((s) => s).join(": "), "src"));
    table.append(row);
  }
}

function renderPositions(structure: Json, positions: Json[]): void {
  const container = $("positions");
  container.replaceChildren();
  for (const party of structure.parties) {
    const box = el("div", undefined, "party");
    box.dataset.party = party.name;
    box.append(el("h3", party.name + (party.ratifier ? " (ratifies)" : "")));
    const mine = positions.filter((p) => p.party === party.name);
    if (mine.length === 0) box.append(el("p", "No stated position recorded.", "sub"));
    for (const p of mine) {
      const item = el("div", undefined, "position");
      item.append(el("div", `${p.date}: ${p.text}`));
      if (p.values)
        item.append(el("div", Object.entries(p.values).map(([k, v]) => `${k}=${v}`).join(", ")));
      for (const c of p.conditions ?? []) item.append(el("div", `Condition: ${c.text}`, "condition"));
      if (p.source || p.source_kind)
        item.append(el("div", `Source (${p.source_kind}): ${p.source}`, "src"));
      box.append(item);
    }
    container.append(box);
  }
}

function renderFrontier(): void {
  const canvas = $("frontier-chart") as HTMLCanvasElement;
  if (chart) chart.destroy();
  chart = null;
  if (!frontier) return;
  const xi = Number(($("axis-x") as HTMLSelectElement).value);
  const yi = Number(($("axis-y") as HTMLSelectElement).value);
  const label = (p: Json) =>
    Object.entries(p.package).map(([k, v]) => `${k}=${v}`).join(", ");
  const points = frontier.points.map((p: Json) => ({ x: p.utilities[xi], y: p.utilities[yi], p }));
  const datasets: ChartDataset<"scatter">[] = [
    // Lower `order` is drawn on top: the Nash package over the frontier it lies on.
    { label: "efficient packages", data: points, backgroundColor: "#0b3d91", pointRadius: 4, order: 2 },
  ];
  if (frontier.nash)
    datasets.push({
      label: "Nash package",
      data: [{ x: frontier.nash.utilities[xi], y: frontier.nash.utilities[yi] }],
      backgroundColor: "#d9480f",
      pointRadius: 8,
      pointStyle: "rectRot",
      order: 0,
    });
  datasets.push({
    label: "reservation values",
    data: [{ x: frontier.reservations[xi], y: frontier.reservations[yi] }],
    backgroundColor: "#8a1c14",
    pointRadius: 6,
    pointStyle: "crossRot",
    borderColor: "#8a1c14",
    borderWidth: 2,
    order: 1,
  });
  chart = new Chart(canvas, {
    type: "scatter",
    data: { datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: `${frontier.parties[xi]} utility` } },
        y: { min: 0, max: 1, title: { display: true, text: `${frontier.parties[yi]} utility` } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const raw = item.raw as Json;
              return raw.p ? label(raw.p) : `${item.dataset.label}`;
            },
          },
        },
      },
    },
  });
}

async function loadFrontier(isMediator: boolean): Promise<void> {
  const note = $("frontier-note");
  frontier = null;
  if (!isMediator) {
    note.textContent =
      "The frontier is computed from every party's private profile: only the mediator sees it.";
    renderFrontier();
    return;
  }
  try {
    frontier = await api(`/api/talks/${talksId}/frontier${query()}`);
  } catch (error) {
    note.textContent = `Not available: ${(error as Error).message}`;
    renderFrontier();
    return;
  }
  const fixed = Object.entries(frontier.fixed).map(([k, v]) => `${k}=${v}`);
  note.textContent =
    `Agreed in draft and held fixed: ${fixed.length ? fixed.join(", ") : "nothing"}. ` +
    `${frontier.packages} packages consistent with the draft, ${frontier.zopa} in the zone of ` +
    `possible agreement, ${frontier.efficient_packages} efficient. Profiles: ` +
    frontier.parties.map((p: string, i: number) => `${p} ${frontier!.origins[i]}`).join(", ") + ".";
  for (const id of ["axis-x", "axis-y"]) {
    const select = $(id) as HTMLSelectElement;
    if (select.options.length === frontier.parties.length) continue;
    select.replaceChildren(
      ...frontier.parties.map((p: string, i: number) => {
        const option = el("option", p) as HTMLOptionElement;
        option.value = String(i);
        return option;
      }),
    );
    select.value = id === "axis-x" ? "0" : "1";
  }
  const nash = $("nash");
  nash.textContent = frontier.nash
    ? `Nash package: ${Object.entries(frontier.nash.package).map(([k, v]) => `${k}=${v}`).join(", ")} ` +
      `(utilities ${frontier.nash.utilities.map((u: number, i: number) => `${frontier!.parties[i]} ${u.toFixed(3)}`).join(", ")}).`
    : "No package gives every party at least its reservation value: no Nash package.";
  renderFrontier();
}

async function load(): Promise<void> {
  const me = await api("/api/me");
  talksId = me.talks.id;
  $("who").textContent =
    me.role === "mediator" ? "Signed in as the mediator" : `Signed in as ${me.party}`;
  const q = query();
  const [structure, status, issues, entries, positions] = await Promise.all([
    api(`/api/talks/${talksId}`),
    api(`/api/talks/${talksId}/status${q}`),
    api(`/api/talks/${talksId}/issues${q}`),
    api(`/api/talks/${talksId}/entries${q}`),
    api(`/api/talks/${talksId}/positions${q}`),
  ]);
  $("title").textContent = me.talks.title || me.talks.name;
  $("subtitle").textContent =
    `${me.talks.name} · ${status.rounds} round(s) · last entry ${status.last_date || "none"}` +
    (status.as_of ? ` · as of ${status.as_of}` : "");
  renderIssues(structure, issues.issues, status);
  renderTimeline(entries.entries);
  renderPositions(structure, positions.positions);
  await loadFrontier(me.role === "mediator");
  $("content").hidden = false;
  $("login").hidden = true;
  document.body.dataset.ready = "true";
}

async function start(): Promise<void> {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
  if (fromHash) {
    sessionStorage.setItem(tokenKey, fromHash);
    history.replaceState(null, "", location.pathname + location.search);
  }
  token = sessionStorage.getItem(tokenKey) ?? "";
  if (!token) {
    $("login").hidden = false;
    return;
  }
  try {
    await load();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.removeItem(tokenKey);
      $("login-error").textContent = "That token is unknown or revoked.";
    } else {
      $("login-error").textContent = `Could not load the talks: ${(error as Error).message}`;
    }
    $("login").hidden = false;
    $("content").hidden = true;
  }
}

$("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem(tokenKey, ($("token") as HTMLInputElement).value.trim());
  void start();
});
$("as-of").addEventListener("change", () => void load());
$("latest").addEventListener("click", () => {
  ($("as-of") as HTMLInputElement).value = "";
  void load();
});
for (const id of ["axis-x", "axis-y"]) $(id).addEventListener("change", renderFrontier);
void start();
