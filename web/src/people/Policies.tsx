// /privacy and /terms: what Kring keeps about a person and why, and the few rules of use. The
// OB 3.0 API's discovery document names both (KRING_PRIVACY_POLICY_URL and
// KRING_TERMS_OF_SERVICE_URL point elsewhere when an operator has its own).
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";

const PRIVACY: MessageKey[] = [
  "privacy.account",
  "privacy.record",
  "privacy.private",
  "privacy.shared",
  "privacy.apps",
  "privacy.log",
  "privacy.control",
];
const TERMS: MessageKey[] = ["terms.honest", "terms.consent", "terms.respect", "terms.revoke"];

export function Policies({ kind }: { kind: "privacy" | "terms" }) {
  useLocale();
  const items = kind === "privacy" ? PRIVACY : TERMS;
  return (
    <section aria-labelledby="policy-title" class="account">
      <h1 id="policy-title">{t(kind === "privacy" ? "privacy.title" : "terms.title")}</h1>
      <p>{t(kind === "privacy" ? "privacy.lead" : "terms.lead")}</p>
      <ul>
        {items.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      {kind === "privacy" && (
        <p>
          <a href="/account">{t("privacy.toAccount")}</a>
        </p>
      )}
    </section>
  );
}
