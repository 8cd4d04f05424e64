// /wallet: the signed-in learner's badges, each with its tier, state, visibility, downloads
// and ways to share it. The last listing is kept on this device for its person, so that the
// wallet still opens, read-only, offline.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, locale, t, useLocale } from "../core/i18n";
import { keep, kept } from "../core/personal";
import { graphql } from "../gql";
import type { Visibility, WalletQuery } from "../gql/graphql";
import { sessionUnreachable, useMe } from "../people/session";
import { copyText } from "./clipboard";
import {
  badgePageUrl,
  badgePngUrl,
  badgeState,
  certificateUrl,
  downloads,
  embedSnippet,
  linkedInUrl,
  mailtoUrl,
  qrUrl,
  VISIBILITIES,
} from "./present";
import { StateText, TierMark } from "./TierMark";
import { ExternalList } from "../external_credentials/ExternalList";

const WALLET = graphql(`
  query Wallet($first: Int!, $after: String) {
    myAssertions(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          claimId
          badgeClassName
          universityName
          tier
          status
          issuedAt
          expiresAt
          revokedAt
          revocationReason
          visibility
          endorsementCount
        }
      }
    }
  }
`);

const SHARE_TOKEN = graphql(`
  query ClaimShareToken($id: ID!) {
    claim(id: $id) {
      id
      shareToken
    }
  }
`);

const SET_VISIBILITY = graphql(`
  mutation SetBadgeVisibility($claimId: ID!, $visibility: Visibility!) {
    setClaimVisibility(claimId: $claimId, visibility: $visibility) {
      id
      visibility
      shareToken
    }
  }
`);

type Badge = WalletQuery["myAssertions"]["edges"][number]["node"];
const PAGE_SIZE = 20;
const KEPT = "wallet";

/** The listing as this device keeps it for offline use. */
interface KeptWallet {
  badges: Badge[];
  total: number;
}


export function Wallet() {
  useLocale();
  const me = useMe();
  const [badges, setBadges] = useState<Badge[] | null>(null);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // When the listing shown is the kept one: the time it was read.
  const [asOf, setAsOf] = useState<string | null>(null);

  function showKept(person: string | null): boolean {
    const found = kept<KeptWallet>(KEPT, person);
    if (!found) return false;
    setBadges(found.value.badges);
    setTotal(found.value.total);
    setNext(null);
    setAsOf(found.savedAt);
    return true;
  }

  async function load(after: string | null): Promise<void> {
    setError(null);
    try {
      const data = await request(WALLET, { first: PAGE_SIZE, after });
      const found = data.myAssertions;
      const listed = [...(after ? (badges ?? []) : []), ...found.edges.map((e) => e.node)];
      setBadges(listed);
      setTotal(found.totalCount);
      setNext(found.pageInfo.hasNextPage ? (found.pageInfo.endCursor ?? null) : null);
      setAsOf(null);
      if (me) keep<KeptWallet>(KEPT, me.id, { badges: listed, total: found.totalCount });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "OFFLINE" && me && showKept(me.id)) return;
      setError(errorText(caught));
      setBadges((previous) => previous ?? []);
    }
  }

  useEffect(() => {
    if (me) void load(null);
    // Offline the server cannot say who is signed in here; what this device kept is, by
    // construction, the last person confirmed signed in (see core/personal.ts).
    else if (me === null && !(sessionUnreachable() && showKept(null))) {
      setAsOf(null);
      setBadges(null);
    }
  }, [me === undefined ? undefined : (me?.id ?? null)]);

  if (me === undefined) return <p role="status">{t("wallet.loading")}</p>;
  if (me === null && !asOf) {
    return (
      <section aria-labelledby="wallet-title">
        <h1 id="wallet-title">{t("wallet.title")}</h1>
        <p>
          <a href="/sign-in?next=/wallet">{t("wallet.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="wallet-title" class="wallet">
      <h1 id="wallet-title">{t("wallet.title")}</h1>
      <p>{t("wallet.lead")}</p>
      <p>
        <a href="/claims">{t("wallet.claims")}</a> · <a href="/self-assessment">{t("self.link")}</a> ·{" "}
        <a href="/portfolios">{t("portfolio.link")}</a> · <a href="/peer/submissions">{t("submit.title")}</a> ·{" "}
        <a href="/peer/reviews">{t("reviews.title")}</a>
      </p>
      {asOf && (
        <div class="offline-note" role="status">
          <p>
            <strong>{t("wallet.offline", { time: formatDate(asOf) })}</strong>
          </p>
          <p>{t("wallet.offline.help")}</p>
        </div>
      )}
      {badges === null ? (
        <p role="status">{t("wallet.loading")}</p>
      ) : (
        <>
              <p role="status" class="meta">
                {badges.length === 0 && !error ? t("wallet.none") : t(total === 1 ? "wallet.count.one" : "wallet.count", { count: total })}
              </p>
              <ul class="wallet-list">
                {badges.map((badge) => (
                  <li key={badge.id}>
                    <WalletItem
                      badge={badge}
                      offline={asOf !== null}
                      onChange={(changed) =>
                        setBadges((all) => (all ?? []).map((b) => (b.id === changed.id ? changed : b)))
                      }
                    />
                  </li>
                ))}
              </ul>
              {next && !asOf && (
                <button type="button" onClick={() => void load(next)}>
                  {t("wallet.more")}
                </button>
              )}
        </>
      )}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {!asOf && <ExternalList />}
    </section>
  );
}

interface ItemProps {
  badge: Badge;
  /** Shown from what this device kept: nothing can be changed, downloaded or shared. */
  offline: boolean;
  onChange: (badge: Badge) => void;
}

function WalletItem({ badge, offline, onChange }: ItemProps) {
  const lang = locale();
  const [token, setToken] = useState<string | null>(null);
  // The choice shows at once (a radio must not spring back while the server answers).
  const [visibility, setVisibility] = useState<Visibility>(badge.visibility);
  const [saved, setSaved] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [embedCopied, setEmbedCopied] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const embedField = useRef<HTMLTextAreaElement>(null);
  const titleId = `badge-${badge.id}`;

  useEffect(() => {
    if (offline || badge.visibility !== "LINK" || token) return;
    request(SHARE_TOKEN, { id: badge.claimId })
      .then((data) => setToken(data.claim?.shareToken ?? null))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [badge.visibility, badge.claimId]);

  async function choose(choice: Visibility): Promise<void> {
    setError(null);
    setSaved(null);
    const before = visibility;
    setVisibility(choice);
    try {
      const data = await request(SET_VISIBILITY, { claimId: badge.claimId, visibility: choice });
      setToken(data.setClaimVisibility.shareToken ?? null);
      setVisibility(data.setClaimVisibility.visibility);
      onChange({ ...badge, visibility: data.setClaimVisibility.visibility });
      setSaved(t("wallet.visibility.saved", { choice: t(`wallet.visibility.${choice}`) }));
    } catch (caught) {
      setVisibility(before);
      setError(errorText(caught));
    }
  }

  const shared = badge.visibility !== "PRIVATE";
  const pageUrl = badgePageUrl(
    window.location.origin,
    badge.id,
    badge.visibility === "LINK" ? token : null,
  );

  const secret = badge.visibility === "LINK" ? token : null;
  const snippet = embedSnippet({
    pageUrl,
    imageUrl: badgePngUrl(window.location.origin, badge.id, secret),
    name: badge.badgeClassName,
  });

  async function copy(): Promise<void> {
    setCopied(null);
    const done = await copyText(pageUrl, linkField.current);
    setCopied(t(done === "copied" ? "wallet.share.copied" : "wallet.share.selected"));
  }

  async function copyEmbed(): Promise<void> {
    setEmbedCopied(null);
    const done = await copyText(snippet, embedField.current);
    setEmbedCopied(t(done === "copied" ? "wallet.share.embed.copied" : "wallet.share.embed.selected"));
  }

  const files = downloads(badge.id);
  const state = { ...badge, status: badgeState(badge.status) };
  return (
    <article class="wallet-item" aria-labelledby={titleId}>
      <div class="wallet-head">
        {/* Offline the picture cannot load: no broken image in its place. */}
        {!offline && <img src={`/assertions/${badge.id}/image`} alt="" width={72} height={72} />}
        <div>
          <h2 id={titleId}>{badge.badgeClassName}</h2>
          <p class="meta">{t("wallet.issuedBy", { university: badge.universityName })}</p>
          <p class="badge-facts">
            <TierMark tier={badge.tier} /> <StateText state={state} />
          </p>
        </div>
      </div>
      <dl>
        <dt>{t("wallet.issued")}</dt>
        <dd>{formatDate(badge.issuedAt, lang)}</dd>
        {badge.expiresAt && (
          <>
            <dt>{t("wallet.expires")}</dt>
            <dd>{formatDate(badge.expiresAt, lang)}</dd>
          </>
        )}
        <dt>{t("wallet.endorsements")}</dt>
        <dd>{badge.endorsementCount}</dd>
      </dl>
      <fieldset class="visibility" disabled={offline}>
        <legend>{t("wallet.visibility")}</legend>
        {VISIBILITIES.map((choice) => (
          <div class="choice" key={choice}>
            <label class="check">
              <input
                type="radio"
                name={`visibility-${badge.id}`}
                value={choice}
                checked={visibility === choice}
                aria-describedby={`${titleId}-${choice}-help`}
                onChange={() => void choose(choice)}
              />
              {t(`wallet.visibility.${choice}`)}
            </label>
            <p class="hint" id={`${titleId}-${choice}-help`}>
              {t(`wallet.visibility.${choice}.help`)}
            </p>
          </div>
        ))}
        <p role="status" class="meta">
          {saved}
        </p>
      </fieldset>
      {offline ? (
        <p class="meta">{t("wallet.offline.actions")}</p>
      ) : (
        <>
      <details>
        <summary>{t("wallet.download")}</summary>
        <ul class="links">
          <li>
            <a href={certificateUrl(badge.id, lang)}>{t("wallet.download.certificate")}</a>
          </li>
          <li>
            <a href={files.json} download={`${badge.id}.json`}>
              {t("wallet.download.json")}
            </a>
          </li>
          <li>
            <a href={files.jwt} download={`${badge.id}.jwt`}>
              {t("wallet.download.jwt")}
            </a>
          </li>
          <li>
            <a href={files.png} download={`${badge.id}.png`}>
              {t("wallet.download.png")}
            </a>
          </li>
          <li>
            <a href={files.svg} download={`${badge.id}.svg`}>
              {t("wallet.download.svg")}
            </a>
          </li>
        </ul>
      </details>
      <details>
        <summary>{t("wallet.share")}</summary>
        {shared ? (
          <div class="share">
            <label>
              {t("wallet.share.link")}
              <input ref={linkField} type="text" readOnly value={pageUrl} />
            </label>
            <div class="row">
              <button type="button" onClick={() => void copy()}>
                {t("wallet.share.copy")}
              </button>
              <a href={pageUrl}>{t("wallet.view")}</a>
            </div>
            <p role="status" class="meta">
              {copied}
            </p>
            <figure class="qr">
              <img src={qrUrl(badge.id, secret)} alt={t("wallet.share.qr")} width={160} height={160} />
              <figcaption class="hint">{t("wallet.share.qr.help")}</figcaption>
            </figure>
            <ul class="links">
              <li>
                <a
                  href={linkedInUrl({
                    name: badge.badgeClassName,
                    organizationName: badge.universityName,
                    issuedAt: badge.issuedAt,
                    expiresAt: badge.expiresAt,
                    certUrl: pageUrl,
                    certId: badge.id,
                  })}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {t("wallet.share.linkedin")} <span class="visually-hidden">{t("wallet.share.newWindow")}</span>
                </a>
              </li>
              <li>
                <a
                  href={mailtoUrl(
                    t("wallet.share.mailSubject", { name: badge.badgeClassName }),
                    t("wallet.share.mailBody", {
                      name: badge.badgeClassName,
                      university: badge.universityName,
                      url: pageUrl,
                    }),
                  )}
                >
                  {t("wallet.share.email")}
                </a>
              </li>
            </ul>
            <div class="embed">
              <label for={`${titleId}-embed`}>{t("wallet.share.embed.label")}</label>
              <p class="hint" id={`${titleId}-embed-help`}>
                {t("wallet.share.embed.help")}
              </p>
              <textarea
                ref={embedField}
                id={`${titleId}-embed`}
                readOnly
                rows={4}
                value={snippet}
                aria-describedby={`${titleId}-embed-help`}
              />
              <div class="row">
                <button type="button" onClick={() => void copyEmbed()}>
                  {t("wallet.share.embed.copy")}
                </button>
              </div>
              <p role="status" class="meta">
                {embedCopied}
              </p>
            </div>
          </div>
        ) : (
          <p>{t("wallet.share.private")}</p>
        )}
      </details>
        </>
      )}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
    </article>
  );
}
