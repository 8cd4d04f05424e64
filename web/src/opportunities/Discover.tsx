import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, formatDistance, t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { DiscoverQuery } from "../gql/graphql";
import { asMapAreas, SavedAreas, useSavedAreas } from "../notifications/SavedAreas";
import { useMe } from "../people/session";
import { QuestItem } from "../quests/QuestItem";
import { OpportunityLinks } from "./OpportunityLinks";
import { OpportunityMap } from "./OpportunityMap";
import {
  DOMAINS,
  fromParams,
  KINDS,
  LEVELS,
  opportunityFilters,
  order,
  orders,
  RADII_KM,
  type Search,
  toFilter,
  toKinds,
  toParams,
  widerRadius,
} from "./search";

const DISCOVER = graphql(`
  query Discover($filter: OpportunityFilter, $kinds: [DiscoveryKind!], $first: Int!, $after: String) {
    discover(filter: $filter, kinds: $kinds, first: $first, after: $after) {
      edges {
        cursor
        distanceKm
        node {
          __typename
          ... on Opportunity {
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
          ... on Quest {
            id
            title
            domain
            wantedAt: startsAt
            expiresAt
            areaName
            giverName
            area {
              latitude
              longitude
            }
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

type Edge = DiscoverQuery["discover"]["edges"][number];
type Suggestion = DiscoverQuery["discover"]["suggestions"][number];

/** The search radius closest to a saved area's, so showing it searches about the same circle. */
function nearestRadius(km: number): number {
  return RADII_KM.reduce((best, r) => (Math.abs(r - km) < Math.abs(best - km) ? r : best));
}
const PAGE = 20;
const RESULTS = {
  opportunity: "discover.results",
  quest: "quests.results",
  all: "discover.resultsAll",
} as const;

/** Discovery: /discover lists the kinds chosen; /quests (`questsOnly`) is the same search for
 * quests alone, with the quest giver's actions. */
export function Discover({ query, questsOnly = false }: { query: URLSearchParams; questsOnly?: boolean }) {
  useLocale();
  const asked = fromParams(query);
  const search: Search = questsOnly ? { ...asked, kind: "quest" } : asked;
  const base = questsOnly ? "/quests" : "/discover";
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
    () =>
      edges.map(({ node }) =>
        node.__typename === "Quest"
          ? { id: node.id, title: node.title, ...node.area }
          : { id: node.id, title: node.title, ...node.location },
      ),
    [edges],
  );
  const quests = useMemo(
    () => new Set(edges.flatMap(({ node }) => (node.__typename === "Quest" ? [node.id] : []))),
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
      const data = await request(DISCOVER, {
        filter: toFilter(search),
        kinds: toKinds(search),
        first: PAGE,
        after,
      });
      if (mine !== latest.current) return;
      const page = data.discover;
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
    const params = toParams({ ...search, ...update });
    if (questsOnly) params.delete("kind");
    navigate(`${base}${params.size ? `?${params.toString()}` : ""}`);
  }

  const nothing = !loading && edges.length === 0 && !error;
  const wider = search.near ? widerRadius(search.radiusKm) : null;

  function onSubmit(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    change({
      kind: KINDS.find((k) => k === form.get("kind")) ?? search.kind,
      text: String(form.get("q") ?? ""),
      radiusKm: Number(form.get("r") ?? search.radiusKm),
      domain: DOMAINS.find((d) => d === form.get("domain")) ?? null,
      level: LEVELS.find((l) => l === form.get("level")) ?? null,
      freePlaces: form.get("free") === "on",
      goals: form.get("goals") === "on",
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
      <h1 id="discover-title">{questsOnly ? t("quests.title") : t("discover.title")}</h1>
      {search.kind === "opportunity" ? (
        <p>
          <a href="/quests">{t("quests.link")}</a>
        </p>
      ) : (
        <>
          <p>{t("quests.lead")}</p>
          {me && (
            <p class="row">
              <a class="button" href="/quests/new">
                {t("quests.new")}
              </a>
              <a href="/quests/mine">{t("quests.mine")}</a>
            </p>
          )}
        </>
      )}
      {/* Keyed by the search: a new search draws a fresh form with its values preselected
          (Preact has no defaultValue for a select, so options carry `selected`). */}
      <form class="search" role="search" onSubmit={onSubmit} key={key}>
        {!questsOnly && (
          <label>
            {t("discover.kind")}
            <select name="kind" onChange={(event) => event.currentTarget.form?.requestSubmit()}>
              {KINDS.map((k) => (
                <option value={k} key={k} selected={k === search.kind}>
                  {t(`discover.kind.${k}`)}
                </option>
              ))}
            </select>
          </label>
        )}
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
          {opportunityFilters(search) && (
            <>
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
              {me && (
                <label class="check">
                  <input name="goals" type="checkbox" defaultChecked={search.goals} />
                  {t("discover.goals")}
                </label>
              )}
            </>
          )}
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
          hrefOf={(place) => (quests.has(place.id) ? `/quests/${place.id}` : `/opportunities/${place.id}`)}
        />
        <div>
          <p role="status" aria-live="polite">
            {loading && edges.length === 0
              ? t("discover.loading")
              : edges.length === 0 && !error
                ? search.text.trim()
                  ? t("discover.nothingFor", { text: search.text.trim() })
                  : t(search.kind === "quest" ? "quests.none" : "discover.none")
                : t(RESULTS[search.kind], { count: edges.length + (next ? "+" : "") })}
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
            {edges.map(({ node, distanceKm }) => (
              <li key={node.id}>
                {node.__typename === "Quest" ? (
                  <QuestItem quest={{ ...node, startsAt: node.wantedAt }} distanceKm={distanceKm ?? null} />
                ) : (
                  <article>
                    <h2>
                      <a href={`/opportunities/${node.id}`}>{node.title}</a>
                    </h2>
                    <p class="meta">
                      {t("opportunity.by", { organisation: node.organisation.name })}
                      {" · "}
                      {t("opportunity.starts", { date: formatDate(node.startsAt) })}
                      {distanceKm != null &&
                        ` · ${t("opportunity.distance", { distance: formatDistance(distanceKm) })}`}
                    </p>
                    <p>{node.synopsis}</p>
                    <p class="meta">
                      {t("opportunity.places", { free: node.freePlaces, capacity: node.capacity })}
                    </p>
                  </article>
                )}
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
