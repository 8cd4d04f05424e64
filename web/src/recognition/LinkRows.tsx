// Evidence links as rows the learner adds and removes: an address and what it shows.
import { t } from "../core/i18n";
import { evidenceLinks, type LinkRowValue } from "./claimPresent";

export interface LinkRow extends LinkRowValue {
  key: number;
}

/** The API takes at most this many pieces of evidence at once. */
const MAX_LINKS = 20;
let nextKey = 1;

export function newLinkRow(): LinkRow {
  return { key: nextKey++, url: "", name: "" };
}

/** The rows as the API's EvidenceLinkInput list, or a sentence saying which one is wrong. */
export function linkInputs(rows: readonly LinkRow[]): { url: string; name: string }[] | string {
  const found = evidenceLinks(rows);
  return "invalid" in found ? t("evidence.link.invalid", { url: found.invalid }) : found.links;
}

export function LinkRows({ rows, onChange }: { rows: LinkRow[]; onChange: (rows: LinkRow[]) => void }) {
  function change(key: number, field: "url" | "name", value: string): void {
    onChange(rows.map((row) => (row.key === key ? { ...row, [field]: value } : row)));
  }
  return (
    <div class="link-rows">
      {rows.length === 0 && <p class="hint">{t("evidence.links.none")}</p>}
      <ol class="link-list">
        {rows.map((row, index) => (
          <li key={row.key} class="link-row">
            <label>
              {t("evidence.link.url", { number: index + 1 })}
              <input
                type="url"
                inputMode="url"
                placeholder="https://"
                maxLength={2000}
                value={row.url}
                onInput={(e) => change(row.key, "url", (e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <label>
              {t("evidence.link.name", { number: index + 1 })}
              <input
                maxLength={200}
                value={row.name}
                onInput={(e) => change(row.key, "name", (e.currentTarget as HTMLInputElement).value)}
              />
            </label>
            <button type="button" class="secondary" onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
              {t("evidence.link.remove", { number: index + 1 })}
            </button>
          </li>
        ))}
      </ol>
      {rows.length < MAX_LINKS && (
        <button type="button" class="secondary" onClick={() => onChange([...rows, newLinkRow()])}>
          {t("evidence.link.add")}
        </button>
      )}
    </div>
  );
}
