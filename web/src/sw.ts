/// <reference lib="webworker" />
// Kring's service worker: the app shell and its files from the cache when offline, and Web
// Push shown as notifications — only those addressed to the person signed in here.
declare const self: ServiceWorkerGlobalScope;

import { kindTitle, notificationUrl } from "./notifications/kinds";

const SHELL = "kring-shell-v1";
const STATE = "kring-state";
const PERSON_KEY = "/__kring/person";

interface PushPayload {
  id: string;
  kind: string;
  recipient: string;
  data: Record<string, unknown>;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(["/", "/icon.svg", "/manifest.webmanifest"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) {
    // Hashed names never change their content: cache first, forever.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(SHELL).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  } else if (request.mode === "navigate") {
    // The network first (the page is never stale when online), the cached shell offline.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match("/")) ?? Response.error()),
    );
  }
});

async function person(): Promise<string | null> {
  const stored = await (await caches.open(STATE)).match(PERSON_KEY);
  return stored ? (await stored.text()) || null : null;
}

self.addEventListener("message", (event) => {
  const message = event.data as { type?: string; person?: string | null } | null;
  if (message?.type !== "person") return;
  event.waitUntil(
    caches
      .open(STATE)
      .then((cache) => cache.put(PERSON_KEY, new Response(message.person ?? ""))),
  );
});

self.addEventListener("push", (event) => {
  event.waitUntil(
    (async () => {
      let payload: PushPayload;
      try {
        payload = event.data?.json() as PushPayload;
      } catch {
        return;
      }
      // A browser shared by two people shows each only their own notifications.
      if (!payload || payload.recipient !== (await person())) return;
      const lang = self.navigator.language.toLowerCase().startsWith("nl") ? "nl" : "en";
      const title = kindTitle(payload.kind, lang);
      const body = typeof payload.data.title === "string" ? payload.data.title : "";
      await self.registration.showNotification(title, {
        body,
        tag: payload.id,
        icon: "/icon.svg",
        data: { url: notificationUrl(payload.data) },
      });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(
    (event.notification.data as { url?: string } | null)?.url ?? "/",
    self.location.origin,
  ).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((w) => w.url === url);
      if (open) return open.focus();
      return self.clients.openWindow(url);
    })(),
  );
});
