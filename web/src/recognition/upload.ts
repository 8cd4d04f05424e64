// Evidence files: checked here against the server's own rules (sent in the page's
// configuration, so the numbers live in server/evidence_store.py only) before a byte is sent,
// then uploaded with XMLHttpRequest, whose upload progress fetch() cannot report.
import { csrfToken, refreshSession } from "../core/api";
import { BOOKMARK_HEADER, bookmark, remember } from "../core/bookmark";
import type { EvidenceRules } from "../core/config";

/** Why a file cannot be added, before it is sent. */
export type FileProblem =
  | { kind: "empty" }
  | { kind: "tooLarge"; maxBytes: number }
  | { kind: "type"; allowed: string[] }
  | { kind: "content"; mediaType: string }
  | { kind: "encoding" };

/** The server keeps at most this many characters of a file's name. */
export const MAX_NAME = 200;

export interface FileLike {
  name: string;
  type: string;
  size: number;
  slice(start?: number, end?: number): Blob;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The media types a file input may offer (its `accept`), from the rules. */
export function acceptList(rules: EvidenceRules | null): string | undefined {
  return rules ? Object.keys(rules.signatures).join(",") : undefined;
}

/** The media type a file is sent as: the browser's, lower case, without parameters. */
export function mediaTypeOf(file: Pick<FileLike, "type">): string {
  return file.type.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Null when the server would take the file; otherwise why it would refuse it. */
export async function checkFile(file: FileLike, rules: EvidenceRules | null): Promise<FileProblem | null> {
  if (file.size === 0) return { kind: "empty" };
  if (!rules) return null;
  if (file.size > rules.maxBytes) return { kind: "tooLarge", maxBytes: rules.maxBytes };
  const mediaType = mediaTypeOf(file);
  const signatures = rules.signatures[mediaType];
  if (!signatures) return { kind: "type", allowed: Object.keys(rules.signatures) };
  if (signatures.length > 0) {
    const longest = Math.max(...signatures.map((s) => s.length / 2));
    const head = hex(new Uint8Array(await file.slice(0, longest).arrayBuffer()));
    if (!signatures.some((signature) => head.startsWith(signature))) return { kind: "content", mediaType };
  }
  if (mediaType.startsWith("text/")) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(await file.slice().arrayBuffer());
    } catch {
      return { kind: "encoding" };
    }
  }
  return null;
}

/** A file's name as the server keeps it: at most MAX_NAME characters, its extension kept. */
export function evidenceName(name: string): string {
  const trimmed = name.trim() || "evidence";
  if (trimmed.length <= MAX_NAME) return trimmed;
  const dot = trimmed.lastIndexOf(".");
  const extension = dot > 0 && trimmed.length - dot <= 10 ? trimmed.slice(dot) : "";
  return trimmed.slice(0, MAX_NAME - extension.length) + extension;
}

/** Where a file for this claim is PUT (server/routes/evidence.py). */
export function uploadUrl(claimId: string, name: string): string {
  return `/claims/${encodeURIComponent(claimId)}/evidence?name=${encodeURIComponent(evidenceName(name))}`;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The error the server answered with (one body for every error, like GraphQL's). */
export function uploadError(status: number, body: string): UploadError {
  let message = "";
  let code = status === 0 ? "OFFLINE" : "INTERNAL_SERVER_ERROR";
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = parsed.errors?.[0];
    message = first?.message ?? "";
    code = first?.extensions?.code ?? code;
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return new UploadError(message, code, status);
}

export interface Uploaded {
  id: string;
  size: number;
}

export interface UploadOptions {
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

function send(url: string, file: Blob, mediaType: string, options: UploadOptions): Promise<Uploaded> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    // Like core/api.ts: the session's cookies ride along (same origin) and the CSRF token
    // is echoed in its header.
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", mediaType);
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("x-csrf-token", csrfToken());
    const sent = bookmark();
    if (sent) xhr.setRequestHeader(BOOKMARK_HEADER, sent);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      remember(xhr.getResponseHeader(BOOKMARK_HEADER));
      if (xhr.status === 201) {
        options.onProgress?.(file.size, file.size);
        resolve(JSON.parse(xhr.responseText) as Uploaded);
      } else {
        reject(uploadError(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(uploadError(0, ""));
    xhr.onabort = () => reject(new UploadError("aborted", "ABORTED", 0));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** Uploads one file as evidence of the claim; an expired session is refreshed once. */
export async function uploadEvidence(
  claimId: string,
  file: File,
  options: UploadOptions = {},
): Promise<Uploaded> {
  const url = uploadUrl(claimId, file.name);
  const mediaType = mediaTypeOf(file);
  try {
    return await send(url, file, mediaType, options);
  } catch (caught) {
    if (caught instanceof UploadError && caught.code === "UNAUTHENTICATED" && (await refreshSession())) {
      return send(url, file, mediaType, options);
    }
    throw caught;
  }
}

/** A whole-number percentage, 100 only when everything is there. */
export function percent(loaded: number, total: number): number {
  if (total <= 0) return 0;
  if (loaded >= total) return 100;
  return Math.min(99, Math.floor((loaded / total) * 100));
}
