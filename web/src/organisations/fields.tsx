// The organisation forms' parts: a labelled field with its problem, and the place on a map
// with its address and coordinates always typeable (no geocoding: nothing leaves the page).
import type * as Leaflet from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "preact/hooks";
import { config } from "../core/config";
import { t } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { escapeHtml } from "../opportunities/OpportunityMap";
import { type Draft, type Problems, parseCoordinate } from "./profile";

const GHENT: [number, number] = [51.0543, 3.7174];

interface FieldProps {
  id: string;
  field: keyof Draft;
  label: string;
  draft: Draft;
  problems: Problems;
  onChange: (field: keyof Draft, value: string) => void;
  hint?: string;
  multiline?: boolean;
  type?: string;
  autoComplete?: string;
  inputMode?: "decimal" | "email" | "tel" | "url" | "text";
}

export function Field(props: FieldProps) {
  const { id, field, label, draft, problems, onChange, hint } = props;
  const problem = problems[field];
  const described = [hint ? `${id}-hint` : "", problem ? `${id}-problem` : ""].join(" ").trim();
  const common = {
    id,
    name: field,
    value: draft[field],
    "aria-invalid": problem ? ("true" as const) : undefined,
    "aria-describedby": described || undefined,
    onInput: (event: Event) => onChange(field, (event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {props.multiline ? (
        <textarea {...common} rows={5} />
      ) : (
        <input
          {...common}
          type={props.type ?? "text"}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
        />
      )}
      {problem && (
        <p class="problem" id={`${id}-problem`}>
          {t(problem as MessageKey)}
        </p>
      )}
    </div>
  );
}

/** Where the organisation is: the address in words, and a point picked on the map or typed. */
export function PlaceFields({
  prefix,
  draft,
  problems,
  onChange,
}: {
  prefix: string;
  draft: Draft;
  problems: Problems;
  onChange: (field: keyof Draft, value: string) => void;
}) {
  const latitude = parseCoordinate(draft.latitude, "latitude");
  const longitude = parseCoordinate(draft.longitude, "longitude");
  const point = latitude !== null && longitude !== null ? { latitude, longitude } : null;
  return (
    <div class="place-fields">
      <Field
        id={`${prefix}-address`}
        field="address"
        label={t("org.field.address")}
        autoComplete="street-address"
        {...{ draft, problems, onChange }}
      />
      <PlacePicker
        point={point}
        onPick={(picked) => {
          onChange("latitude", picked.latitude.toFixed(6));
          onChange("longitude", picked.longitude.toFixed(6));
        }}
      />
      <div class="row">
        <Field
          id={`${prefix}-latitude`}
          field="latitude"
          label={t("org.field.latitude")}
          inputMode="decimal"
          {...{ draft, problems, onChange }}
        />
        <Field
          id={`${prefix}-longitude`}
          field="longitude"
          label={t("org.field.longitude")}
          inputMode="decimal"
          {...{ draft, problems, onChange }}
        />
      </div>
    </div>
  );
}

interface Point {
  latitude: number;
  longitude: number;
}

/** A map to click on; the marker follows the typed coordinates too. Leaflet loads only here,
 * and without tiles (or Leaflet) the typed coordinates do it all. */
function PlacePicker({ point, onPick }: { point: Point | null; onPick: (point: Point) => void }) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<{ L: typeof Leaflet; map: Leaflet.Map; marker: Leaflet.CircleMarker } | null>(
    null,
  );
  const [tilesFailed, setTilesFailed] = useState(!config.tiles.url);
  const pick = useRef(onPick);
  pick.current = onPick;
  const shown = useRef(point);
  shown.current = point;

  useEffect(() => {
    let cancelled = false;
    void import("leaflet")
      .then((L) => {
        if (cancelled || !element.current) return;
        const at = shown.current;
        const created = L.map(element.current, {
          center: at ? [at.latitude, at.longitude] : GHENT,
          zoom: at ? 16 : 13,
          zoomAnimation: false,
          fadeAnimation: false,
          markerZoomAnimation: false,
        });
        if (config.tiles.url) {
          L.tileLayer(config.tiles.url, {
            attribution: escapeHtml(config.tiles.attribution),
            maxZoom: 19,
          })
            .on("tileerror", () => setTilesFailed(true))
            .addTo(created);
        }
        const marker = L.circleMarker(at ? [at.latitude, at.longitude] : GHENT, {
          radius: 9,
          color: "#b00020",
          fillColor: "#e0a100",
          interactive: false,
          opacity: at ? 1 : 0,
          fillOpacity: at ? 0.9 : 0,
        }).addTo(created);
        created.on("click", (event: Leaflet.LeafletMouseEvent) =>
          pick.current({ latitude: event.latlng.lat, longitude: event.latlng.lng }),
        );
        map.current = { L, map: created, marker };
      })
      .catch(() => setTilesFailed(true));
    return () => {
      cancelled = true;
      map.current?.map.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const current = map.current;
    if (!current || !point) return;
    const at: [number, number] = [point.latitude, point.longitude];
    current.marker.setLatLng(at).setStyle({ opacity: 1, fillOpacity: 0.9 });
    if (!current.map.getBounds().contains(at)) current.map.setView(at, 16, { animate: false });
  }, [point?.latitude, point?.longitude]);

  return (
    <div class="map-wrap">
      <p class="hint" id="place-map-hint">
        {t("org.map.hint")}
      </p>
      <div
        ref={element}
        class="map org-map"
        role="region"
        aria-label={t("org.map.label")}
        aria-describedby="place-map-hint"
      />
      {tilesFailed && <p class="hint">{t("org.map.offline")}</p>}
    </div>
  );
}
