import { parse, View } from "vega";
import { type Config, compile, type TopLevelSpec } from "vega-lite";
import { actionLabel, categoryLabel, kindLabel, platformLabel } from "../labels";
import type { MonthlyFigures } from "./figures";

const palette = ["#1f5f8b", "#c0392b", "#e08e0b", "#7d3c98", "#27ae60", "#7f8c8d"];

/** Shared look: the report's font, no chart border, Italian number format. */
const config: Config = {
  font: "Helvetica, Arial, sans-serif",
  view: { stroke: null },
  // Without a canvas Vega estimates text widths, and by default it cuts labels past 180 px: nothing is cut here.
  axis: { labelFontSize: 11, titleFontSize: 11, grid: false, labelLimit: 0 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "bottom", labelLimit: 0, columns: 3 },
  range: { category: palette },
  locale: { number: { decimal: ",", thousands: ".", grouping: [3], currency: ["", " €"] } },
};

/** A chart rendered to SVG on the server by Vega (no DOM, no browser): Vega-Lite compiles, Vega draws. */
async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function bars(title: string, values: { label: string; count: number }[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 460,
    height: { step: 22 },
    config,
    data: { values },
    mark: { type: "bar", color: palette[0] },
    encoding: {
      y: { field: "label", type: "nominal", sort: "-x", title: null },
      x: { field: "count", type: "quantitative", title: "decisioni", axis: { tickMinStep: 1, format: "d" } },
    },
  };
}

export interface ReportCharts {
  byCategory?: string;
  byAction?: string;
  weekly?: string;
  received?: string;
}

/** The report's charts as inline SVG; a chart with nothing to show is left out. */
export async function reportCharts(figures: MonthlyFigures): Promise<ReportCharts> {
  const charts: ReportCharts = {};
  if (figures.decisions.byCategory.length > 0) {
    charts.byCategory = await toSvg(
      bars(
        "Decisioni per categoria",
        figures.decisions.byCategory.map((c) => ({ label: categoryLabel[c.key], count: c.count })),
      ),
    );
  }
  if (figures.decisions.byAction.length > 0) {
    charts.byAction = await toSvg(
      bars(
        "Decisioni per azione",
        figures.decisions.byAction.map((c) => ({ label: actionLabel[c.key], count: c.count })),
      ),
    );
  }
  if (figures.weekly.length > 0) {
    charts.weekly = await toSvg({
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: "Decisioni per settimana",
      width: 460,
      height: 200,
      config,
      data: {
        values: figures.weekly.map((w) => ({
          ...w,
          label: actionLabel[w.action],
          from: `${w.week.slice(8, 10)}/${w.week.slice(5, 7)}`,
        })),
      },
      mark: { type: "line", point: true },
      encoding: {
        x: {
          field: "from",
          type: "ordinal",
          sort: { field: "week" },
          title: "settimana dal lunedì",
          axis: { labelAngle: 0 },
        },
        y: { field: "count", type: "quantitative", title: "decisioni", axis: { tickMinStep: 1, format: "d" } },
        color: { field: "label", type: "nominal", title: "azione" },
      },
    });
  }
  if (figures.received.byPlatformAndKind.length > 0) {
    charts.received = await toSvg({
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: "Elementi ricevuti per piattaforma e tipo",
      width: 460,
      height: { step: 26 },
      config,
      data: {
        values: figures.received.byPlatformAndKind.map((r) => ({
          platform: platformLabel[r.platform],
          kind: kindLabel[r.kind],
          count: r.count,
        })),
      },
      mark: "bar",
      encoding: {
        y: { field: "platform", type: "nominal", title: null },
        x: { field: "count", type: "quantitative", title: "elementi", axis: { tickMinStep: 1, format: "d" } },
        color: { field: "kind", type: "nominal", title: "tipo" },
      },
    });
  }
  return charts;
}
