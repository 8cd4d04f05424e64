// /quests: open quests near a place, as a list and on the map (their ~500 m areas only),
// filtered by words and domains; the search lives in the URL like Discover's.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, formatDistance, t, useLocale } from "../core/i18n";
import { navigate } from "../core/router";
import { graphql } from "../gql";
import type { FindQuestsQuery } from "../gql/graphql";
import { OpportunityMap } from "../opportunities/OpportunityMap";
import { DOMAINS, RADII_KM } from "../opportunities/search";
import { useMe } from "../people/session";
import { type QuestSearch, searchFromParams, searchToFilter, searchToParams } from "./quests";
import "./quests.css";

const FIND_QUESTS = graphql(`
  query FindQuests($filter: QuestFilter, $first: Int!, $after: String) {
    quests(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        distanceKm
        node {
          id
          title
          domain
          startsAt
          expiresAt
          areaName
          giverName
          area {
            latitude
            longitude
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Edge = FindQuestsQuery["quests"]["edges"][number];
const PAGE = 20;

/** When a quest wants help, in words: its time, or any time before it expires. */
export function questWhen(quest: { startsAt?: string | null; expiresAt: string }): string {
  return quest.startsAt
    ? t("quests.when", { date: formatDate(quest.startsAt) })
    : t("quests.anyTime", { date: formatDate(quest.expiresAt) });
}

export function FindQuests({ query }: { query: URLSearchParams }) {
  useLocale();
  const me = useMe();
  const search = searchFromParams(query);
  const key = searchToParams(search).toString();
  const [edges, setEdges] = useState<Edge[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const latest = useRef(0);
  const places = useMemo(
    () => edges.map((e) => ({ id: e.node.id, title: e.node.title, ...e.node.area })),
    [edges],
  );

  async function load(after: string | null): Promise<void> {
    const mine = ++latest.current;
    setLoading(true);
    setError(null);
    try {
      const data = await request(FIND_QUESTS, { filter: searchToFilter(search), first: PAGE, after });
      if (mine !== latest.current) return;
      setEdges((old) => (after ? [...old, ...data.quests.edges] : data.quests.edges));
      setNext(data.quests.pageInfo.hasNextPage ? (data.quests.pageInfo.endCursor ?? null) : null);
    } catch (caught) {
      if (mine === latest.current) setError(errorText(caught));
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }

  useEffect(() => {
    void load(null);
  }, [key]);

  function change(update: Partial<QuestSearch>): void {
    const params = searchToParams({ ...search, ...update }).toString();
    navigate(`/quests${params ? `?${params}` : ""}`);
  }

  function onSubmit(event: Event): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const asked = form.getAll("domain").map(String);
    change({
      text: String(form.get("q") ?? ""),
      radiusKm: Number(form.get("r") ?? search.radiusKm),
      domains: DOMAINS.filter((d) => asked.includes(d)),
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
        change({ near: { latitude: position.coords.latitude, longitude: position.coords.longitude } });
      },
      () => setNotice(t("discover.locationDenied")),
      { timeout: 10_000, maximumAge: 300_000 },
    );
  }

  return (
    <section aria-labelledby="quests-title">
      <h1 id="quests-title">{t("quests.title")}</h1>
      <p>{t("quests.lead")}</p>
      {me && (
        <p class="row">
          <a class="button" href="/quests/new">
            {t("quests.new")}
          </a>
          <a href="/quests/mine">{t("quests.mine")}</a>
        </p>
      )}
      <form class="search" role="search" onSubmit={onSubmit} key={key}>
        <label>
          {t("quests.text")}
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
        <fieldset class="domains">
          <legend>{t("quests.domains")}</legend>
          {DOMAINS.map((d) => (
            <label class="check" key={d}>
              <input type="checkbox" name="domain" value={d} defaultChecked={search.domains.includes(d)} />
              {t(`domain.${d}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("quests.search")}</button>
      </form>
      {notice && <p role="status">{notice}</p>}
      <div class="discover">
        <OpportunityMap
          places={places}
          near={search.near}
          onPick={(point) => change({ near: point })}
          label={t("quests.map")}
          pickHint={t("quests.pickHint")}
          hrefOf={(place) => `/quests/${place.id}`}
        />
        <div>
          <p role="status" aria-live="polite">
            {loading && edges.length === 0
              ? t("quests.loading")
              : edges.length === 0 && !error
                ? t("quests.none")
                : t("quests.results", { count: edges.length + (next ? "+" : "") })}
          </p>
          {error && <p role="alert">{t("error.generic", { message: error })}</p>}
          <ol class="results">
            {edges.map((edge) => (
              <li key={edge.node.id}>
                <article>
                  <h2>
                    <a href={`/quests/${edge.node.id}`}>{edge.node.title}</a>
                  </h2>
                  <p class="meta">
                    {t("quests.in", { area: edge.node.areaName })}
                    {edge.distanceKm != null &&
                      ` · ${t("quests.distance", { distance: formatDistance(edge.distanceKm) })}`}
                    {" · "}
                    {t(`domain.${edge.node.domain}`)}
                  </p>
                  <p class="meta">
                    {questWhen(edge.node)} · {t("quests.by", { name: edge.node.giverName })}
                  </p>
                </article>
              </li>
            ))}
          </ol>
          {next && (
            <p>
              <button type="button" disabled={loading} onClick={() => void load(next)}>
                {loading ? t("quests.loading") : t("quests.more")}
              </button>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
