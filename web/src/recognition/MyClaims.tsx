// /claims: the learner's claims, newest first, each with its tier, state and endorsements,
// and the way to self-assert something new.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MyClaimsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { TierMark } from "./TierMark";
import "./claims.css";

const MY_CLAIMS = graphql(`
  query MyClaims($first: Int!, $after: String) {
    myClaims(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          status
          tier
          createdAt
          badgeClassName
          endorsements {
            id
            status
          }
        }
      }
    }
  }
`);

type Listed = MyClaimsQuery["myClaims"]["edges"][number]["node"];
const PAGE_SIZE = 20;

export function MyClaims() {
  useLocale();
  const me = useMe();
  const [claims, setClaims] = useState<Listed[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  async function load(after: string | null): Promise<void> {
    try {
      const found = (await request(MY_CLAIMS, { first: PAGE_SIZE, after })).myClaims;
      setClaims((previous) => [...(after ? (previous ?? []) : []), ...found.edges.map((e) => e.node)]);
      setTotal(found.totalCount);
      setNext(found.pageInfo.hasNextPage ? (found.pageInfo.endCursor ?? null) : null);
    } catch (caught) {
      setError(errorText(caught));
      setClaims((previous) => previous ?? []);
    }
  }

  useEffect(() => {
    if (me) void load(null);
  }, [me?.id]);

  if (me === undefined) return <p role="status">{t("claims.loading")}</p>;
  if (me === null) {
    return (
      <section aria-labelledby="claims-title">
        <h1 id="claims-title">{t("claims.title")}</h1>
        <p>
          <a href="/sign-in?next=/claims">{t("claims.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="claims-title">
      <h1 id="claims-title">{t("claims.title")}</h1>
      <p>{t("claims.lead")}</p>
      <p class="row">
        <a class="button" href="/claims/new">
          {t("claims.new")}
        </a>
        <a href="/wallet">{t("claims.wallet")}</a>
      </p>
      {claims === null ? (
        <p role="status">{t("claims.loading")}</p>
      ) : (
        <>
          <p role="status" class="meta">
            {claims.length === 0 ? t("claims.none") : t(total === 1 ? "claims.count.one" : "claims.count", { count: total })}
          </p>
          <ul class="results">
            {claims.map((claim) => {
              const endorsed = claim.endorsements.filter((e) => e.status === "ACTIVE").length;
              return (
                <li key={claim.id}>
                  <article aria-labelledby={`claim-${claim.id}`}>
                    <h2 id={`claim-${claim.id}`}>
                      <a href={`/claims/${claim.id}`}>{claim.title}</a>
                    </h2>
                    <p class="badge-facts">
                      <TierMark tier={claim.tier} />
                      <span class="state">{t(`claim.status.${claim.status}`)}</span>
                    </p>
                    {claim.badgeClassName !== claim.title && <p class="meta">{claim.badgeClassName}</p>}
                    <p class="meta">
                      {t("claims.item", { date: formatDate(claim.createdAt), count: endorsed })}
                    </p>
                  </article>
                </li>
              );
            })}
          </ul>
          {next && (
            <button type="button" onClick={() => void load(next)}>
              {t("claims.more")}
            </button>
          )}
        </>
      )}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </section>
  );
}
