// /badges/{id}: a badge's public page, for anyone it is shared with (no sign-in needed): who
// earned it, from whom, its tier, criteria, dates, status and endorsements, and where to
// verify it. A private badge reads as not found, like a missing one. Whoever may revoke it is
// offered that here (RevokeBadge.tsx).
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { BadgeDetailsQuery, PublicBadgeQuery, SharedBadgeQuery } from "../gql/graphql";
import { EuropassLink } from "../europass/EuropassLink";
import { MicroCredentialFacts } from "../micro_credentials/MicroCredentialFacts";
import { useMe } from "../people/session";
import { badgeState, certificateUrl } from "./present";
import { type BadgeIssuer, curatesSomewhere, revokesAt } from "./review";
import { type Revoked, RevokeBadge } from "./RevokeBadge";
import { StateText, TierMark } from "./TierMark";


// What a public badge page shows, asked the same way whether it is found by id or by token.
graphql(`
  fragment PublicAssertion on Assertion {
    id
    claimId
    learnerName
    badgeClassId
    badgeClassName
    universityName
    tier
    awardedUnderValidation
    status
    issuedAt
    expiresAt
    revokedAt
    revocationReason
    transparencyLog {
      index
      treeHeadSignedAt
      revocationIndex
    }
  }
`);

graphql(`
  fragment PublicClaim on Claim {
    id
    issuerName
    endorsements {
      id
      endorserName
      relationship
      testimonial
      observed
      createdAt
    }
    evidence {
      id
      kind
      name
      url
      description
      downloadUrl
    }
  }
`);

const PUBLIC_BADGE = graphql(`
  query PublicBadge($id: ID!) {
    assertion(id: $id) {
      ...PublicAssertion
    }
  }
`);

const SHARED_BADGE = graphql(`
  query SharedBadge($token: String!) {
    sharedAssertion(token: $token) {
      ...PublicAssertion
    }
    sharedClaim(token: $token) {
      ...PublicClaim
    }
  }
`);

const BADGE_DETAILS = graphql(`
  query BadgeDetails($claimId: ID!, $badgeClassId: ID!) {
    claim(id: $claimId) {
      ...PublicClaim
    }
    badgeClass(id: $badgeClassId) {
      id
      criteria
      imageUrl
      issuer {
        id
        name
        kind
      }
      microCredential {
        ...MicroCredentialFacts
      }
    }
  }
`);

// Whose brand an organisation's badge carries: its university, whose curators and moderators
// may revoke it too. Asked only of someone who is one somewhere.
const ORGANISATION_UNIVERSITY = graphql(`
  query OrganisationUniversity($id: ID!) {
    organisation(id: $id) {
      id
      university {
        id
      }
    }
  }
`);

type Assertion = NonNullable<PublicBadgeQuery["assertion"]>;
type Endorsement = NonNullable<BadgeDetailsQuery["claim"]>["endorsements"][number];
type SharedClaim = SharedBadgeQuery["sharedClaim"];
type Evidence = NonNullable<BadgeDetailsQuery["claim"]>["evidence"][number];
type MicroCredential = NonNullable<NonNullable<BadgeDetailsQuery["badgeClass"]>["microCredential"]>;

interface Found {
  assertion: Assertion;
  issuer: string | null;
  /** The badge class's issuer, when its details could be read. */
  issuedBy: BadgeIssuer | null;
  criteria: string | null;
  microCredential: MicroCredential | null;
  endorsements: Endorsement[];
  evidence: Evidence[];
}

async function find(id: string, token: string | null): Promise<Found | null> {
  let assertion: Assertion | null = null;
  let shared: SharedClaim = null;
  if (token) {
    const data = await request(SHARED_BADGE, { token });
    if (data.sharedAssertion?.id === id) {
      assertion = data.sharedAssertion;
      shared = data.sharedClaim ?? null;
    }
  }
  if (!assertion) assertion = (await request(PUBLIC_BADGE, { id })).assertion ?? null;
  if (!assertion) return null;
  // The badge is what matters: without its details (criteria, endorsements) it still shows.
  const details: BadgeDetailsQuery = await request(BADGE_DETAILS, {
    claimId: assertion.claimId,
    badgeClassId: assertion.badgeClassId,
  }).catch(() => ({ claim: null, badgeClass: null }));
  const claim = details.claim ?? shared;
  return {
    assertion,
    issuer: claim?.issuerName ?? details.badgeClass?.issuer.name ?? null,
    issuedBy: details.badgeClass?.issuer ?? null,
    criteria: details.badgeClass?.criteria ?? null,
    microCredential: details.badgeClass?.microCredential ?? null,
    endorsements: claim?.endorsements ?? [],
    evidence: claim?.evidence ?? [],
  };
}

/** Where a piece of evidence opens: its file here, or a web address the learner gave. */
function evidenceHref(evidence: Evidence): string | null {
  if (evidence.downloadUrl) return evidence.downloadUrl;
  return evidence.url && /^https?:\/\//i.test(evidence.url) ? evidence.url : null;
}

/** What the transparency log says about the badge: facts from the log, not from this page. */
function LogFacts({ log }: { log: Assertion["transparencyLog"] }) {
  if (!log) return <>{t("badge.log.none")}</>;
  const recorded = log.treeHeadSignedAt
    ? t("badge.log.signed", { index: log.index, signedAt: formatDate(log.treeHeadSignedAt) })
    : t("badge.log.unsigned", { index: log.index });
  return (
    <>
      {recorded}
      {log.revocationIndex != null && <> {t("badge.log.revoked", { index: log.revocationIndex })}</>}
    </>
  );
}

export function BadgePage({ id, token }: { id: string; token: string | null }) {
  const lang = useLocale();
  const me = useMe();
  const [found, setFound] = useState<Found | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [brandId, setBrandId] = useState<string | null>(null);
  const [revokedNow, setRevokedNow] = useState(false);
  const notice = useRef<HTMLParagraphElement>(null);
  const issuedBy = found?.issuedBy ?? null;

  useEffect(() => {
    setRevokedNow(false);
    setFound(undefined);
    find(id, token)
      .then(setFound)
      .catch((caught: unknown) => {
        setFound(null);
        if (caught instanceof ApiError && caught.code !== "NOT_FOUND" && caught.code !== "FORBIDDEN") {
          setError(caught.message);
        }
      });
  }, [id, token, me?.id]);

  useEffect(() => {
    setBrandId(null);
    if (!me || !issuedBy || issuedBy.kind !== "Organisation" || !curatesSomewhere(me.memberships)) return;
    request(ORGANISATION_UNIVERSITY, { id: issuedBy.id })
      .then((data) => setBrandId(data.organisation?.university.id ?? null))
      .catch(() => setBrandId(null));
  }, [me, issuedBy?.id, issuedBy?.kind]);

  useEffect(() => {
    if (revokedNow) notice.current?.focus();
  }, [revokedNow]);

  if (found === undefined) return <p role="status">{t("badge.loading")}</p>;
  if (found === null) {
    return (
      <section aria-labelledby="badge-missing">
        <h1 id="badge-missing">{t("badge.notFound")}</h1>
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      </section>
    );
  }
  const { assertion } = found;
  const state = { ...assertion, status: badgeState(assertion.status) };
  const mayRevoke =
    me != null && issuedBy !== null && state.status !== "REVOKED" && revokesAt(me.memberships, issuedBy, brandId);

  function revoked(now: Revoked): void {
    setFound((before) => (before ? { ...before, assertion: now } : before));
    setRevokedNow(true);
  }

  const image = `/assertions/${assertion.id}/image${token ? `?token=${encodeURIComponent(token)}` : ""}`;
  const credential = `${window.location.origin}/credentials/${assertion.id}${
    token ? `?token=${encodeURIComponent(token)}` : ""
  }`;
  return (
    <article class="public-badge" aria-labelledby="badge-name">
      <div class="wallet-head">
        <img src={image} alt={t("badge.image")} width={120} height={120} />
        <div>
          <h1 id="badge-name">{assertion.badgeClassName}</h1>
          <p class="badge-facts">
            <TierMark tier={assertion.tier} />
          </p>
          <p class="hint">{t(`badge.tier.${assertion.tier}.help`)}</p>
        </div>
      </div>
      {revokedNow && (
        <p role="status" class="success" tabIndex={-1} ref={notice}>
          {t("badge.revoke.done", { name: assertion.learnerName })}
        </p>
      )}
      <dl>
        <dt>{t("badge.recipient")}</dt>
        <dd>{assertion.learnerName}</dd>
        {found.issuer && (
          <>
            <dt>{t("badge.issuer")}</dt>
            <dd>{found.issuer}</dd>
          </>
        )}
        <dt>{t("badge.university")}</dt>
        <dd>{assertion.universityName}</dd>
        <dt>{t("badge.issued")}</dt>
        <dd>{formatDate(assertion.issuedAt)}</dd>
        {assertion.expiresAt && (
          <>
            <dt>{t("badge.expires")}</dt>
            <dd>{formatDate(assertion.expiresAt)}</dd>
          </>
        )}
        <dt>{t("badge.status")}</dt>
        <dd class="status-text">
          <StateText state={state} />
        </dd>
        <dt>{t("badge.log")}</dt>
        <dd class="transparency-log">
          <LogFacts log={assertion.transparencyLog ?? null} />
        </dd>
      </dl>
      {found.criteria && (
        <section aria-labelledby="badge-criteria">
          <h2 id="badge-criteria">{t("badge.criteria")}</h2>
          <p class="description">{found.criteria}</p>
        </section>
      )}
      {found.microCredential && assertion.tier === "OFFICIAL" && (
        <MicroCredentialFacts facts={found.microCredential} />
      )}
      {found.evidence.length > 0 && (
        <section aria-labelledby="badge-evidence">
          <h2 id="badge-evidence">{t("badge.evidence")}</h2>
          <ul class="links">
            {found.evidence.map((evidence) => {
              const href = evidenceHref(evidence);
              return (
                <li key={evidence.id}>
                  {href ? (
                    <a href={href} rel="noopener noreferrer nofollow">
                      {evidence.name}
                    </a>
                  ) : (
                    evidence.name
                  )}
                  {evidence.description && <p class="meta">{evidence.description}</p>}
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section aria-labelledby="badge-endorsements">
        <h2 id="badge-endorsements">{t("badge.endorsements")}</h2>
        {found.endorsements.length === 0 ? (
          <p>{t("badge.noEndorsements")}</p>
        ) : (
          <ul class="endorsements">
            {found.endorsements.map((endorsement) => (
              <li key={endorsement.id}>
                <blockquote>
                  <p>{endorsement.testimonial}</p>
                  {endorsement.observed && <p class="meta">{t("badge.observed", { observed: endorsement.observed })}</p>}
                </blockquote>
                <p class="endorser">
                  {t("badge.endorsedBy", {
                    name: endorsement.endorserName,
                    relationship: t(`badge.relationship.${endorsement.relationship}`),
                  })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="badge-verify" class="verify">
        <h2 id="badge-verify">{t("badge.verify")}</h2>
        <p>{t("badge.verify.help", { url: credential })}</p>
        <p>
          <a class="button" href={`/verify?url=${encodeURIComponent(credential)}`}>
            {t("badge.verify")}
          </a>
        </p>
        <p>
          <a href={certificateUrl(assertion.id, lang, token)}>{t("badge.certificate")}</a>
        </p>
        {assertion.tier === "OFFICIAL" &&
          assertion.awardedUnderValidation &&
          found.microCredential?.legalIdentifier && <EuropassLink assertionId={assertion.id} token={token} />}
      </section>
      {mayRevoke && (
        <RevokeBadge
          assertionId={assertion.id}
          badgeName={assertion.badgeClassName}
          learnerName={assertion.learnerName}
          onRevoked={revoked}
        />
      )}
    </article>
  );
}
