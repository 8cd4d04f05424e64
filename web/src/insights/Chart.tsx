import { useEffect, useRef } from "preact/hooks";
import { locale } from "../core/i18n";
import type { Series } from "./chartjs";

// Colours that stay apart for the common kinds of colour blindness (Okabe–Ito); the table
// beside every chart says the same in words and numbers.
export const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"] as const;

interface Props {
  /** What the chart shows, for those who cannot see it; the table beside it has the figures. */
  label: string;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
}

export function BarChart({ label, labels, series, stacked = false, horizontal = false }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const lang = locale();
  const key = JSON.stringify([labels, series, stacked, horizontal, lang]);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let gone = false;
    void import("./chartjs").then(({ drawBars }) => {
      if (gone || !canvas.current) return;
      chart = drawBars(canvas.current, {
        labels,
        series,
        stacked,
        horizontal,
        locale: lang === "nl" ? "nl-BE" : "en-GB",
      });
    });
    return () => {
      gone = true;
      chart?.destroy();
    };
  }, [key]);
  const tall = horizontal && labels.length > 5;
  return (
    <div class={tall ? "chart chart-tall" : "chart"}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
