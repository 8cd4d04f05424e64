import type * as Leaflet from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { config } from "../core/config";
import { t } from "../core/i18n";
import type { Edge } from "./Discover";

const GHENT: [number, number] = [51.0543, 3.7174];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Props {
  edges: Edge[];
  near: { latitude: number; longitude: number } | null;
  onPick: (point: { latitude: number; longitude: number }) => void;
}

/** The results on a map beside the list (the list says everything the map shows). Leaflet
 * loads only when the map is shown, and without tiles the markers still work. */
export function OpportunityMap({ edges, near, onPick }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<{ L: typeof Leaflet; map: Leaflet.Map; layer: Leaflet.LayerGroup } | null>(
    null,
  );
  const [tilesFailed, setTilesFailed] = useState(!config.tiles.url);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    let cancelled = false;
    void import("leaflet").then((L) => {
      if (cancelled || !element.current) return;
      // No animations: they respect nobody's reduced-motion wish, and a map removed while
      // one runs (leaving the page mid-zoom) throws inside Leaflet.
      const created = L.map(element.current, {
        center: GHENT,
        zoom: 13,
        zoomAnimation: false,
        fadeAnimation: false,
        markerZoomAnimation: false,
        // Markers a little outside the view are drawn too, so panning shows them at once.
        renderer: L.svg({ padding: 1 }),
      });
      if (config.tiles.url) {
        // Leaflet inserts the attribution as HTML; the setting is plain text.
        const attribution = escapeHtml(config.tiles.attribution);
        L.tileLayer(config.tiles.url, { attribution, maxZoom: 19 })
          .on("tileerror", () => setTilesFailed(true))
          .addTo(created);
      }
      created.on("click", (event: Leaflet.LeafletMouseEvent) =>
        pick.current({ latitude: event.latlng.lat, longitude: event.latlng.lng }),
      );
      map.current = { L, map: created, layer: L.layerGroup().addTo(created) };
      draw();
    });
    return () => {
      cancelled = true;
      map.current?.map.remove();
      map.current = null;
    };
  }, []);

  function draw(): void {
    const current = map.current;
    if (!current) return;
    const { L, layer } = current;
    layer.clearLayers();
    const points: [number, number][] = [];
    for (const edge of edges) {
      const at: [number, number] = [edge.node.location.latitude, edge.node.location.longitude];
      points.push(at);
      L.circleMarker(at, { radius: 8, color: "#1d4f91", fillColor: "#e0a100", fillOpacity: 0.9 })
        .bindTooltip(edge.node.title)
        .addTo(layer);
    }
    if (near) {
      const centre: [number, number] = [near.latitude, near.longitude];
      L.circleMarker(centre, { radius: 6, color: "#b00020" }).addTo(layer);
      points.push(centre);
    }
    if (points.length > 0) current.map.fitBounds(L.latLngBounds(points), { maxZoom: 15, padding: [24, 24], animate: false });
  }

  useEffect(draw, [edges, near]);

  return (
    <div class="map-wrap">
      <div
        ref={element}
        class="map"
        role="region"
        aria-label={t("discover.map")}
        title={t("discover.pickHint")}
      />
      {tilesFailed && <p class="hint">{t("discover.mapOffline")}</p>}
    </div>
  );
}
