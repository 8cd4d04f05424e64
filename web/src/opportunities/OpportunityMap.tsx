import type * as Leaflet from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { config } from "../core/config";
import { t } from "../core/i18n";
import { navigate } from "../core/router";

const GHENT: [number, number] = [51.0543, 3.7174];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Point {
  latitude: number;
  longitude: number;
}

/** An opportunity's marker; choosing it opens the opportunity. */
export interface Place extends Point {
  id: string;
  title: string;
}

/** A circle drawn on the map, such as a saved area. */
export interface Area extends Point {
  radiusKm: number;
  name: string;
}

interface Props {
  places: Place[];
  near?: Point | null;
  areas?: Area[];
  onPick?: ((point: Point) => void) | undefined;
  label?: string | undefined;
  /** What clicking the map does, when it picks a place (default: search around it). */
  pickHint?: string | undefined;
  /** Where choosing a marker leads (default: the opportunity's page). */
  hrefOf?: ((place: Place) => string) | undefined;
}

/** Opportunities on a map; every page that shows one says the same in words (a list, an
 * address). Leaflet loads only when the map is shown, and without tiles the markers work. */
export function OpportunityMap({ places, near = null, areas = [], onPick, label, pickHint, hrefOf }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<{ L: typeof Leaflet; map: Leaflet.Map; layer: Leaflet.LayerGroup } | null>(
    null,
  );
  const [tilesFailed, setTilesFailed] = useState(!config.tiles.url);
  const pick = useRef(onPick);
  pick.current = onPick;
  const link = useRef(hrefOf);
  link.current = hrefOf;
  // What to draw, as of the latest render: Leaflet may finish loading after the results came,
  // and must then draw those, not the first render's (empty) ones.
  const shown = useRef({ places, near, areas });
  shown.current = { places, near, areas };

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
        pick.current?.({ latitude: event.latlng.lat, longitude: event.latlng.lng }),
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
    const { places, near, areas } = shown.current;
    const { L, layer } = current;
    layer.clearLayers();
    const points: [number, number][] = [];
    for (const area of areas) {
      const centre: [number, number] = [area.latitude, area.longitude];
      const circle = L.circle(centre, {
        radius: area.radiusKm * 1000,
        color: "#0a6b2d",
        weight: 2,
        dashArray: "6 4",
        fillOpacity: 0.05,
        interactive: false,
        className: "saved-area",
      });
      circle.addTo(layer);
      const bounds = circle.getBounds();
      points.push([bounds.getSouth(), bounds.getWest()], [bounds.getNorth(), bounds.getEast()]);
    }
    for (const place of places) {
      const at: [number, number] = [place.latitude, place.longitude];
      points.push(at);
      L.circleMarker(at, {
        radius: 8,
        color: "#1d4f91",
        fillColor: "#e0a100",
        fillOpacity: 0.9,
        // Opening an opportunity is not also a click on the map (which picks a place).
        bubblingMouseEvents: false,
      })
        .bindTooltip(place.title)
        .on("click", () => navigate(link.current?.(place) ?? `/opportunities/${place.id}`))
        .addTo(layer);
    }
    if (near) {
      const centre: [number, number] = [near.latitude, near.longitude];
      L.circleMarker(centre, { radius: 6, color: "#b00020" }).addTo(layer);
      points.push(centre);
    }
    if (points.length > 0) current.map.fitBounds(L.latLngBounds(points), { maxZoom: 15, padding: [24, 24], animate: false });
  }

  useEffect(draw, [places, near, areas]);

  return (
    <div class="map-wrap">
      <div
        ref={element}
        class="map"
        role="region"
        aria-label={label ?? t("discover.map")}
        title={onPick ? (pickHint ?? t("discover.pickHint")) : undefined}
      />
      {tilesFailed && <p class="hint">{t("discover.mapOffline")}</p>}
    </div>
  );
}
