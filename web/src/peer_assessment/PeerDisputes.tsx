// /peer/disputes: for the issuer's staff, the disputed peer-assessed portfolios of each
// organisation or university they work for, every reviewer named; issue or decline.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { PeerDisputesQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { EvidenceList } from "./EvidenceList";
import { Reviews } from "./Reviews";
import "./peer.css";

const DISPUTES = graphql(`
  query PeerDisputes($issuerId: ID!) {
    peerDisputes(issuerId: $issuerId) {
      id
      state
      disputeReason
      learnerName
      badgeClassName
      narrative
      evidence {
        id
        name
        url
        downloadUrl
      }
      rubric {
        id
        name
      }
      reviews {
        id
        reviewerName
        anonymous
        total
        passed
        scores {
          criterionId
          level
          comment
        }
      }
    }
  }
`);

const DECIDE = graphql(`
  mutation DecidePeerDispute($claimId: ID!, $issue: Boolean!, $note: String!) {
    decidePeerDispute(claimId: $claimId, issue: $issue, note: $note) {
      id
      state
    }
  }
`);

type Dispute = PeerDisputesQuery["peerDisputes"][number];
// The roles of peer_assessment:decide (auth/permissions.py).
const DECIDERS = new Set(["ADMIN", "SUPERVISOR", "TEACHER", "CURATOR", "MODERATOR"]);

function DisputeCard({ dispute, onDone }: { dispute: Dispute; onDone: (text: string) => void }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const decide = async (issue: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await request(DECIDE, { claimId: dispute.id, issue, note });
      onDone(issue ? t("disputes.issued") : t("disputes.declined"));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  const noteId = `note-${dispute.id}`;
  return (
    <article>
      <h2>{dispute.badgeClassName}</h2>
      <p>{t("disputes.learner", { name: dispute.learnerName ?? "" })}</p>
      {dispute.disputeReason && <p class="peer-state">{t(`peer.reason.${dispute.disputeReason}`)}</p>}
      <p class="peer-narrative">{dispute.narrative}</p>
      <EvidenceList evidence={dispute.evidence} />
      <Reviews rubric={dispute.rubric} reviews={dispute.reviews} />
      <label for={noteId}>{t("disputes.note")}</label>
      <textarea id={noteId} rows={3} maxLength={2000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <p class="row">
        <button type="button" disabled={busy} onClick={() => void decide(true)}>
          {t("disputes.issue")}
        </button>
        <button type="button" disabled={busy || !note.trim()} onClick={() => void decide(false)}>
          {t("disputes.decline")}
        </button>
      </p>
    </article>
  );
}

/** Every body the person decides for, or only `issuer` (the work hub's link for one body). */
export function PeerDisputes({ issuer }: { issuer: string | null }) {
  useLocale();
  const me = useMe();
  const [disputes, setDisputes] = useState<Dispute[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const bodies = me
    ? [...new Set(me.memberships.filter((m) => DECIDERS.has(m.role)).map((m) => m.bodyId))].filter(
        (id) => !issuer || id === issuer,
      )
    : [];

  const load = () =>
    Promise.all(bodies.map((issuerId) => request(DISPUTES, { issuerId }).catch(() => ({ peerDisputes: [] }))))
      .then((found) => setDisputes(found.flatMap((f) => f.peerDisputes)))
      .catch((caught: unknown) => setError(errorText(caught)));

  useEffect(() => {
    if (me) void load();
  }, [Boolean(me)]);

  if (me === undefined) return <p role="status">{t("peer.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/peer/disputes">{t("peer.signIn")}</a>
      </p>
    );
  }
  return (
    <section aria-labelledby="peer-disputes-title" class="peer">
      <h1 id="peer-disputes-title">{t("disputes.title")}</h1>
      <p>{t("disputes.lead")}</p>
      {done && <p role="status">{done}</p>}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {!disputes && !error && <p role="status">{t("peer.loading")}</p>}
      {disputes && (
        <ul class="results">
          {disputes.length === 0 && <li>{t("disputes.none")}</li>}
          {disputes.map((d) => (
            <li key={d.id}>
              <DisputeCard
                dispute={d}
                onDone={(text) => {
                  setDone(text);
                  void load();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
