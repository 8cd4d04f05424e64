// /claims/{id}: a claim's page. For its learner: its state, narrative, evidence (add more
// while it is open), each endorsement with its trust signals in words, asking for
// endorsements and the requests sent, visibility, and withdrawing it. For someone asked to
// endorse it: the claim and the endorsement form (Endorse.tsx). For a reviewer of its issuer,
// once it reached them: the review panel (ClaimReview.tsx).
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { formatDate, t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { Visibility } from "../gql/graphql";
import { type Me, useMe } from "../people/session";
import { requestState, revisable, undecided } from "./claimPresent";
import {
  ClaimFacts,
  ClaimState,
  Conversation,
  EndorsementItem,
  EvidenceList,
  type FoundClaim,
  loadPolicy,
  type Policy,
  PolicyText,
  useClaim,
} from "./ClaimParts";
import { ClaimReview } from "./ClaimReview";
import { EndorseClaim } from "./Endorse";
import { FileItems, FilePicker, useUploads } from "./EvidenceFiles";
import { type LinkRow, LinkRows, linkInputs } from "./LinkRows";
import { RequestEndorsement } from "./RequestEndorsement";
import { ResubmitClaim } from "./ResubmitClaim";
import { TierMark } from "./TierMark";
import { VISIBILITIES } from "./present";
import { clearsFlagsAt, reviewsClaims, reviewsClaimsAt } from "./review";
import "./claims.css";

const ADD_LINKS = graphql(`
  mutation AddEvidenceLinks($claimId: ID!, $evidence: [EvidenceLinkInput!]!) {
    addEvidenceLinks(claimId: $claimId, evidence: $evidence) {
      id
    }
  }
`);

const SET_VISIBILITY = graphql(`
  mutation SetClaimVisibility($claimId: ID!, $visibility: Visibility!) {
    setClaimVisibility(claimId: $claimId, visibility: $visibility) {
      id
      visibility
    }
  }
`);

const WITHDRAW = graphql(`
  mutation WithdrawClaim($claimId: ID!) {
    withdrawClaim(claimId: $claimId) {
      id
      status
    }
  }
`);

export function ClaimPage({ id }: { id: string }) {
  useLocale();
  const me = useMe();
  const { claim, error, reload } = useClaim(id, me === undefined ? undefined : (me?.id ?? ""));

  if (me === undefined || claim === undefined) return <p role="status">{t("claims.loading")}</p>;
  if (me === null && !claim) {
    return (
      <section aria-labelledby="claim-missing">
        <h1 id="claim-missing">{t("claim.signIn.title")}</h1>
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`/claims/${id}`)}`}>{t("claim.signIn")}</a>
        </p>
      </section>
    );
  }
  if (!claim) {
    return (
      <section aria-labelledby="claim-missing">
        <h1 id="claim-missing">{t("claim.notFound")}</h1>
        {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      </section>
    );
  }
  if (!claim.mine) return <OthersClaim claim={claim} me={me} reload={reload} />;
  return <OwnClaim claim={claim} reload={reload} />;
}

/** Someone else's claim: its review for a reviewer of its issuer once it reached them, else
 * the endorser's view. Only a reviewer somewhere waits for the class's issuer. */
function OthersClaim({ claim, me, reload }: { claim: FoundClaim; me: Me | null; reload: () => Promise<void> }) {
  // Chosen as the page opens: an endorsement that sends the claim to review keeps its thanks.
  const [reachedIssuer] = useState(claim.status !== "OPEN");
  const reviewer = me !== null && me.memberships.some(reviewsClaims) && reachedIssuer;
  const [policy, setPolicy] = useState<Policy | null | undefined>(undefined);
  useEffect(() => {
    if (!reviewer) return;
    loadPolicy(claim.badgeClassId)
      .then(setPolicy)
      .catch(() => setPolicy(null));
  }, [claim.badgeClassId, reviewer]);
  if (reviewer && policy === undefined) return <p role="status">{t("claims.loading")}</p>;
  if (me && policy && reviewsClaimsAt(me.memberships, policy.issuer.id)) {
    return (
      <ClaimReview
        claim={claim}
        policy={policy}
        clearsFlags={clearsFlagsAt(me.memberships, policy.issuer.id)}
        reload={reload}
      />
    );
  }
  return <EndorseClaim claim={claim} me={me} reload={reload} />;
}

function OwnClaim({ claim, reload }: { claim: FoundClaim; reload: () => Promise<void> }) {
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [visibility, setVisibility] = useState<Visibility>(claim.visibility);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [links, setLinks] = useState<LinkRow[]>([]);
  const uploads = useUploads(() => void reload());
  const title = useRef<HTMLHeadingElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  // The button that asked is gone: the keyboard goes on from the one that confirms.
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);

  useEffect(() => {
    loadPolicy(claim.badgeClassId)
      .then(setPolicy)
      .catch(() => setPolicy(null));
  }, [claim.badgeClassId]);
  useEffect(() => setVisibility(claim.visibility), [claim.visibility]);

  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      await work();
      await reload();
      setNotice(done);
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  }

  async function chooseVisibility(choice: Visibility): Promise<void> {
    const before = visibility;
    setVisibility(choice);
    const saved = await act(
      () => request(SET_VISIBILITY, { claimId: claim.id, visibility: choice }),
      t("wallet.visibility.saved", { choice: t(`wallet.visibility.${choice}`) }),
    );
    if (!saved) setVisibility(before);
  }

  async function addLinks(event: Event): Promise<void> {
    event.preventDefault();
    const evidence = linkInputs(links);
    if (typeof evidence === "string") {
      setError(evidence);
      return;
    }
    if (evidence.length === 0) return;
    if (await act(() => request(ADD_LINKS, { claimId: claim.id, evidence }), t("evidence.linksAdded"))) setLinks([]);
  }

  async function withdraw(): Promise<void> {
    setConfirming(false);
    await act(() => request(WITHDRAW, { claimId: claim.id }), t("claim.withdrawn"));
    title.current?.focus();
  }

  const open = undecided(claim.status);
  const active = claim.endorsements.filter((e) => e.status === "ACTIVE");
  return (
    <article class="claim-page" aria-labelledby="claim-title">
      <p>
        <a href="/claims">{t("claims.back")}</a>
      </p>
      <h1 id="claim-title" tabIndex={-1} ref={title}>
        {claim.title}
      </h1>
      <p class="badge-facts">
        <TierMark tier={claim.tier} />
      </p>
      <ClaimState claim={claim} />
      {claim.assertionId && (
        <p>
          <a href={`/badges/${claim.assertionId}`}>{t("claim.openBadge")}</a>
        </p>
      )}
      <p role="status" class="meta">
        {notice}
      </p>
      {error && (
        <p role="alert" class="file-error">
          {t("error.generic", { message: error })}
        </p>
      )}
      <ClaimFacts claim={claim} />

      <section aria-labelledby="claim-narrative">
        <h2 id="claim-narrative">{t("claim.narrative")}</h2>
        <p class="description">{claim.narrative}</p>
      </section>

      <section aria-labelledby="claim-evidence">
        <h2 id="claim-evidence">{t("badge.evidence")}</h2>
        <EvidenceList evidence={claim.evidence} />
        {revisable(claim.status) && (
          <details class="add-evidence">
            <summary>{t("evidence.add")}</summary>
            <form onSubmit={(event) => void addLinks(event)}>
              <fieldset class="evidence">
                <legend>{t("evidence.links")}</legend>
                <LinkRows rows={links} onChange={setLinks} />
                {links.length > 0 && <button type="submit">{t("evidence.addLinks")}</button>}
              </fieldset>
            </form>
            <fieldset class="evidence">
              <legend>{t("evidence.files")}</legend>
              <FilePicker
                id="claim-files"
                onPick={(files) =>
                  void uploads.add(files).then((added) => {
                    if (added.some((item) => item.state === "ready")) void uploads.start(claim.id);
                  })
                }
              />
              <FileItems
                items={uploads.items}
                onRemove={uploads.remove}
                onRetry={(key) => void uploads.upload(claim.id, key)}
              />
            </fieldset>
          </details>
        )}
      </section>

      <section aria-labelledby="claim-endorsements">
        <h2 id="claim-endorsements">{t("badge.endorsements")}</h2>
        {policy && open && (
          <p class="hint">
            <PolicyText policy={policy.endorsementPolicy} />
            {t("claim.endorsements.count", { count: active.length })}
          </p>
        )}
        {claim.endorsements.length === 0 ? (
          <p>{t("claim.endorsements.none")}</p>
        ) : (
          <ul class="endorsements">
            {claim.endorsements.map((endorsement) => (
              <li key={endorsement.id}>
                <EndorsementItem endorsement={endorsement} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {open && <RequestEndorsement claim={claim} onRequested={reload} />}

      <section aria-labelledby="claim-requests">
        <h2 id="claim-requests">{t("requests.title")}</h2>
        {claim.endorsementRequests.length === 0 ? (
          <p>{t("requests.none")}</p>
        ) : (
          <ul class="requests">
            {claim.endorsementRequests.map((r) => {
              const state = requestState(r);
              return (
                <li key={r.id}>
                  <span class="request-who">{r.personName ?? r.email ?? t("requests.someone")}</span>{" "}
                  <span class={`request-state request-${state.toLowerCase()}`}>{t(`requests.state.${state}`)}</span>
                  <span class="meta">
                    {" "}
                    · {t("requests.sent", { date: formatDate(r.createdAt) })}
                    {r.email && state === "WAITING" && ` · ${t("requests.expires", { date: formatDate(r.expiresAt) })}`}
                  </span>
                  {r.message && <p class="meta">{t("requests.message", { message: r.message })}</p>}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <Conversation messages={claim.conversation} />

      {claim.status === "RETURNED" && (
        <ResubmitClaim claim={claim} act={act} onSent={() => title.current?.focus()} />
      )}

      <fieldset class="visibility">
        <legend>{t("claim.visibility")}</legend>
        {VISIBILITIES.map((choice) => (
          <div class="choice" key={choice}>
            <label class="check">
              <input
                type="radio"
                name="claim-visibility"
                value={choice}
                checked={visibility === choice}
                aria-describedby={`claim-visibility-${choice}-help`}
                onChange={() => void chooseVisibility(choice)}
              />
              {t(`wallet.visibility.${choice}`)}
            </label>
            <p class="hint" id={`claim-visibility-${choice}-help`}>
              {t(`claim.visibility.${choice}.help`)}
            </p>
          </div>
        ))}
      </fieldset>

      {open && (
        <section aria-labelledby="claim-withdraw" class="danger">
          <h2 id="claim-withdraw">{t("claim.withdraw.title")}</h2>
          <p>{t("claim.withdraw.help")}</p>
          {confirming ? (
            <div class="row">
              <button type="button" class="danger" ref={confirm} onClick={() => void withdraw()}>
                {t("claim.withdraw.confirm")}
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                {t("claim.withdraw.cancel")}
              </button>
            </div>
          ) : (
            <button type="button" class="secondary" onClick={() => setConfirming(true)}>
              {t("claim.withdraw")}
            </button>
          )}
        </section>
      )}
    </article>
  );
}
