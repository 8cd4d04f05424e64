// Evidence files, picked and checked in the browser, then uploaded one by one with a progress
// bar; a refused or failed file says why in plain words and can be retried or removed.
import { useRef, useState } from "preact/hooks";
import { config } from "../core/config";
import { locale, t } from "../core/i18n";
import { acceptList, checkFile, type FileProblem, percent, UploadError, uploadEvidence } from "./upload";
import { fileSize, typeName } from "./claimPresent";

export type ItemState = "checking" | "refused" | "ready" | "uploading" | "done" | "failed";

export interface Item {
  key: number;
  file: File;
  state: ItemState;
  problem: FileProblem | null;
  loaded: number;
  error: string | null;
}

let nextKey = 1;

/** The files of one form and their uploads; `start` sends every file still waiting. */
export function useUploads(onUploaded?: () => void) {
  const [items, setItems] = useState<Item[]>([]);
  const current = useRef<Item[]>([]);

  function update(key: number, change: Partial<Item>): void {
    current.current = current.current.map((item) => (item.key === key ? { ...item, ...change } : item));
    setItems(current.current);
  }

  async function add(files: Iterable<File>): Promise<Item[]> {
    const added = Array.from(files, (file): Item => ({
      key: nextKey++,
      file,
      state: "checking",
      problem: null,
      loaded: 0,
      error: null,
    }));
    current.current = [...current.current, ...added];
    setItems(current.current);
    await Promise.all(
      added.map(async (item) => {
        const problem = await checkFile(item.file, config.evidence);
        update(item.key, { state: problem ? "refused" : "ready", problem });
      }),
    );
    return added.map((item) => current.current.find((i) => i.key === item.key) ?? item);
  }

  function remove(key: number): void {
    current.current = current.current.filter((item) => item.key !== key);
    setItems(current.current);
  }

  async function upload(claimId: string, key: number): Promise<boolean> {
    const item = current.current.find((i) => i.key === key);
    if (!item) return false;
    update(key, { state: "uploading", loaded: 0, error: null });
    try {
      await uploadEvidence(claimId, item.file, {
        onProgress: (loaded) => update(key, { loaded }),
      });
      update(key, { state: "done", loaded: item.file.size });
      onUploaded?.();
      return true;
    } catch (caught) {
      update(key, { state: "failed", error: uploadFailure(caught) });
      return false;
    }
  }

  /** Uploads the files waiting, one after the other (two cores, one connection). */
  async function start(claimId: string): Promise<boolean> {
    let allDone = true;
    for (const item of current.current) {
      if (item.state === "ready" || item.state === "failed") {
        allDone = (await upload(claimId, item.key)) && allDone;
      }
    }
    return allDone;
  }

  return { items, add, remove, upload, start };
}

/** Why a file was not added, in plain words. */
export function problemText(problem: FileProblem): string {
  const lang = locale();
  switch (problem.kind) {
    case "empty":
      return t("upload.problem.empty");
    case "tooLarge":
      return t("upload.problem.tooLarge", { max: fileSize(problem.maxBytes, lang) });
    case "type":
      return t("upload.problem.type", { allowed: problem.allowed.map(typeName).join(", ") });
    case "content":
      return t("upload.problem.content", { type: typeName(problem.mediaType) });
    case "encoding":
      return t("upload.problem.encoding");
  }
}

function uploadFailure(caught: unknown): string {
  if (caught instanceof UploadError) {
    if (caught.code === "OFFLINE") return t("upload.failed.offline");
    if (caught.code === "UNAUTHENTICATED") return t("upload.failed.signIn");
    if (caught.code === "CONFLICT") return t("upload.failed.closed");
    if (caught.status === 413 || caught.message) {
      return t("upload.failed.refused", { reason: caught.message || String(caught.status) });
    }
  }
  return t("upload.failed.other");
}

/** What a file input offers and the rules it is held to, said once. */
export function filesHint(): string {
  const rules = config.evidence;
  if (!rules) return t("upload.hint.unknown");
  return t("upload.hint", {
    types: Object.keys(rules.signatures).map(typeName).join(", "),
    max: fileSize(rules.maxBytes, locale()),
  });
}

export function FilePicker({ id, onPick }: { id: string; onPick: (files: FileList) => void }) {
  return (
    <>
      <label>
        {t("upload.pick")}
        <input
        id={id}
        type="file"
        multiple
        accept={acceptList(config.evidence)}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const input = event.currentTarget as HTMLInputElement;
          if (input.files?.length) onPick(input.files);
          // The same file can be picked again after it was removed.
          input.value = "";
        }}
      />
      </label>
      <p class="hint field-hint" id={`${id}-hint`}>
        {filesHint()}
      </p>
    </>
  );
}

export function FileItems({
  items,
  onRemove,
  onRetry,
}: {
  items: Item[];
  onRemove: (key: number) => void;
  onRetry?: (key: number) => void;
}) {
  if (items.length === 0) return null;
  const lang = locale();
  return (
    <ul class="file-items" aria-label={t("upload.list")}>
      {items.map((item) => {
        const name = item.file.name;
        const total = item.file.size;
        const pct = item.state === "done" ? 100 : percent(item.loaded, total);
        return (
          <li key={item.key} class={`file-item file-${item.state}`}>
            <p class="file-name">
              <span>{name}</span> <span class="meta">{fileSize(total, lang)}</span>
            </p>
            {(item.state === "uploading" || item.state === "done") && (
              <p class="file-progress">
                <progress max={100} value={pct} aria-label={t("upload.progress", { name })} />
                <span>{t("upload.percent", { percent: pct })}</span>
              </p>
            )}
            <p
              class={item.state === "refused" || item.state === "failed" ? "file-error" : "meta"}
              role={item.state === "refused" || item.state === "failed" ? "alert" : "status"}
            >
              {item.state === "checking" && t("upload.checking")}
              {item.state === "ready" && t("upload.ready")}
              {item.state === "uploading" && t("upload.uploading")}
              {item.state === "done" && t("upload.done")}
              {item.state === "refused" && item.problem && (
                <>
                  <span aria-hidden="true">✕ </span>
                  {t("upload.refused", { reason: problemText(item.problem) })}
                </>
              )}
              {item.state === "failed" && (
                <>
                  <span aria-hidden="true">✕ </span>
                  {item.error}
                </>
              )}
            </p>
            <div class="row">
              {item.state === "failed" && onRetry && (
                <button type="button" onClick={() => onRetry(item.key)}>
                  {t("upload.retry")}
                  <span class="visually-hidden"> {name}</span>
                </button>
              )}
              {item.state !== "uploading" && item.state !== "done" && (
                <button type="button" class="secondary" onClick={() => onRemove(item.key)}>
                  {t("upload.remove")}
                  <span class="visually-hidden"> {name}</span>
                </button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
