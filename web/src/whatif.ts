// What-if: fix some issues to values (on top of what is agreed in draft) and see which packages
// remain in the zone of possible agreement, the frontier among them and the Nash package, from
// the parties' profiles (the mediator). A party sees the same from its own profile alone: the
// packages it could accept and its best ones; it has no frontier axes to choose, so none are shown.

import {
  Chart,
  Legend,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
} from "chart.js";
import { get, type Json } from "./api";
import { el, option, pairs } from "./dom";

Chart.register(ScatterController, LinearScale, PointElement, Tooltip, Legend);

export interface WhatIfContext {
  talksId: number;
  structure: Json;
  status: Json;
  party: string | null;
  query: string;
}

let chart: Chart | null = null;
const fixes = new Map<string, string>();

function drawChart(canvas: HTMLCanvasElement, result: Json, xi: number, yi: number): void {
  if (chart) chart.destroy();
  const points = result.points.map((p: Json) => ({ x: p.utilities[xi], y: p.utilities[yi], p }));
  const datasets: ChartDataset<"scatter">[] = [
    // Lower `order` is drawn on top: the Nash package over the frontier it lies on.
    { label: "efficient packages", data: points, backgroundColor: "#0b3d91", pointRadius: 4, order: 2 },
  ];
  if (result.nash)
    datasets.push({
      label: "Nash package",
      data: [{ x: result.nash.utilities[xi], y: result.nash.utilities[yi] }],
      backgroundColor: "#d9480f",
      pointRadius: 8,
      pointStyle: "rectRot",
      order: 0,
    });
  datasets.push({
    label: "reservation values",
    data: [{ x: result.reservations[xi], y: result.reservations[yi] }],
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
        x: { min: 0, max: 1, title: { display: true, text: `${result.parties[xi]} utility` } },
        y: { min: 0, max: 1, title: { display: true, text: `${result.parties[yi]} utility` } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const raw = item.raw as Json;
              return raw.p ? pairs(raw.p.package) : `${item.dataset.label}`;
            },
          },
        },
      },
    },
  });
}

function renderMediator(out: HTMLElement, result: Json): void {
  const note = el("p", undefined, "sub");
  note.id = "whatif-note";
  const fixed = pairs(result.fixed);
  note.textContent =
    `Held fixed: ${fixed || "nothing"}. ${result.packages} packages remain, ${result.zopa} in the ` +
    `zone of possible agreement, ${result.efficient_packages} efficient. Profiles: ` +
    result.parties.map((p: string, i: number) => `${p} ${result.origins[i]}`).join(", ") + ".";
  out.append(note);
  const axes = el("div", undefined, "toolbar");
  const selects = ["x", "y"].map((axis, k) => {
    const s = el("select") as HTMLSelectElement;
    s.id = `axis-${axis}`;
    s.append(...result.parties.map((p: string, i: number) => option(String(i), p)));
    s.value = String(k);
    const label = el("label", `${axis} `);
    label.append(s);
    axes.append(label);
    return s;
  });
  const box = el("div", undefined, "chart");
  const canvas = el("canvas") as HTMLCanvasElement;
  canvas.id = "frontier-chart";
  box.append(canvas);
  const nash = el("p");
  nash.id = "nash";
  nash.textContent = result.nash
    ? `Nash package: ${pairs(result.nash.package)} (utilities ${result.nash.utilities
        .map((u: number, i: number) => `${result.parties[i]} ${u.toFixed(3)}`)
        .join(", ")}).`
    : "No package gives every party at least its reservation value: no Nash package.";
  out.append(axes, box, nash);
  const redraw = () => drawChart(canvas, result, Number(selects[0].value), Number(selects[1].value));
  for (const s of selects) s.addEventListener("change", redraw);
  redraw();
}

function renderParty(out: HTMLElement, result: Json): void {
  const note = el("p", undefined, "sub");
  note.id = "whatif-note";
  note.textContent =
    `From your own profile alone (reservation ${result.reservation.toFixed(2)}). Held fixed: ` +
    `${pairs(result.fixed) || "nothing"}. ${result.packages} packages remain, ${result.acceptable} ` +
    `of them above your reservation value.`;
  out.append(note);
  const table = el("table");
  table.id = "whatif-best";
  const head = el("tr");
  head.append(el("th", "Your best packages"), el("th", "Your utility"));
  table.append(head);
  for (const b of result.best) {
    const row = el("tr");
    row.append(el("td", pairs(b.package)), el("td", b.utility.toFixed(3)));
    table.append(row);
  }
  out.append(table);
}

export async function renderWhatIf(container: HTMLElement, ctx: WhatIfContext): Promise<void> {
  container.replaceChildren();
  const form = el("form", undefined, "whatif-form") as HTMLFormElement;
  form.id = "whatif-form";
  const agreed = new Map<string, string>(
    ctx.status.issues.filter((i: Json) => i.value).map((i: Json) => [i.name, i.value]),
  );
  for (const issue of ctx.structure.issues) {
    const label = el("label", `${issue.name} `);
    if (agreed.has(issue.name)) {
      label.append(el("span", `${agreed.get(issue.name)} (agreed in draft)`, "sub"));
    } else {
      const s = el("select") as HTMLSelectElement;
      s.name = issue.name;
      s.append(option("", "open"), ...issue.options.map((o: string) => option(o, o)));
      s.value = fixes.get(issue.name) ?? "";
      s.addEventListener("change", () => {
        if (s.value) fixes.set(issue.name, s.value);
        else fixes.delete(issue.name);
        void renderWhatIf(container, ctx);
      });
      label.append(s);
    }
    form.append(label);
  }
  container.append(form);
  const out = el("div");
  out.id = "whatif-result";
  container.append(out);
  const params = new URLSearchParams(ctx.query.slice(1));
  for (const [issue, value] of fixes) if (!agreed.has(issue)) params.append("fix", `${issue}=${value}`);
  const query = params.toString();
  try {
    const result = await get(`/api/talks/${ctx.talksId}/whatif${query ? "?" + query : ""}`);
    if (result.view === "mediator") renderMediator(out, result);
    else renderParty(out, result);
  } catch (error) {
    out.append(el("p", `Not available: ${(error as Error).message}`, "sub"));
  }
}
