// Copying a share link or snippet: the Clipboard API where the browser allows it, else the
// text is selected in its field so that the learner copies it with the keyboard.

export type Copied = "copied" | "selected";

export interface Field {
  focus(): void;
  select(): void;
}

/** Copies `text`; when the clipboard refuses (no permission, old browser, insecure page),
 * selects `field`'s text instead and says so. */
export async function copyText(
  text: string,
  field: Field | null,
  clipboard: Pick<Clipboard, "writeText"> | undefined = typeof navigator === "undefined"
    ? undefined
    : navigator.clipboard,
): Promise<Copied> {
  try {
    if (!clipboard) throw new Error("no clipboard");
    await clipboard.writeText(text);
    return "copied";
  } catch {
    field?.focus();
    field?.select();
    return "selected";
  }
}
