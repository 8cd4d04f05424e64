// /redeem: a learner redeems a claim code (typed, or from a QR's /redeem?code=), and the badge
// is theirs at once.
import { useState } from "preact/hooks";
import { ApiError, errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import { graphql } from "../gql";
import { useMe } from "../people/session";
import { groupedClaimCode } from "./codes";
import "./presence.css";

const REDEEM = graphql(`
  mutation RedeemClaimCode($code: String!) {
    redeemClaimCode(code: $code) {
      assertionId
      badgeName
    }
  }
`);

// The API's reasons a code cannot be redeemed, each said in the reader's language.
const REASONS = [
  "CODE_WITHDRAWN",
  "CODE_EXPIRED",
  "CODE_ALREADY_REDEEMED",
  "CODE_USED_UP",
  "ISSUER_NOT_APPROVED",
  "NOT_BY_CODE",
  "BADGE_ALREADY_HELD",
  "TOO_MANY_ATTEMPTS",
] as const;

function refusal(caught: unknown): string {
  if (caught instanceof ApiError) {
    if (caught.code === "NOT_FOUND") return t("redeem.NOT_FOUND");
    if (caught.code === "PREREQUISITES_NOT_MET") return t("redeem.PREREQUISITES_NOT_MET");
    const reason = REASONS.find((r) => r === caught.reason);
    if (reason) return t(`redeem.reason.${reason}`);
    if (caught.code === "CONFLICT") return t("redeem.CONFLICT", { reason: caught.message });
    return caught.message;
  }
  return errorText(caught);
}

export function Redeem({ code }: { code: string | null }) {
  useLocale();
  const me = useMe();
  const [typed, setTyped] = useState(code ? groupedClaimCode(code) : "");
  const [done, setDone] = useState<{ assertionId: string; badgeName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setDone((await request(REDEEM, { code: typed })).redeemClaimCode);
    } catch (caught) {
      setError(refusal(caught));
    } finally {
      setBusy(false);
    }
  }

  if (me === null) {
    const back = `/redeem${code ? `?code=${encodeURIComponent(code)}` : ""}`;
    return (
      <section aria-labelledby="redeem-title">
        <h1 id="redeem-title">{t("redeem.title")}</h1>
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(back)}`}>{t("redeem.signIn")}</a>
        </p>
      </section>
    );
  }
  return (
    <section class="redeem" aria-labelledby="redeem-title">
      <h1 id="redeem-title">{t("redeem.title")}</h1>
      {done ? (
        <>
          <p role="status" class="success">
            <span aria-hidden="true">✓ </span>
            {t("redeem.done", { name: done.badgeName })}
          </p>
          <p>
            <a class="button" href={`/badges/${done.assertionId}`}>
              {t("redeem.see")}
            </a>
          </p>
        </>
      ) : (
        <>
          <p>{t("redeem.lead")}</p>
          {error && <p role="alert">{error}</p>}
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void send();
            }}
          >
            <label for="redeem-code">{t("redeem.code")}</label>
            <input
              id="redeem-code"
              class="claim-code-input"
              autoComplete="off"
              autoCapitalize="characters"
              spellcheck={false}
              maxLength={64}
              value={typed}
              onInput={(event) => setTyped(event.currentTarget.value)}
            />
            <button type="submit" disabled={busy || !typed.trim()}>
              {t("redeem.send")}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
