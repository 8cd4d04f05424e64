// The Europass download of an OFFICIAL badge (the server refuses any other): the same address
// and the same share token as its hosted credential, so the same people may fetch it.
import { t } from "../core/i18n";

export function europassUrl(assertionId: string, token: string | null): string {
  return `/credentials/${assertionId}/europass.jsonld${token ? `?token=${encodeURIComponent(token)}` : ""}`;
}

export function EuropassLink({ assertionId, token }: { assertionId: string; token: string | null }) {
  return (
    <p>
      <a href={europassUrl(assertionId, token)} download>
        {t("europass.download")}
      </a>
      <span class="hint"> {t("europass.help")}</span>
    </p>
  );
}
