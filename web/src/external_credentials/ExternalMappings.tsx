// On a university badge class's designer page, for its curators: which achievements from
// other platforms count as this class (in learners' self-assessment), and mapping one more.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { ExternalMappingsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import "./external.css";

const MAPPINGS = graphql(`
  query ExternalMappings($badgeClassId: ID!) {
    externalMappings(badgeClassId: $badgeClassId) {
      id
      issuerId
      achievementId
      mappedAt
    }
  }
`);

const MAP = graphql(`
  mutation MapExternalAchievement($badgeClassId: ID!, $issuerId: String!, $achievementId: String!) {
    mapExternalAchievement(badgeClassId: $badgeClassId, issuerId: $issuerId, achievementId: $achievementId) {
      id
    }
  }
`);

const UNMAP = graphql(`
  mutation UnmapExternalAchievement($badgeClassId: ID!, $mappingId: ID!) {
    unmapExternalAchievement(badgeClassId: $badgeClassId, mappingId: $mappingId)
  }
`);

type Mapping = ExternalMappingsQuery["externalMappings"][number];

/** Shown only to a CURATOR of the issuing university (the server decides all the same). */
export function ExternalMappings({ badgeClassId, issuerId }: { badgeClassId: string; issuerId: string }) {
  useLocale();
  const me = useMe();
  const curator = Boolean(me?.memberships.some((m) => m.bodyId === issuerId && m.role === "CURATOR"));
  const [mappings, setMappings] = useState<Mapping[] | null>(null);
  const [issuer, setIssuer] = useState("");
  const [achievement, setAchievement] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(): Promise<void> {
    try {
      setMappings((await request(MAPPINGS, { badgeClassId })).externalMappings);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    if (curator) void load();
  }, [badgeClassId, curator]);

  if (!curator) return null;

  async function act(work: () => Promise<unknown>, done: string): Promise<void> {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await work();
      setStatus(done);
      await load();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: Event): void {
    event.preventDefault();
    if (!issuer.trim() || !achievement.trim()) {
      setError(t("mappings.missing"));
      return;
    }
    void act(async () => {
      await request(MAP, { badgeClassId, issuerId: issuer.trim(), achievementId: achievement.trim() });
      setIssuer("");
      setAchievement("");
    }, t("mappings.added"));
  }

  return (
    <section aria-labelledby="mappings-title" class="external-mappings">
      <h2 id="mappings-title">{t("mappings.title")}</h2>
      <p class="hint">{t("mappings.lead")}</p>
      {mappings === null ? (
        <p role="status">{t("mappings.loading")}</p>
      ) : mappings.length === 0 ? (
        <p>{t("mappings.none")}</p>
      ) : (
        <ul>
          {mappings.map((m) => (
            <li key={m.id}>
              <span>
                {t("mappings.item", { achievement: m.achievementId, issuer: m.issuerId })}{" "}
                <span class="hint">{t("mappings.since", { date: formatDate(m.mappedAt) })}</span>
              </span>
              <button
                type="button"
                class="secondary"
                disabled={busy}
                onClick={() =>
                  void act(() => request(UNMAP, { badgeClassId, mappingId: m.id }), t("mappings.removed"))
                }
              >
                {t("mappings.remove", { achievement: m.achievementId })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} aria-labelledby="mappings-add">
        <h3 id="mappings-add">{t("mappings.add")}</h3>
        <label>
          {t("mappings.issuer")}
          <input
            name="issuerId"
            maxLength={2048}
            value={issuer}
            aria-describedby="mappings-issuer-help"
            onInput={(e) => setIssuer((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <p class="hint" id="mappings-issuer-help">
          {t("mappings.issuer.help")}
        </p>
        <label>
          {t("mappings.achievement")}
          <input
            name="achievementId"
            maxLength={2048}
            value={achievement}
            onInput={(e) => setAchievement((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t("mappings.submit")}
        </button>
      </form>
      {status && <p role="status">{status}</p>}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
