// The chart of the day (requests and p95 above, 5xx below, per bucket), rendered on the
// server: Apache ECharts draws SVG without a DOM (its SSR mode), resvg turns it into PNG.
// No browser, no canvas, no native build step (resvg ships its binary in an npm package).
import { createRequire } from "node:module";
import { localStampOf } from "./format-time.js";
import type { Bucket } from "./report.js";

// Loaded on the first chart, not at start: ECharts and resvg take about 45 MB, which a
// process that draws no chart (a backup, a one-shot command) should not carry.
const load = createRequire(import.meta.url);
let libraries: { echarts: typeof import("echarts"); Resvg: typeof import("@resvg/resvg-js").Resvg } | undefined;
function chartLibraries() {
  libraries ??= { echarts: load("echarts"), Resvg: load("@resvg/resvg-js").Resvg };
  return libraries;
}

const FONT = "DejaVu Sans";
const WIDTH = 800;
const HEIGHT = 420;

function label(start: string, timezone: string, bucketMinutes: number): string {
  const stamp = localStampOf(new Date(start), timezone);
  return bucketMinutes < 24 * 60 ? stamp.slice(-5) : stamp.slice(0, -6);
}

export function chartSvg(title: string, buckets: readonly Bucket[], timezone: string, bucketMinutes: number): string {
  const chart = chartLibraries().echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height: HEIGHT });
  const labels = buckets.map((b) => label(b.start, timezone, bucketMinutes));
  const text = { fontFamily: FONT };
  try {
    chart.setOption({
      animation: false,
      backgroundColor: "#ffffff",
      textStyle: text,
      title: { text: title, left: 10, top: 6, textStyle: { fontSize: 14, fontFamily: FONT } },
      legend: { top: 30, left: 10, textStyle: text },
      grid: [
        { left: 64, right: 64, top: 64, height: 190 },
        { left: 64, right: 64, top: 290, height: 90 },
      ],
      xAxis: [
        { type: "category", data: labels, gridIndex: 0, axisLabel: { show: false } },
        { type: "category", data: labels, gridIndex: 1, axisLabel: text },
      ],
      yAxis: [
        { type: "value", gridIndex: 0, name: "requests", nameTextStyle: text, axisLabel: text },
        { type: "value", gridIndex: 0, name: "p95 ms", nameTextStyle: text, axisLabel: text, splitLine: { show: false } },
        { type: "value", gridIndex: 1, name: "5xx", nameTextStyle: text, axisLabel: text, minInterval: 1 },
      ],
      series: [
        { name: "requests", type: "bar", xAxisIndex: 0, yAxisIndex: 0, data: buckets.map((b) => b.requests), itemStyle: { color: "#9db4d0" } },
        { name: "p95 latency", type: "line", xAxisIndex: 0, yAxisIndex: 1, data: buckets.map((b) => (b.p95 === null ? null : Math.round(b.p95))), itemStyle: { color: "#333333" }, connectNulls: false },
        { name: "5xx", type: "bar", xAxisIndex: 1, yAxisIndex: 2, data: buckets.map((b) => b.s5xx), itemStyle: { color: "#d9534f" } },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as PNG bytes. */
export function chartPng(title: string, buckets: readonly Bucket[], timezone: string, bucketMinutes: number): Buffer {
  const svg = chartSvg(title, buckets, timezone, bucketMinutes);
  return new (chartLibraries().Resvg)(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT }, background: "white" }).render().asPng();
}
