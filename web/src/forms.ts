// The forms that record entries: one per kind, built from the negotiation's structure. The API
// is the validator (the page sends what was typed); its error is shown next to the field it
// names. A party's forms have no party to choose: the API records them as the party's own.

import { ApiError, post, type Json } from "./api";
import { el, option, today } from "./dom";

export interface FormContext {
  talksId: number;
  structure: Json;
  entries: Json[];
  /** null: the mediator; else the party the token belongs to. */
  party: string | null;
  /** Its own latest profile (a party) or every party's latest (the mediator), by party name. */
  profiles: Map<string, Json>;
  onRecorded: (seq: number) => void;
}

interface Kind {
  kind: string;
  label: string;
  path: string;
  mediatorOnly?: boolean;
}

const kinds: Kind[] = [
  { kind: "round", label: "Round", path: "rounds", mediatorOnly: true },
  { kind: "proposal", label: "Proposal or draft", path: "proposals" },
  { kind: "position", label: "Position or condition", path: "positions" },
  { kind: "agreement", label: "Agreement in draft", path: "agreements" },
  { kind: "reopening", label: "Reopening", path: "reopenings" },
  { kind: "vote", label: "Vote", path: "votes" },
  { kind: "note", label: "Note", path: "notes", mediatorOnly: true },
  { kind: "retraction", label: "Retraction", path: "retractions", mediatorOnly: true },
  { kind: "profile", label: "Profile", path: "profiles" },
];

/** A labelled field with a place for its error (data-for = the API's field name). */
function field(name: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  const row = el("div", undefined, "field");
  row.dataset.field = name;
  const caption = el("label", label);
  caption.append(input);
  row.append(caption);
  if (hint) row.append(el("span", hint, "hint"));
  const error = el("span", "", "field-error");
  error.dataset.for = name;
  row.append(error);
  return row;
}

function input(name: string, type = "text", value = ""): HTMLInputElement {
  const i = el("input") as HTMLInputElement;
  i.name = name;
  i.type = type;
  i.value = value;
  return i;
}

function select(name: string, options: [string, string][]): HTMLSelectElement {
  const s = el("select") as HTMLSelectElement;
  s.name = name;
  s.append(...options.map(([v, l]) => option(v, l)));
  return s;
}

function textarea(name: string, rows = 2): HTMLTextAreaElement {
  const t = el("textarea") as HTMLTextAreaElement;
  t.name = name;
  t.rows = rows;
  t.cols = 60;
  return t;
}

function sourceFields(form: HTMLFormElement, kind: string): void {
  if (kind === "retraction") return;
  form.append(
    field(
      "source_kind",
      "Source kind ",
      select("source_kind", [
        ["", "—"],
        ["statement", "statement"],
        ["leak", "leak"],
        ["mediator-note", "mediator's note"],
        ["report", "report"],
        ["record", "record"],
      ]),
    ),
    field("source", "Source ", input("source"), "who said it, where"),
  );
}

function partyOptions(ctx: FormContext, none: string | null): [string, string][] {
  const out: [string, string][] = none === null ? [] : [["", none]];
  for (const p of ctx.structure.parties) out.push([p.name, p.name]);
  return out;
}

function valuesFieldset(ctx: FormContext, name = "values"): HTMLElement {
  const box = el("fieldset", undefined, "values");
  box.append(el("legend", "Issues and values"));
  for (const issue of ctx.structure.issues) {
    const s = select(`${name}.${issue.name}`, [
      ["", "—"],
      ...issue.options.map((o: string) => [o, o] as [string, string]),
    ]);
    box.append(field(`${name}.${issue.name}`, `${issue.name} `, s));
  }
  const error = el("span", "", "field-error");
  error.dataset.for = name;
  box.append(error);
  return box;
}

function profileFieldset(ctx: FormContext): HTMLElement {
  const box = el("fieldset", undefined, "profile");
  box.append(el("legend", "Private profile: weights, values (0 = worst), reservation"));
  box.append(field("profile.reservation", "Reservation value (0 to 1) ", input("reservation", "number", "0")));
  for (const issue of ctx.structure.issues) {
    const row = el("div", undefined, "profile-issue");
    row.dataset.issue = issue.name;
    const weight = input(`weight.${issue.name}`, "number", "1");
    weight.step = "any";
    row.append(field(`profile.weights.${issue.name}`, `${issue.name}: weight `, weight));
    for (const o of issue.options) {
      const v = input(`value.${issue.name}.${o}`, "number", "0");
      v.step = "any";
      v.className = "small";
      row.append(field(`profile.values.${issue.name}.${o}`, `${o} `, v));
    }
    box.append(row);
  }
  const error = el("span", "", "field-error");
  error.dataset.for = "profile";
  box.append(error);
  return box;
}

/** Fills the profile fields from a recorded profile ({weights, values, reservation}). */
function fillProfile(form: HTMLFormElement, profile: Json | undefined): void {
  const set = (name: string, value: unknown) => {
    const i = form.elements.namedItem(name) as HTMLInputElement | null;
    if (i) i.value = String(value);
  };
  if (!profile) return;
  set("reservation", profile.reservation ?? 0);
  for (const [issue, w] of Object.entries(profile.weights ?? {})) set(`weight.${issue}`, w);
  for (const [issue, values] of Object.entries(profile.values ?? {}))
    for (const [o, v] of Object.entries(values as Json)) set(`value.${issue}.${o}`, v);
}

function buildForm(ctx: FormContext, kind: Kind): HTMLFormElement {
  const form = el("form", undefined, "entry-form") as HTMLFormElement;
  form.id = `form-${kind.kind}`;
  form.dataset.kind = kind.kind;
  form.noValidate = true;  // the API validates; its errors go next to the fields
  const mediator = ctx.party === null;
  if (kind.kind !== "retraction") form.append(field("date", "Date it happened ", input("date", "date", today())));
  if (kind.kind !== "round" && kind.kind !== "retraction") {
    const rounds: [string, string][] = [["", "latest by that date"]];
    for (const e of ctx.entries)
      if (e.kind === "round" && !e.retracted_by) rounds.push([String(e.round), `Round ${e.round}: ${e.title}`]);
    form.append(field("round", "Round ", select("round", rounds)));
  }
  switch (kind.kind) {
    case "round":
      form.append(
        field("title", "Title ", input("title")),
        field("place", "Place ", input("place")),
        field("end_date", "Last day ", input("end_date", "date")),
        field("correction", "A correction (dated before an earlier round) ", input("correction", "checkbox")),
      );
      break;
    case "proposal":
      if (mediator) form.append(field("party", "Proposed by ", select("party", partyOptions(ctx, "the mediator"))));
      form.append(valuesFieldset(ctx), field("text", "Draft text ", textarea("text", 3)));
      break;
    case "position":
      if (mediator) form.append(field("party", "Party ", select("party", partyOptions(ctx, null))));
      form.append(
        valuesFieldset(ctx),
        field("conditions", "Conditions, one a line ", textarea("conditions"), "if ISSUE=V|W and … then ISSUE=V"),
        field("text", "Statement ", textarea("text")),
      );
      break;
    case "agreement":
      if (mediator)
        form.append(field("party", "Accepted by ", select("party", partyOptions(ctx, "every party of the track"))));
      form.append(
        valuesFieldset(ctx),
        field("conditions", "Only if, one a line ", textarea("conditions"), "if ISSUE=V then ISSUE=W"),
        field("text", "Text ", textarea("text")),
      );
      break;
    case "reopening": {
      if (mediator) form.append(field("party", "Reopened by ", select("party", partyOptions(ctx, "the mediator"))));
      const box = el("fieldset", undefined, "issues");
      box.append(el("legend", "Issues to reopen"));
      for (const issue of ctx.structure.issues) {
        const c = input(`issue.${issue.name}`, "checkbox");
        const label = el("label");
        label.append(c, ` ${issue.name}`);
        box.append(label);
      }
      const error = el("span", "", "field-error");
      error.dataset.for = "issues";
      box.append(error);
      form.append(box, field("text", "Why ", textarea("text")));
      break;
    }
    case "vote":
      if (mediator) form.append(field("party", "Party ", select("party", partyOptions(ctx, null))));
      form.append(field("accept", "Vote ", select("accept", [["true", "accepts the whole package"], ["false", "rejects the whole package"]])));
      break;
    case "note":
      form.append(field("text", "Note ", textarea("text", 3)));
      break;
    case "retraction": {
      const choices: [string, string][] = [["", "—"]];
      for (const e of ctx.entries)
        if (!e.retracted_by && e.kind !== "retraction")
          choices.push([String(e.seq), `#${e.seq} ${e.date} ${e.kind}${e.party ? " " + e.party : ""}`]);
      form.append(
        field("retracts", "Entry to retract ", select("retracts", choices)),
        field("text", "Reason ", textarea("text")),
      );
      break;
    }
    case "profile":
      if (mediator) {
        const party = select("party", partyOptions(ctx, null));
        party.addEventListener("change", () => fillProfile(form, ctx.profiles.get(party.value)?.profile));
        form.append(
          field("party", "Party ", party),
          field("origin", "Origin ", select("origin", [["estimated", "the mediator's estimate"], ["entered", "entered by the party"]])),
        );
      }
      form.append(profileFieldset(ctx));
      fillProfile(form, ctx.profiles.get(mediator ? ctx.structure.parties[0].name : ctx.party!)?.profile);
      break;
  }
  if (kind.kind !== "profile") sourceFields(form, kind.kind);
  const submit = el("button", `Record ${kind.label.toLowerCase()}`) as HTMLButtonElement;
  submit.type = "submit";
  const message = el("p", "", "form-message");
  form.append(submit, message);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submitForm(ctx, kind, form);
  });
  return form;
}

/** The request body from the form's fields, keyed as the API expects. */
function body(ctx: FormContext, kind: string, form: HTMLFormElement): Json {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";
  const checked = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.checked ?? false;
  const out: Json = {};
  for (const key of ["date", "text", "source_kind", "source", "title", "place", "end_date"])
    if (value(key)) out[key] = value(key);
  if (value("round")) {
    out.round = Number(value("round"));
  } else if (kind !== "round" && kind !== "retraction" && out.date) {
    // "Latest by that date", as the command line does: the last round started on or before it.
    let latest = 0;
    for (const e of ctx.entries)
      if (e.kind === "round" && !e.retracted_by && e.date <= out.date) latest = Math.max(latest, e.round);
    if (latest > 0) out.round = latest;
  }
  if (value("party")) out.party = value("party");
  if (kind === "round" && checked("correction")) out.correction = true;
  if (["proposal", "position", "agreement"].includes(kind)) {
    const values: Json = {};
    for (const issue of ctx.structure.issues)
      if (value(`values.${issue.name}`)) values[issue.name] = value(`values.${issue.name}`);
    if (Object.keys(values).length) out.values = values;
    const conditions = value("conditions")
      .split("\n")
      .map((c) => c.trim())
      .filter((c) => c);
    if (conditions.length) out.conditions = conditions;
  }
  if (kind === "reopening")
    out.issues = ctx.structure.issues.filter((i: Json) => checked(`issue.${i.name}`)).map((i: Json) => i.name);
  if (kind === "vote") out.accept = value("accept") === "true";
  if (kind === "retraction" && value("retracts")) out.retracts = Number(value("retracts"));
  if (kind === "profile") {
    if (value("origin")) out.origin = value("origin");
    const weights: Json = {};
    const values: Json = {};
    for (const issue of ctx.structure.issues) {
      weights[issue.name] = Number(value(`weight.${issue.name}`));
      values[issue.name] = {};
      for (const o of issue.options) values[issue.name][o] = Number(value(`value.${issue.name}.${o}`));
    }
    out.profile = { weights, values, reservation: Number(value("reservation")) };
    // Constraints are not edited here: the latest profile's are kept.
    const owner = ctx.party ?? value("party");
    const constraints = ctx.profiles.get(owner)?.profile?.constraints;
    if (constraints?.length) out.profile.constraints = constraints;
  }
  return out;
}

/** Puts the API's error next to the field it names (or the closest enclosing one). */
function showError(form: HTMLFormElement, error: ApiError): void {
  const message = form.querySelector(".form-message") as HTMLElement;
  let name = error.field;
  const spots = Array.from(form.querySelectorAll<HTMLElement>(".field-error"));
  while (name) {
    const spot = spots.find((s) => s.dataset.for === name);
    if (spot) {
      spot.textContent = error.message;
      spot.closest(".field, fieldset")?.classList.add("invalid");
      message.textContent = "Not recorded: see the field marked.";
      message.className = "form-message error";
      return;
    }
    // "values.troop_withdrawal" -> "values"; "conditions[1]" -> "conditions".
    const cut = Math.max(name.lastIndexOf("."), name.lastIndexOf("["));
    name = cut > 0 ? name.slice(0, cut) : "";
  }
  message.textContent = `Not recorded: ${error.message}`;
  message.className = "form-message error";
}

async function submitForm(ctx: FormContext, kind: Kind, form: HTMLFormElement): Promise<void> {
  for (const spot of form.querySelectorAll(".field-error")) spot.textContent = "";
  for (const bad of form.querySelectorAll(".invalid")) bad.classList.remove("invalid");
  const message = form.querySelector(".form-message") as HTMLElement;
  message.textContent = "Recording…";
  message.className = "form-message";
  form.dataset.state = "sending";
  try {
    const reply = await post(`/api/talks/${ctx.talksId}/${kind.path}`, body(ctx, kind.kind, form));
    message.textContent = `Recorded as entry #${reply.seq}.`;
    form.dataset.state = "recorded";
    form.dataset.seq = String(reply.seq);
    ctx.onRecorded(reply.seq);
  } catch (error) {
    form.dataset.state = "refused";
    if (error instanceof ApiError) showError(form, error);
    else message.textContent = `Not recorded: ${(error as Error).message}`;
  }
}

/** The "Record an entry" section: a choice of kind and its form. */
export function renderForms(container: HTMLElement, ctx: FormContext, chosen: string): void {
  container.replaceChildren();
  const available = kinds.filter((k) => ctx.party === null || !k.mediatorOnly);
  const tabs = el("div", undefined, "tabs");
  const holder = el("div");
  const show = (kind: Kind) => {
    for (const b of tabs.querySelectorAll("button")) b.classList.toggle("active", (b as HTMLElement).dataset.kind === kind.kind);
    holder.replaceChildren(buildForm(ctx, kind));
    container.dataset.kind = kind.kind;
  };
  for (const kind of available) {
    const b = el("button", kind.kind === "profile" && ctx.party ? "My profile" : kind.label) as HTMLButtonElement;
    b.type = "button";
    b.dataset.kind = kind.kind;
    b.addEventListener("click", () => show(kind));
    tabs.append(b);
  }
  container.append(tabs, holder);
  show(available.find((k) => k.kind === chosen) ?? available[0]);
}
