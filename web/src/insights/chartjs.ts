// Chart.js, loaded only on the insights pages (Chart.tsx imports this module dynamically), so
// the learners' first page never ships it. Only the parts the bar charts use are registered.
// It draws on a canvas and sizes it through CSSOM, so it runs under the strict CSP.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
  colour: string;
}

export interface BarSpec {
  labels: string[];
  series: Series[];
  stacked: boolean;
  horizontal: boolean;
  locale: string;
}

export function drawBars(canvas: HTMLCanvasElement, spec: BarSpec): { destroy(): void } {
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: s.values,
        backgroundColor: s.colour,
        borderColor: s.colour,
      })),
    },
    options: {
      locale: spec.locale,
      indexAxis: spec.horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      // Counts have whole ticks; hours keep their fractions in the bars and the table.
      scales: {
        x: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: true, position: "bottom" } },
    },
  });
}
