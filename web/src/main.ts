// The mediator's workbench: reads the ledger through parley's JSON API (same origin, bearer
// token), shows the issues, what is on the table, the timeline and the positions, records
// entries through forms (forms.ts), and answers what-if questions (whatif.ts). A party's token
// sees the shared record and its own profile only, and writes only for itself. No other network.
//
// Sections are rendered by independent functions into fixed containers of index.html, so a new
// view (for instance a picture of the issues' states) is one more container and one more call in
// `render` below.

import { ApiError, forgetToken, get, loadToken, setToken, type Json } from "./api";
import { $, el, pairs } from "./dom";
import { renderForms, type FormContext } from "./forms";
import { renderTimeline } from "./timeline";
import { renderWhatIf } from "./whatif";
import "./style.css";

let talksId = 0;
let chosenForm = "";

/** The replay the page shows: the latest record, as happened by a date, or as known at a time. */
function replay(): { query: string; label: string; latest: boolean } {
  const mode = ($("replay-mode") as HTMLSelectElement).value;
  const date = ($("as-of") as HTMLInputElement).value;
  const time = ($("known-at") as HTMLInputElement).value;
  ($("as-of") as HTMLElement).hidden = mode !== "as_of";
  ($("known-at") as HTMLElement).hidden = mode !== "known_at";
  if (mode === "as_of" && date)
    return {
      query: `?as_of=${encodeURIComponent(date)}`,
      label: `Showing what happened by ${date}, as the record now says (event dates).`,
      latest: false,
    };
  if (mode === "known_at" && time) {
    // datetime-local gives "YYYY-MM-DDTHH:MM" in UTC here (the page says so).
    const stamp = time.length === 16 ? `${time}:00Z` : `${time}Z`;
    return {
      query: `?known_at=${encodeURIComponent(stamp)}`,
      label: `Showing what was known at ${stamp} (only entries recorded by then).`,
      latest: false,
    };
  }
  return { query: "", label: "Showing the record as it stands now.", latest: true };
}

function renderIssues(structure: Json, issues: Json[], status: Json): void {
  const table = $("issues");
  table.replaceChildren();
  const head = el("tr");
  for (const h of ["Track", "Issue", "Status", "Value", "Reopened", "Since", "Standing acceptances"])
    head.append(el("th", h));
  const thead = el("thead");
  thead.append(head);
  table.append(thead);
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
      row.append(el("td", issue.acceptances.map((a: Json) => `${a.party}: ${a.value}`).join("; ")));
      body.append(row);
    }
  }
  table.append(body);
  $("final").textContent = status.final ? "Final agreement: yes." : `Final agreement: no (${status.rule}).`;
  const blockers = $("blockers");
  blockers.replaceChildren();
  for (const b of status.blockers) {
    const item = el("li");
    item.append(el("span", b.kind, "kind"), " ", b.text);
    blockers.append(item);
  }
  if (status.blockers.length === 0) blockers.append(el("li", "Nothing: the agreement is final."));
}

/** Each party's latest proposal per issue, and the standing draft. */
function renderTable(structure: Json, table: Json): void {
  const container = $("on-the-table");
  container.replaceChildren();
  const grid = el("table");
  grid.id = "table-now";
  const head = el("tr");
  head.append(el("th", "Issue"));
  const who: string[] = ["", ...structure.parties.map((p: Json) => p.name)];
  for (const w of who) head.append(el("th", w || "Mediator"));
  head.append(el("th", "Standing draft"));
  grid.append(head);
  for (const issue of structure.issues) {
    const row = el("tr");
    row.dataset.issue = issue.name;
    row.append(el("td", issue.name));
    for (const w of who) {
      const p = table.proposals.find((x: Json) => (x.party ?? "") === w && x.issue === issue.name);
      const cell = el("td", p ? p.value : "–");
      if (p) cell.title = `entry #${p.seq}, ${p.date}`;
      cell.dataset.who = w || "mediator";
      row.append(cell);
    }
    row.append(el("td", table.draft?.values?.[issue.name] ?? "–", "draft"));
    grid.append(row);
  }
  container.append(grid);
  const draft = el("p", undefined, "draft-text");
  draft.id = "standing-draft";
  draft.textContent = table.draft
    ? `Standing draft (entry #${table.draft.seq}, ${table.draft.date}${table.draft.party ? ", " + table.draft.party : ""}): ${table.draft.text || pairs(table.draft.values)}`
    : "No draft text on the table yet.";
  container.append(draft);
}

function renderPositions(structure: Json, positions: Json[]): void {
  const container = $("positions");
  container.replaceChildren();
  for (const party of structure.parties) {
    const box = el("div", undefined, "party");
    box.dataset.party = party.name;
    box.append(el("h3", party.name + (party.ratifier ? " (ratifies)" : "")));
    const mine = positions.filter((p) => p.party === party.name && !p.retracted_by);
    if (mine.length === 0) box.append(el("p", "No stated position recorded.", "sub"));
    for (const p of mine) {
      const item = el("div", undefined, "position");
      item.append(el("div", `${p.date}: ${p.text}${p.late ? " (recorded late)" : ""}`));
      if (p.values) item.append(el("div", pairs(p.values)));
      for (const c of p.conditions ?? []) item.append(el("div", `Condition: ${c.text}`, "condition"));
      if (p.source || p.source_kind) item.append(el("div", `Source (${p.source_kind}): ${p.source}`, "src"));
      box.append(item);
    }
    container.append(box);
  }
}

/** The issue-state picture (the one the talks report and `negotiate --plot` draw), as parley's
 * server renders it for the replay shown. Parsed as SVG, never as HTML, so nothing in it runs. */
function renderIssuePicture(container: HTMLElement, svg: string): void {
  const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
  const root = doc.documentElement;
  if (root.nodeName !== "svg") {
    container.replaceChildren(el("p", "The picture of the issues could not be drawn."));
    return;
  }
  root.setAttribute("role", "img");
  root.setAttribute("aria-label", "The issues round by round");
  container.replaceChildren(document.importNode(root, true));
}

async function render(): Promise<void> {
  const me = await get("/api/me");
  talksId = me.talks.id;
  const party: string | null = me.role === "mediator" ? null : me.party;
  document.body.dataset.role = me.role;
  $("who").textContent = party === null ? "Signed in as the mediator" : `Signed in as ${party}`;
  const view = replay();
  $("replay-label").textContent = view.label;
  const q = view.query;
  const [structure, status, issues, entries, positions, profiles, picture] = await Promise.all([
    get(`/api/talks/${talksId}`),
    get(`/api/talks/${talksId}/status${q}`),
    get(`/api/talks/${talksId}/issues${q}`),
    get(`/api/talks/${talksId}/entries${q}`),
    get(`/api/talks/${talksId}/positions${q}`),
    get(`/api/talks/${talksId}/profiles${q}`),
    get(`/api/talks/${talksId}/issues/picture${q}`),
  ]);
  $("title").textContent = me.talks.title || me.talks.name;
  $("subtitle").textContent =
    `${me.talks.name} · ${status.rounds} round(s) · last entry ${status.last_date || "none"}` +
    (status.as_of ? ` · as happened by ${status.as_of}` : "") +
    (status.known_at ? ` · as known at ${status.known_at}` : "");
  renderIssues(structure, issues.issues, status);
  renderIssuePicture($("issue-picture"), picture.svg);
  renderTable(structure, status.on_the_table);
  renderTimeline($("timeline"), $("entries"), entries.entries);
  renderPositions(structure, positions.positions);
  const byParty = new Map<string, Json>(profiles.profiles.map((p: Json) => [p.party, p]));
  // Writing is for the record as it stands: a past view is read-only.
  $("record").hidden = !view.latest;
  if (view.latest) {
    const ctx: FormContext = {
      talksId,
      structure,
      entries: entries.entries,
      party,
      profiles: byParty,
      onRecorded: () => {
        chosenForm = ($("forms").dataset.kind as string) ?? "";
        void refresh();
      },
    };
    renderForms($("forms"), ctx, chosenForm);
  }
  await renderWhatIf($("whatif"), { talksId, structure, status, party, query: q });
  $("content").hidden = false;
  $("login").hidden = true;
  document.body.dataset.ready = "true";
}

async function refresh(): Promise<void> {
  document.body.dataset.ready = "false";
  try {
    await render();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      forgetToken();
      $("login-error").textContent = "That token is unknown or revoked.";
    } else {
      $("login-error").textContent = `Could not load the talks: ${(error as Error).message}`;
    }
    $("login").hidden = false;
    $("content").hidden = true;
  }
}

function start(): void {
  if (!loadToken()) {
    $("login").hidden = false;
    return;
  }
  void refresh();
}

$("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  setToken(($("token") as HTMLInputElement).value.trim());
  start();
});
for (const id of ["replay-mode", "as-of", "known-at"]) $(id).addEventListener("change", () => void refresh());
start();
