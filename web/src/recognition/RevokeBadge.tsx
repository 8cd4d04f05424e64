// "Revoke this badge…" on /badges/{id}, offered to those who may revoke it (review.ts
// revokesAt; the server decides): a required reason, then a confirmation that says what
// revoking does, then the revoked badge as the API returns it.
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t } from "../core/i18n";
import { graphql } from "../gql";
import type { RevokeAssertionMutation } from "../gql/graphql";
import "./claims.css";

const REVOKE = graphql(`
  mutation RevokeAssertion($id: ID!, $reason: String!) {
    revokeAssertion(id: $id, reason: $reason) {
      ...PublicAssertion
    }
  }
`);

export type Revoked = RevokeAssertionMutation["revokeAssertion"];

type Step = "closed" | "reason" | "confirm";

export function RevokeBadge({
  assertionId,
  badgeName,
  learnerName,
  onRevoked,
}: {
  assertionId: string;
  badgeName: string;
  learnerName: string;
  onRevoked: (revoked: Revoked) => void;
}) {
  const [step, setStep] = useState<Step>("closed");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const confirm = useRef<HTMLHeadingElement>(null);
  // Each step's first thing to read or fill takes the keyboard: the button that led here is gone.
  useEffect(() => {
    if (step === "reason") field.current?.focus();
    if (step === "confirm") confirm.current?.focus();
  }, [step]);

  function next(event: Event): void {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t("badge.revoke.reason.missing"));
      field.current?.focus();
      return;
    }
    setError(null);
    setStep("confirm");
  }

  async function revoke(): Promise<void> {
    setSending(true);
    setError(null);
    try {
      const data = await request(REVOKE, { id: assertionId, reason: reason.trim() });
      onRevoked(data.revokeAssertion);
    } catch (caught) {
      // Back to the reason, as typed, with the API's word beside it.
      setError(errorText(caught));
      setStep("reason");
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby="badge-revoke" class="danger revoke-badge">
      <h2 id="badge-revoke">{t("badge.revoke.title")}</h2>
      {step === "closed" && (
        <button type="button" class="secondary" onClick={() => setStep("reason")}>
          {t("badge.revoke.open")}
        </button>
      )}
      {step === "reason" && (
        <form class="claim-form" noValidate onSubmit={next}>
          <label>
            {t("badge.revoke.reason")}
            <textarea
              id="badge-revoke-reason"
              ref={field}
              rows={3}
              maxLength={2000}
              required
              aria-describedby="badge-revoke-help"
              aria-invalid={error !== null && !reason.trim()}
              value={reason}
              onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </label>
          <p class="hint field-hint" id="badge-revoke-help">
            {t("badge.revoke.reason.help", { name: learnerName })}
          </p>
          {error && (
            <p role="alert" class="file-error">
              {error}
            </p>
          )}
          <div class="row">
            <button type="submit">{t("badge.revoke.next")}</button>
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setError(null);
                setStep("closed");
              }}
            >
              {t("badge.revoke.cancel")}
            </button>
          </div>
        </form>
      )}
      {step === "confirm" && (
        <div class="revoke-confirm">
          <h3 id="badge-revoke-confirm" tabIndex={-1} ref={confirm}>
            {t("badge.revoke.confirm.title", { badge: badgeName })}
          </h3>
          <p>{t("badge.revoke.confirm.what", { name: learnerName })}</p>
          <p class="description">{t("badge.revoke.confirm.reason", { reason: reason.trim() })}</p>
          <div class="row">
            <button type="button" class="danger" disabled={sending} onClick={() => void revoke()}>
              {sending ? t("badge.revoke.busy") : t("badge.revoke.confirm")}
            </button>
            <button type="button" class="secondary" disabled={sending} onClick={() => setStep("reason")}>
              {t("badge.revoke.back")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
