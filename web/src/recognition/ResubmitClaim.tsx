// A returned claim: its learner revises the narrative if they like and sends the claim back
// to the issuer's reviewers, saying what changed (the note the reviewers read first).
import { useRef, useState } from "preact/hooks";
import { request } from "../core/api";
import { t } from "../core/i18n";
import { graphql } from "../gql";
import type { FoundClaim } from "./ClaimParts";

const REVISE_NARRATIVE = graphql(`
  mutation ReviseClaimNarrative($claimId: ID!, $narrative: String!) {
    reviseClaim(claimId: $claimId, narrative: $narrative) {
      id
    }
  }
`);

const RESUBMIT = graphql(`
  mutation ResubmitClaim($claimId: ID!, $message: String!) {
    resubmitClaim(claimId: $claimId, message: $message) {
      id
      status
    }
  }
`);

type Act = (work: () => Promise<unknown>, done: string) => Promise<boolean>;

export function ResubmitClaim({ claim, act, onSent }: { claim: FoundClaim; act: Act; onSent: () => void }) {
  const [narrative, setNarrative] = useState(claim.narrative);
  const [message, setMessage] = useState("");
  const [missing, setMissing] = useState<"narrative" | "message" | null>(null);
  const [sending, setSending] = useState(false);
  const fields = { narrative: useRef<HTMLTextAreaElement>(null), message: useRef<HTMLTextAreaElement>(null) };

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    const empty = !narrative.trim() ? "narrative" : !message.trim() ? "message" : null;
    setMissing(empty);
    if (empty) {
      fields[empty].current?.focus();
      return;
    }
    setSending(true);
    // Two steps, each kept if the next fails: a saved narrative is sent with the next try.
    const sent = await act(async () => {
      if (narrative.trim() !== claim.narrative.trim()) {
        await request(REVISE_NARRATIVE, { claimId: claim.id, narrative: narrative.trim() });
      }
      await request(RESUBMIT, { claimId: claim.id, message: message.trim() });
    }, t("resubmit.done"));
    setSending(false);
    // This form is gone once the claim is back in review: the keyboard goes on from the title.
    if (sent) onSent();
  }

  return (
    <section aria-labelledby="claim-resubmit" class="resubmit">
      <h2 id="claim-resubmit">{t("resubmit.title")}</h2>
      <p class="hint">{t("resubmit.help")}</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label for="resubmit-narrative">{t("resubmit.narrative")}</label>
        <textarea
          id="resubmit-narrative"
          ref={fields.narrative}
          rows={6}
          maxLength={10000}
          value={narrative}
          aria-invalid={missing === "narrative"}
          aria-describedby={missing === "narrative" ? "resubmit-narrative-error" : undefined}
          onInput={(event) => setNarrative(event.currentTarget.value)}
        />
        {missing === "narrative" && (
          <p id="resubmit-narrative-error" class="file-error">
            {t("resubmit.narrative.needed")}
          </p>
        )}
        <label for="resubmit-message">{t("resubmit.message")}</label>
        <textarea
          id="resubmit-message"
          ref={fields.message}
          rows={3}
          maxLength={2000}
          required
          value={message}
          aria-invalid={missing === "message"}
          aria-describedby={missing === "message" ? "resubmit-message-error" : "resubmit-message-help"}
          onInput={(event) => setMessage(event.currentTarget.value)}
        />
        <p id="resubmit-message-help" class="hint">
          {t("resubmit.message.help")}
        </p>
        {missing === "message" && (
          <p id="resubmit-message-error" class="file-error">
            {t("resubmit.message.needed")}
          </p>
        )}
        <button type="submit" disabled={sending}>
          {t("resubmit.send")}
        </button>
      </form>
    </section>
  );
}
