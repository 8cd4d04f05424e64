// The OB 3.0 scopes in words: the server sends their IRIs, the learner reads what they allow.
import { t } from "../core/i18n";
import type { MessageKey } from "../core/messages";

const PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/";
const KNOWN = ["credential.readonly", "credential.upsert", "profile.readonly", "profile.update"];

export function scopeWords(scope: string): string {
  const name = scope.startsWith(PREFIX) ? scope.slice(PREFIX.length) : "";
  if (KNOWN.includes(name)) return t(`oauth.scope.${name}` as MessageKey);
  return t("oauth.scope.other", { scope });
}
