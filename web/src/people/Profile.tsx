// /people/{id}: a learner's public profile, for anyone (no sign-in needed): their name and
// the badges they made PUBLIC, each leading to its public page. Nothing else is asked for.
import { useEffect, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { LearnerProfileQuery } from "../gql/graphql";
import { badgeState, formatDay } from "../recognition/present";
import { StateText, TierMark } from "../recognition/TierMark";
import "./account.css";
import { useMe } from "./session";

const PROFILE = graphql(`
  query LearnerProfile($personId: ID!, $first: Int!, $after: String) {
    profile(personId: $personId) {
      name
      assertions(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            badgeClassName
            universityName
            tier
            status
            issuedAt
            expiresAt
            revokedAt
            revocationReason
          }
        }
      }
    }
  }
`);

type Badge = NonNullable<LearnerProfileQuery["profile"]>["assertions"]["edges"][number]["node"];
const PAGE_SIZE = 20;

interface Shown {
  name: string;
  badges: Badge[];
  total: number;
  next: string | null;
}

export function Profile({ id }: { id: string }) {
  const lang = useLocale();
  const me = useMe();
  // undefined: loading; null: no such profile.
  const [shown, setShown] = useState<Shown | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  async function load(after: string | null): Promise<void> {
    setError(null);
    try {
      const data = await request(PROFILE, { personId: id, first: PAGE_SIZE, after });
      const found = data.profile;
      if (!found) {
        setShown(null);
        return;
      }
      const page = found.assertions;
      setShown((before) => ({
        name: found.name,
        badges: [...(after ? (before?.badges ?? []) : []), ...page.edges.map((edge) => edge.node)],
        total: page.totalCount,
        next: page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null,
      }));
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "NOT_FOUND") {
        setShown(null);
        return;
      }
      setError(errorText(caught));
      setShown((before) => before ?? null);
    }
  }

  useEffect(() => {
    setShown(undefined);
    void load(null);
  }, [id]);

  if (shown === undefined) return <p role="status">{t("profile.loading")}</p>;
  if (shown === null) {
    return (
      <section aria-labelledby="profile-title" class="narrow">
        <h1 id="profile-title">{error ? t("error.generic", { message: error }) : t("profile.notFound")}</h1>
        {!error && <p>{t("profile.notFoundHint")}</p>}
      </section>
    );
  }
  return (
    <section aria-labelledby="profile-title" class="profile">
      <h1 id="profile-title">{shown.name}</h1>
      <p>{t("profile.lead")}</p>
      {me?.id === id && (
        <p class="note">
          {t("profile.yours")} <a href="/account">{t("profile.toAccount")}</a>
        </p>
      )}
      <h2>{t("profile.badges")}</h2>
      <p role="status" class="meta">
        {shown.total === 0
          ? t("profile.none", { name: shown.name })
          : shown.total === 1
            ? t("profile.count.one")
            : t("profile.count", { count: shown.total })}
      </p>
      <ul class="profile-badges">
        {shown.badges.map((badge) => (
          <li key={badge.id}>
            <article aria-labelledby={`profile-badge-${badge.id}`}>
              <img src={`/assertions/${badge.id}/image`} alt="" width={56} height={56} />
              <div>
                <h3 id={`profile-badge-${badge.id}`}>
                  <a href={`/badges/${badge.id}`}>{badge.badgeClassName}</a>
                </h3>
                <p class="meta">
                  {t("wallet.issuedBy", { university: badge.universityName })} ·{" "}
                  {formatDay(badge.issuedAt, lang)}
                </p>
                <p class="badge-facts">
                  <TierMark tier={badge.tier} />{" "}
                  <StateText state={{ ...badge, status: badgeState(badge.status) }} />
                </p>
              </div>
            </article>
          </li>
        ))}
      </ul>
      {shown.next && (
        <button type="button" onClick={() => void load(shown.next)}>
          {t("profile.more")}
        </button>
      )}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </section>
  );
}
