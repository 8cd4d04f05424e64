// Asking for an endorsement: anyone by e-mail (they get a single-use link, which the learner
// may also pass on), or by name someone who endorsed the learner before. The API finds no
// other people by name, so those are the people a learner can pick.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { formatDate, t } from "../core/i18n";
import { graphql } from "../gql";
import { copyText } from "./clipboard";
import { formerEndorsers, type KnownEndorser } from "./claimPresent";
import type { FoundClaim } from "./ClaimParts";

const FORMER_ENDORSERS = graphql(`
  query FormerEndorsers {
    myClaims(first: 50) {
      edges {
        node {
          id
          endorsements {
            endorserId
            endorserName
          }
        }
      }
    }
  }
`);

const REQUEST = graphql(`
  mutation RequestEndorsement($claimId: ID!, $personId: ID, $email: String, $message: String!) {
    requestEndorsement(claimId: $claimId, personId: $personId, email: $email, message: $message) {
      id
      email
      link
      expiresAt
    }
  }
`);

type Sent = { who: string; link: string | null; expiresAt: string };

export function RequestEndorsement({ claim, onRequested }: { claim: FoundClaim; onRequested: () => Promise<void> }) {
  const [known, setKnown] = useState<KnownEndorser[]>([]);
  const [how, setHow] = useState<"email" | "person">("email");
  const [email, setEmail] = useState("");
  const [personId, setPersonId] = useState("");
  const [note, setNote] = useState("");
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const linkField = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const asked = new Set(claim.endorsementRequests.map((r) => r.personId).filter((id): id is string => !!id));

  useEffect(() => {
    request(FORMER_ENDORSERS, {})
      .then((data) =>
        setKnown(formerEndorsers(data.myClaims.edges.map((e) => e.node), claim.id, asked)),
      )
      .catch(() => setKnown([]));
  }, [claim.id, claim.endorsementRequests.length]);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    setSent(null);
    setCopied(null);
    const byPerson = how === "person" && known.length > 0;
    if (byPerson && !personId) {
      setError(t("requests.pickPerson"));
      return;
    }
    setSending(true);
    try {
      const data = await request(REQUEST, {
        claimId: claim.id,
        personId: byPerson ? personId : null,
        email: byPerson ? null : email.trim(),
        message: note.trim(),
      });
      const made = data.requestEndorsement;
      const who = byPerson ? (known.find((k) => k.id === personId)?.name ?? "") : (made.email ?? email);
      setSent({ who, link: made.link ?? null, expiresAt: made.expiresAt });
      setEmail("");
      setPersonId("");
      setNote("");
      await onRequested();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSending(false);
    }
  }

  async function copy(link: string): Promise<void> {
    const done = await copyText(link, linkField.current);
    setCopied(t(done === "copied" ? "wallet.share.copied" : "wallet.share.selected"));
  }

  return (
    <section aria-labelledby="request-title" class="request-endorsement">
      <h2 id="request-title">{t("request.title")}</h2>
      <p>{t("request.lead")}</p>
      <form onSubmit={(event) => void submit(event)}>
        {known.length > 0 && (
          <fieldset class="visibility">
            <legend>{t("request.how")}</legend>
            <label class="check">
              <input type="radio" name="request-how" checked={how === "email"} onChange={() => setHow("email")} />
              {t("request.how.email")}
            </label>
            <label class="check">
              <input type="radio" name="request-how" checked={how === "person"} onChange={() => setHow("person")} />
              {t("request.how.person")}
            </label>
          </fieldset>
        )}
        {how === "person" && known.length > 0 ? (
          <label>
            {t("request.person")}
            <select value={personId} required onChange={(e) => setPersonId((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t("request.person.pick")}</option>
              {known.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {t("request.email")}
            <input
              type="email"
              required
              maxLength={254}
              autoComplete="off"
              aria-describedby="request-email-help"
              value={email}
              onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
        )}
        {!(how === "person" && known.length > 0) && (
          <p class="hint field-hint" id="request-email-help">
            {t("request.email.help")}
          </p>
        )}
        <label>
          {t("request.message")}
          <textarea
            rows={3}
            maxLength={2000}
            value={note}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <p>
          <button type="submit" disabled={sending}>
            {t("request.submit")}
          </button>
        </p>
      </form>
      <div role="status">
        {sent && (
          <div class="sent">
            <p>{t("request.sent", { who: sent.who })}</p>
            {sent.link && (
              <>
                <label>
                  {t("request.link", { date: formatDate(sent.expiresAt) })}
                  <input type="text" readOnly value={sent.link} ref={linkField} />
                </label>
                <div class="row">
                  <button type="button" class="secondary" onClick={() => void copy(sent.link ?? "")}>
                    {t("wallet.share.copy")}
                  </button>
                  <span class="meta">{copied}</span>
                </div>
              </>
            )}
          </div>
        )}
      </div>
      {error && (
        <p role="alert" class="file-error">
          {t("error.generic", { message: error })}
        </p>
      )}
    </section>
  );
}
