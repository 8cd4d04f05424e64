// /reset-password?token=…: where the reset e-mail's link lands; choose a new password.
// Saving it ends every session of the person, this browser's included.
import { useState } from "preact/hooks";
import { t, useLocale } from "../core/i18n";
import { type LinkOutcome, linkOutcome, passwordProblem } from "./account";
import { NewPasswordField, passwordText, reasonOf } from "./forms";
import { confirmPasswordReset, forgetSession, useMe } from "./session";

export function ResetPassword({ query }: { query: URLSearchParams }) {
  useLocale();
  const me = useMe();
  const token = query.get("token") ?? "";
  const [outcome, setOutcome] = useState<LinkOutcome | null>(token ? null : "missing");
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get("password"));
    setFailure(null);
    // The server knows the address; this page checks what it can (the length).
    const wrong = passwordText(passwordProblem(password, me?.email ?? ""), password);
    setProblem(wrong);
    if (wrong) {
      document.getElementById("reset-password")?.focus();
      return;
    }
    setBusy(true);
    const answer = await confirmPasswordReset(token, password);
    setBusy(false);
    const result = linkOutcome(answer);
    if (result === "done") {
      // This browser's session, if any, was among those that ended.
      if (me) await forgetSession();
      setOutcome("done");
    } else if (result === "expired" || result === "missing") {
      setOutcome(result);
    } else {
      setFailure(reasonOf(answer));
    }
  }

  return (
    <section aria-labelledby="reset-title" class="narrow">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <div role="status">
        {outcome === "done" && <p class="outcome-good">{t("reset.done")}</p>}
        {outcome === "expired" && <p class="outcome-bad">{t("reset.expired")}</p>}
        {outcome === "missing" && <p class="outcome-bad">{t("reset.missing")}</p>}
      </div>
      {outcome === null && (
        <form onSubmit={(event) => void onSubmit(event)}>
          <NewPasswordField
            id="reset-password"
            label={t("reset.password")}
            problem={problem}
            onInput={() => setProblem(null)}
          />
          <button type="submit" disabled={busy}>
            {t("reset.submit")}
          </button>
        </form>
      )}
      {failure && <p role="alert">{t("reset.failed", { reason: failure })}</p>}
      {outcome === "done" && (
        <p>
          <a class="button" href="/sign-in">
            {t("signIn.title")}
          </a>
        </p>
      )}
      {(outcome === "expired" || outcome === "missing") && (
        <p>
          <a href="/forgot-password">{t("reset.again")}</a>
        </p>
      )}
    </section>
  );
}
