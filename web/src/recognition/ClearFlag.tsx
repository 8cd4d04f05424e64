// Letting an endorsement that a flag (reciprocal, cycle) holds back count: a curator of the
// claim's university, from the review panel or the curation page, saying what they checked.
import { useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t } from "../core/i18n";
import { graphql } from "../gql";

const CLEAR_FLAG = graphql(`
  mutation ClearEndorsementFlag($id: ID!, $note: String!) {
    clearEndorsementFlag(id: $id, note: $note)
  }
`);

/** A curator lets an endorsement held back by a flag count, saying what they checked. */
export function ClearFlag({ endorsementId, onCleared }: { endorsementId: string; onCleared: () => Promise<void> }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const field = `clear-flag-${endorsementId}`;

  async function clear(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    if (!note.trim()) {
      setError(t("review.flag.missing"));
      document.getElementById(field)?.focus();
      return;
    }
    try {
      await request(CLEAR_FLAG, { id: endorsementId, note: note.trim() });
      await onCleared();
    } catch (caught) {
      setError(t("review.failed", { message: errorText(caught) }));
    }
  }

  return (
    <details class="clear-flag">
      <summary>{t("review.flag.title")}</summary>
      <form onSubmit={(event) => void clear(event)} noValidate>
        <p class="hint">{t("review.flag.help")}</p>
        <label>
          {t("review.flag.note")}
          <textarea
            id={field}
            rows={2}
            maxLength={2000}
            required
            value={note}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        {error && (
          <p role="alert" class="file-error">
            {error}
          </p>
        )}
        <p>
          <button type="submit" class="secondary">
            {t("review.flag.submit")}
          </button>
        </p>
      </form>
    </details>
  );
}
