import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, formatDistance, t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { DiscoverQuery } from "../gql/graphql";
import { asMapAreas, SavedAreas, useSavedAreas } from "../notifications/SavedAreas";
import { useMe } from "../people/session";
import { OpportunityLinks } from "./OpportunityLinks";
import { OpportunityMap } from "./OpportunityMap";
import {
  DOMAINS,
  fromParams,
  LEVELS,
  order,
  orders,
  RADII_KM,
  type Search,
  toFilter,
  toParams,
  widerRadius,
} from "./search";

const DISCOVER = graphql(`
  query Discover($filter: OpportunityFilter, $first: Int!, $after: String) {
    opportunities(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        distanceKm
        node {
          id
          title
          synopsis
          startsAt
          capacity
          freePlaces
          domain
          level
          address
          location {
            latitude
            longitude
          }
          organisation {
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      suggestions {
        id
        title
        startsAt
        organisation {
          name
        }
      }
    }
  }
`);

type Edge = DiscoverQuery["opportunities"]["edges"][number];
type Suggestion = DiscoverQuery["opportunities"]["suggestions"][number];

/** The search radius closest to a saved area's, so showing it searches about the same circle. */
function nearestRadius(km: number): number {
  return RADII_KM.reduce((best, r) => (Math.abs(r - km) < Math.abs(best - km) ? r : best));
}
const PAGE = 20;

export function Discover({ query }: { query: URLSearchParams }) {
  useLocale();
  const search = fromParams(query);
  const key = toParams(search).toString();
  const [edges, setEdges] = useState<Edge[]>([]);
  const [next, setNext] = useState<string | null>(null);
  // "Did you mean": filled by the server only when a search with words found nothing.
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const me = useMe();
  const [areas, reloadAreas] = useSavedAreas(Boolean(me));
  const places = useMemo(
    () => edges.map((e) => ({ id: e.node.id, title: e.node.title, ...e.node.location })),
    [edges],
  );
  const mapAreas = useMemo(() => asMapAreas(areas), [areas]);

  // Only the newest search may fill the list: an older answer arriving late (the page's first,
  // unfiltered one on a cold server) must not replace what the learner asked for since.
  const latest = useRef(0);

  async function load(after: string | null): Promise<void> {
    const mine = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const data = await request(DISCOVER, { filter: toFilter(search), first: PAGE, after });
      if (mine !== latest.current) return;
      const page = data.opportunities;
      setEdges((old) => (after ? [...old, ...page.edges] : page.edges));
      if (!after) setSuggestions(page.suggestions);
      setNext(page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null);
    } catch (caught) {
      if (mine !== latest.current) return;
      setError(errorText(caught));
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }

  useEffect(() => {
    void load(null);
  }, [key]);

  // More results as the learner scrolls; the button does the same for keyboards.
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !next || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) void load(next);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [next, loading]);

  function change(update: Partial<Search>): void {
    const params = toParams({ ...search, ...update }).toString();
    navigate(`/discover${params ? `?${params}` : ""}`);
  }

  const nothing = !loading && edges.length === 0 && !error;
  const wider = search.near ? widerRadius(search.radiusKm) : null;

  function onSubmit(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    change({
      text: String(form.get("q") ?? ""),
      radiusKm: Number(form.get("r") ?? search.radiusKm),
      domain: DOMAINS.find((d) => d === form.get("domain")) ?? null,
      level: LEVELS.find((l) => l === form.get("level")) ?? null,
      freePlaces: form.get("free") === "on",
      startsAfter: String(form.get("after") ?? "") || null,
      sort: orders(search).find((o) => o === form.get("sort")) ?? null,
    });
  }

  function nearMe(): void {
    if (!("geolocation" in navigator)) {
      setNotice(t("discover.locationDenied"));
      return;
    }
    setNotice(t("discover.locating"));
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setNotice(null);
        change({
          near: { latitude: position.coords.latitude, longitude: position.coords.longitude },
        });
      },
      () => setNotice(t("discover.locationDenied")),
      { timeout: 10_000, maximumAge: 300_000 },
    );
  }

  return (
    <section aria-labelledby="discover-title">
      <h1 id="discover-title">{t("discover.title")}</h1>
      <p>
        <a href="/quests">{t("quests.link")}</a>
      </p>
      {/* Keyed by the search: a new search draws a fresh form with its values preselected
          (Preact has no defaultValue for a select, so options carry `selected`). */}
      <form class="search" role="search" onSubmit={onSubmit} key={key}>
        <label>
          {t("discover.text")}
          <input name="q" type="search" maxLength={200} defaultValue={search.text} />
        </label>
        <div class="row">
          <button type="button" onClick={nearMe}>
            {t("discover.nearMe")}
          </button>
          {search.near && (
            <button type="button" onClick={() => change({ near: null })}>
              {t("discover.anywhere")}
            </button>
          )}
          <label>
            {t("discover.radius")}
            <select name="r">
              {RADII_KM.map((km) => (
                <option value={String(km)} key={km} selected={km === search.radiusKm}>
                  {formatDistance(km)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div class="row">
          <label>
            {t("discover.domain")}
            <select name="domain">
              <option value="">{t("discover.any")}</option>
              {DOMAINS.map((d) => (
                <option value={d} key={d} selected={d === search.domain}>
                  {t(`domain.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("discover.level")}
            <select name="level">
              <option value="">{t("discover.any")}</option>
              {LEVELS.map((l) => (
                <option value={l} key={l} selected={l === search.level}>
                  {t(`level.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("discover.startsAfter")}
            <input name="after" type="date" defaultValue={search.startsAfter ?? ""} />
          </label>
          <label class="check">
            <input name="free" type="checkbox" defaultChecked={search.freePlaces} />
            {t("discover.freePlaces")}
          </label>
          {orders(search).length > 1 && (
            <label>
              {t("discover.sort")}
              <select
                name="sort"
                // Re-sorting keeps whatever else was typed in the form, as searching would.
                onChange={(event) => event.currentTarget.form?.requestSubmit()}
              >
                {orders(search).map((o) => (
                  <option value={o} key={o} selected={o === order(search)}>
                    {t(`discover.sort.${o}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <button type="submit">{t("discover.search")}</button>
      </form>
      {notice && <p role="status">{notice}</p>}
      {me && (
        <SavedAreas
          areas={areas}
          near={search.near}
          radiusKm={search.radiusKm}
          domain={search.domain}
          onChanged={reloadAreas}
          onShow={(area) => change({ near: area.centre, radiusKm: nearestRadius(area.radiusKm) })}
        />
      )}
      <div class="discover">
        <OpportunityMap
          places={places}
          near={search.near}
          areas={mapAreas}
          onPick={(point) => change({ near: point })}
          label={me ? t("areas.map") : undefined}
        />
        <div>
          <p role="status" aria-live="polite">
            {loading && edges.length === 0
              ? t("discover.loading")
              : edges.length === 0 && !error
                ? search.text.trim()
                  ? t("discover.nothingFor", { text: search.text.trim() })
                  : t("discover.none")
                : t("discover.results", { count: edges.length + (next ? "+" : "") })}
          </p>
          {error && <p role="alert">{t("error.generic", { message: error })}</p>}
          {nothing && search.near && (
            // A circle that found nothing may be too small: one step larger, or everywhere.
            <p class="widen">
              <button type="button" onClick={() => change(wider ? { radiusKm: wider } : { near: null })}>
                {wider ? t("discover.widen", { distance: formatDistance(wider) }) : t("discover.everywhere")}
              </button>
            </p>
          )}
          {nothing && suggestions.length > 0 && (
            <section aria-labelledby="suggestions-title" class="suggestions">
              <h2 id="suggestions-title">{t("discover.closest")}</h2>
              <OpportunityLinks items={suggestions} />
            </section>
          )}
          <ol class="results">
            {edges.map((edge) => (
              <li key={edge.node.id}>
                <article>
                  <h2>
                    <a href={`/opportunities/${edge.node.id}`}>{edge.node.title}</a>
                  </h2>
                  <p class="meta">
                    {t("opportunity.by", { organisation: edge.node.organisation.name })}
                    {" · "}
                    {t("opportunity.starts", { date: formatDate(edge.node.startsAt) })}
                    {edge.distanceKm != null &&
                      ` · ${t("opportunity.distance", { distance: formatDistance(edge.distanceKm) })}`}
                  </p>
                  <p>{edge.node.synopsis}</p>
                  <p class="meta">
                    {t("opportunity.places", {
                      free: edge.node.freePlaces,
                      capacity: edge.node.capacity,
                    })}
                  </p>
                </article>
              </li>
            ))}
          </ol>
          {next && (
            <div ref={sentinel}>
              <button type="button" disabled={loading} onClick={() => void load(next)}>
                {loading ? t("discover.loading") : t("discover.more")}
              </button>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
