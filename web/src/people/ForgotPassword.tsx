// /forgot-password: ask for a link to choose a new password. The server answers alike
// whether or not the address has an account, and so does this page.
import { useState } from "preact/hooks";
import { t, useLocale } from "../core/i18n";
import { EMAIL_MAX } from "./account";
import { reasonOf } from "./forms";
import { requestPasswordReset } from "./session";

export function ForgotPassword() {
  useLocale();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get("email")).trim();
    setFailure(null);
    setSentTo(null);
    setBusy(true);
    const answer = await requestPasswordReset(email);
    setBusy(false);
    if (answer.ok) setSentTo(email);
    else setFailure(reasonOf(answer));
  }

  return (
    <section aria-labelledby="forgot-title" class="narrow">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      <p>{t("forgot.lead")}</p>
      <form onSubmit={(event) => void onSubmit(event)}>
        <label>
          {t("register.email")}
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            maxLength={EMAIL_MAX}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t("forgot.submit")}
        </button>
      </form>
      <div role="status">{sentTo && <p>{t("forgot.sent", { email: sentTo })}</p>}</div>
      {failure && <p role="alert">{t("forgot.failed", { reason: failure })}</p>}
      <p class="hint">{t("forgot.noPassword")}</p>
      <p>
        <a href="/sign-in">{t("forgot.back")}</a>
      </p>
    </section>
  );
}
