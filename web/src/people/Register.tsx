// /register: a local account (name, e-mail, password), then "check your e-mail". The server
// answers alike whether or not the address has an account, and so does this page.
import { useEffect, useRef, useState } from "preact/hooks";
import { t, useLocale } from "../core/i18n";
import { EMAIL_MAX, NAME_MAX, passwordProblem } from "./account";
import { NewPasswordField, passwordText, reasonOf } from "./forms";
import { register } from "./session";

export function Register() {
  useLocale();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (sentTo) heading.current?.focus();
  }, [sentTo]);

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get("name")).trim();
    const email = String(form.get("email")).trim();
    const password = String(form.get("password"));
    setFailure(null);
    const wrong = passwordText(passwordProblem(password, email), password);
    setProblem(wrong);
    if (wrong) {
      document.getElementById("register-password")?.focus();
      return;
    }
    setBusy(true);
    const answer = await register(name, email, password);
    setBusy(false);
    if (answer.ok) setSentTo(email);
    else setFailure(reasonOf(answer));
  }

  if (sentTo) {
    return (
      <section aria-labelledby="register-title" class="narrow">
        <h1 id="register-title" tabIndex={-1} ref={heading}>
          {t("register.checkTitle")}
        </h1>
        <p role="status">{t("register.checkBody", { email: sentTo })}</p>
        <p class="hint">{t("register.checkNone")}</p>
        <p>
          <a href="/sign-in">{t("register.haveAccount")}</a>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="register-title" class="narrow">
      <h1 id="register-title">{t("register.title")}</h1>
      <p>{t("register.lead")}</p>
      <form onSubmit={(event) => void onSubmit(event)}>
        <div class="field">
          <label for="register-name">{t("register.name")}</label>
          <p class="hint" id="register-name-hint">
            {t("register.nameHint")}
          </p>
          <input
            id="register-name"
            name="name"
            autoComplete="name"
            required
            maxLength={NAME_MAX}
            aria-describedby="register-name-hint"
          />
        </div>
        <label>
          {t("register.email")}
          <input name="email" type="email" autoComplete="email" required maxLength={EMAIL_MAX} />
        </label>
        <NewPasswordField
          id="register-password"
          label={t("register.password")}
          problem={problem}
          onInput={() => setProblem(null)}
        />
        <button type="submit" disabled={busy}>
          {t("register.submit")}
        </button>
      </form>
      {failure && <p role="alert">{t("register.failed", { reason: failure })}</p>}
      <p>
        <a href="/sign-in">{t("register.haveAccount")}</a>
      </p>
    </section>
  );
}
