// A portfolio's links and files, for its reviewers and for the staff deciding a dispute. A
// file downloads from Kring (/evidence/{id}), which lets exactly these people have it.
import { t } from "../core/i18n";

export interface PortfolioItem {
  id: string;
  name: string;
  url?: string | null;
  downloadUrl?: string | null;
}

export function EvidenceList({ evidence }: { evidence: readonly PortfolioItem[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul class="peer-evidence" aria-label={t("peer.evidence")}>
      {evidence.map((e) => (
        <li key={e.id}>
          {e.url ? (
            <a href={e.url} rel="noopener noreferrer">
              {e.name}
            </a>
          ) : e.downloadUrl ? (
            <a href={e.downloadUrl} download>
              {t("peer.evidenceFile", { name: e.name })}
            </a>
          ) : (
            e.name
          )}
        </li>
      ))}
    </ul>
  );
}
