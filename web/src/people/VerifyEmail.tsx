// /verify-email?token=…: where the registration e-mail's link lands. The page, not the link,
// confirms (a POST), so a mail scanner opening the link uses nothing up.
import { useEffect, useState } from "preact/hooks";
import { t, useLocale } from "../core/i18n";
import { type LinkOutcome, linkOutcome } from "./account";
import { reasonOf } from "./forms";
import { verifyEmail } from "./session";

type Shown = { outcome: "checking" } | { outcome: LinkOutcome; reason: string };

export function VerifyEmail({ query }: { query: URLSearchParams }) {
  useLocale();
  const token = query.get("token") ?? "";
  const [shown, setShown] = useState<Shown>(
    token ? { outcome: "checking" } : { outcome: "missing", reason: "" },
  );

  async function confirm(): Promise<void> {
    setShown({ outcome: "checking" });
    const answer = await verifyEmail(token);
    setShown({ outcome: linkOutcome(answer), reason: reasonOf(answer) });
  }

  useEffect(() => {
    if (token) void confirm();
  }, [token]);

  return (
    <section aria-labelledby="verify-title" class="narrow">
      <h1 id="verify-title">{t("verifyEmail.title")}</h1>
      <div role="status">
        {shown.outcome === "checking" && <p>{t("verifyEmail.checking")}</p>}
        {shown.outcome === "done" && <p class="outcome-good">{t("verifyEmail.done")}</p>}
        {shown.outcome === "expired" && <p class="outcome-bad">{t("verifyEmail.expired")}</p>}
        {shown.outcome === "missing" && <p class="outcome-bad">{t("verifyEmail.missing")}</p>}
        {(shown.outcome === "failed" || shown.outcome === "throttled") && (
          <p class="outcome-bad">{t("verifyEmail.failed", { reason: shown.reason })}</p>
        )}
      </div>
      {(shown.outcome === "failed" || shown.outcome === "throttled") && (
        <p>
          <button type="button" onClick={() => void confirm()}>
            {t("verifyEmail.retry")}
          </button>
        </p>
      )}
      {shown.outcome !== "checking" && (
        <ul class="links">
          <li>
            <a href="/sign-in">{t("signIn.title")}</a>
          </li>
          {(shown.outcome === "expired" || shown.outcome === "missing") && (
            <li>
              <a href="/register">{t("verifyEmail.register")}</a>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
