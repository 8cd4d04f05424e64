// /peer/submissions: my portfolios submitted for peer assessment (where each stands, the
// reviews received, anonymous ones without a name) and the form to submit a new one.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import type { MyPeerSubmissionsQuery } from "../gql/graphql";
import { useMe } from "../people/session";
import { FileItems, FilePicker, useUploads } from "../recognition/EvidenceFiles";
import { Reviews } from "./Reviews";
import "./peer.css";

const MINE = graphql(`
  query MyPeerSubmissions {
    myPeerSubmissions {
      id
      state
      disputeReason
      badgeClassName
      reviewersNeeded
      reviewsPending
      rubric {
        id
        name
      }
      reviews {
        id
        reviewerName
        total
        passed
        scores {
          criterionId
          level
          comment
        }
      }
    }
    peerAssessedBadgeClasses {
      badgeClassId
      badgeClassName
      issuerName
    }
  }
`);

const SUBMIT = graphql(`
  mutation SubmitPortfolio($input: SubmitPortfolioInput!) {
    submitPortfolio(input: $input) {
      id
      state
    }
  }
`);


export function PeerSubmissions() {
  useLocale();
  const me = useMe();
  const [data, setData] = useState<MyPeerSubmissionsQuery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [badgeClassId, setBadgeClassId] = useState("");
  const [narrative, setNarrative] = useState("");
  const [linkUrl, setLinkUrl] = useState("");
  const [linkName, setLinkName] = useState("");
  // The files go up after the submission exists (PUT /claims/{id}/evidence), one by one.
  const uploads = useUploads();
  const [submitted, setSubmitted] = useState<string | null>(null);

  const load = () =>
    request(MINE, {})
      .then((found) => {
        setData(found);
        setBadgeClassId((current) => current || found.peerAssessedBadgeClasses[0]?.badgeClassId || "");
      })
      .catch((caught: unknown) => setError(errorText(caught)));

  useEffect(() => {
    if (me) void load();
  }, [Boolean(me)]);

  if (me === undefined) return <p role="status">{t("peer.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href="/sign-in?next=/peer/submissions">{t("peer.signIn")}</a>
      </p>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSent(false);
    try {
      const evidence = linkUrl.trim() ? [{ url: linkUrl.trim(), name: linkName.trim() || linkUrl.trim() }] : [];
      const made = await request(SUBMIT, { input: { badgeClassId, narrative, evidence } });
      setSubmitted(made.submitPortfolio.id);
      if (!(await uploads.start(made.submitPortfolio.id))) setError(t("submit.filesFailed"));
      setSent(true);
      setNarrative("");
      setLinkUrl("");
      setLinkName("");
      await load();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="peer-submissions-title" class="peer">
      <h1 id="peer-submissions-title">{t("submit.title")}</h1>
      <p>{t("submit.lead")}</p>
      <p>
        <a href="/peer/reviews">{t("reviews.title")}</a>
      </p>
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      {sent && <p role="status">{t("submit.sent")}</p>}
      {!data && !error && <p role="status">{t("peer.loading")}</p>}
      {data && (
        <>
          <ul class="results">
            {data.myPeerSubmissions.length === 0 && <li>{t("submit.none")}</li>}
            {data.myPeerSubmissions.map((s) => (
              <li key={s.id}>
                <article>
                  <h2>{s.badgeClassName}</h2>
                  <p class={`peer-state peer-state-${s.state.toLowerCase()}`}>{t(`peer.state.${s.state}`)}</p>
                  {s.disputeReason && <p>{t(`peer.reason.${s.disputeReason}`)}</p>}
                  {(s.state === "WAITING" || s.state === "REVIEWING") && (
                    <p class="meta">
                      {t("peer.pending", {
                        done: s.reviews.length,
                        needed: s.reviewersNeeded,
                        pending: s.reviewsPending,
                      })}
                    </p>
                  )}
                  <Reviews rubric={s.rubric} reviews={s.reviews} />
                </article>
              </li>
            ))}
          </ul>
          <h2 id="peer-submit-title">{t("submit.new")}</h2>
          {data.peerAssessedBadgeClasses.length === 0 ? (
            <p>{t("submit.noClasses")}</p>
          ) : (
            <form aria-labelledby="peer-submit-title" onSubmit={(e) => void submit(e)}>
              <label>
                {t("submit.badgeClass")}
                <select
                  value={badgeClassId}
                  onChange={(e) => setBadgeClassId((e.currentTarget as HTMLSelectElement).value)}
                >
                  {data.peerAssessedBadgeClasses.map((c) => (
                    <option key={c.badgeClassId} value={c.badgeClassId}>
                      {c.badgeClassName} ({c.issuerName})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t("submit.narrative")}
                <textarea
                  required
                  maxLength={10000}
                  rows={8}
                  value={narrative}
                  onInput={(e) => setNarrative((e.currentTarget as HTMLTextAreaElement).value)}
                />
              </label>
              <label>
                {t("submit.linkUrl")}
                <input
                  type="url"
                  value={linkUrl}
                  onInput={(e) => setLinkUrl((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              <label>
                {t("submit.linkName")}
                <input
                  maxLength={200}
                  value={linkName}
                  onInput={(e) => setLinkName((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              <FilePicker id="peer-files" onPick={(files) => void uploads.add(files)} />
              {submitted ? (
                <FileItems
                  items={uploads.items}
                  onRemove={uploads.remove}
                  onRetry={(key) => void uploads.upload(submitted, key)}
                />
              ) : (
                <FileItems items={uploads.items} onRemove={uploads.remove} />
              )}
              <button type="submit" disabled={busy || uploads.items.some((item) => item.state === "checking")}>
                {t("submit.send")}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
