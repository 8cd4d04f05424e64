// What the account forms share: the new-password field with its rules, and a server's refusal
// in words.
import { t } from "../core/i18n";
import { type AuthAnswer, PASSWORD_MAX, PASSWORD_MIN, type PasswordProblem } from "./account";

/** Why a call to /auth/* failed, in the reader's language where the app knows the case. */
export function reasonOf(answer: AuthAnswer): string {
  if (answer.status === 0) return t("error.offline");
  if (answer.retryAfter !== null) return t("auth.tooMany", { seconds: answer.retryAfter });
  return answer.message ?? answer.error ?? String(answer.status);
}

/** The words for a password the rules refuse. */
export function passwordText(problem: PasswordProblem, password: string): string | null {
  if (problem === "length") {
    return t("password.length", { min: PASSWORD_MIN, max: PASSWORD_MAX, count: password.length });
  }
  if (problem === "email") return t("password.isEmail");
  return null;
}

export function NewPasswordField({
  id,
  label,
  problem,
  onInput,
}: {
  id: string;
  label: string;
  problem: string | null;
  onInput: () => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-rules`}>
        {t("password.rules", { min: PASSWORD_MIN, max: PASSWORD_MAX })}
      </p>
      <input
        id={id}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={PASSWORD_MAX}
        aria-describedby={problem ? `${id}-rules ${id}-problem` : `${id}-rules`}
        aria-invalid={problem ? "true" : undefined}
        onInput={onInput}
      />
      {problem && (
        <p class="problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}
