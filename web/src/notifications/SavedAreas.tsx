import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { formatDistance, t } from "../core/i18n";
import { graphql } from "../gql";
import type { Domain, SavedAreasQuery } from "../gql/graphql";
import type { Area, Point } from "../opportunities/OpportunityMap";

const SAVED_AREAS = graphql(`
  query SavedAreas {
    savedAreas {
      id
      name
      centre {
        latitude
        longitude
      }
      radiusKm
      domains
    }
  }
`);

const SAVE_AREA = graphql(`
  mutation SaveArea($input: SaveAreaInput!) {
    saveArea(input: $input) {
      id
    }
  }
`);

const REMOVE_AREA = graphql(`
  mutation RemoveSavedArea($id: ID!) {
    removeSavedArea(id: $id)
  }
`);

type Saved = SavedAreasQuery["savedAreas"][number];

// The API's bound for a saved area (SaveAreaInput.radiusKm): wider searches are saved at it.
export const MAX_SAVED_RADIUS_KM = 25;

/** The signed-in learner's saved areas, and a way to reload them after a change. */
export function useSavedAreas(signedIn: boolean): [Saved[], () => void] {
  const [areas, setAreas] = useState<Saved[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!signedIn) {
      setAreas([]);
      return;
    }
    request(SAVED_AREAS, {})
      .then((data) => setAreas(data.savedAreas))
      .catch(() => setAreas([]));
  }, [signedIn, version]);
  return [areas, () => setVersion((v) => v + 1)];
}

export function asMapAreas(areas: Saved[]): Area[] {
  return areas.map((a) => ({ ...a.centre, radiusKm: a.radiusKm, name: a.name }));
}

interface Props {
  areas: Saved[];
  near: Point | null;
  radiusKm: number;
  domain: Domain | null;
  onChanged: () => void;
  onShow: (area: Saved) => void;
}

/** "Tell me about new opportunities here": saves the searched circle, lists and removes them. */
export function SavedAreas({ areas, near, radiusKm, domain, onChanged, onShow }: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const radius = Math.min(radiusKm, MAX_SAVED_RADIUS_KM);

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    if (!near) return;
    const form = event.currentTarget as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    try {
      await request(SAVE_AREA, {
        input: { name, ...near, radiusKm: radius, domains: domain ? [domain] : [] },
      });
      form.reset();
      setNotice(t("areas.saved", { name }));
      onChanged();
    } catch (caught) {
      setNotice(t("error.generic", { message: caught instanceof Error ? caught.message : "" }));
    }
  }

  async function remove(area: Saved): Promise<void> {
    try {
      await request(REMOVE_AREA, { id: area.id });
      setNotice(t("areas.removed", { name: area.name }));
      onChanged();
    } catch (caught) {
      setNotice(t("error.generic", { message: caught instanceof Error ? caught.message : "" }));
    }
  }

  return (
    <section class="saved-areas" aria-labelledby="areas-title">
      <h2 id="areas-title">{t("areas.title")}</h2>
      {near ? (
        <form class="row" onSubmit={(event) => void save(event)}>
          <label>
            {t("areas.name")}
            <input name="name" required maxLength={80} autoComplete="off" />
          </label>
          <button type="submit">
            {t("areas.save", { distance: formatDistance(radius) })}
          </button>
        </form>
      ) : (
        <p class="hint">{t("areas.pickFirst")}</p>
      )}
      {notice && <p role="status">{notice}</p>}
      {areas.length > 0 && (
        <ul class="areas">
          {areas.map((area) => (
            <li key={area.id}>
              <span>
                {t("areas.item", { name: area.name, distance: formatDistance(area.radiusKm) })}
                {area.domains.length > 0 &&
                  ` · ${area.domains.map((d) => t(`domain.${d}`)).join(", ")}`}
              </span>{" "}
              <button type="button" onClick={() => onShow(area)}>
                {t("areas.show")}
                <span class="visually-hidden"> {area.name}</span>
              </button>{" "}
              <button type="button" onClick={() => void remove(area)}>
                {t("areas.remove")}
                <span class="visually-hidden"> {area.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
