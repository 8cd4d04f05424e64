// Notifications in the app; `nl` must translate every key of `en`.
export const en = {
  "notifications.title": "Notifications",
  "notifications.bell": "Notifications, {count} unread",
  "notifications.none": "Nothing new.",
  "notifications.markAll": "Mark all as read",
  "notifications.markRead": "Mark as read",
  "notifications.unread": "unread",
  "notifications.signIn": "Sign in to see your notifications.",
} as const;

export const nl: Record<keyof typeof en, string> = {
  "notifications.title": "Meldingen",
  "notifications.bell": "Meldingen, {count} ongelezen",
  "notifications.none": "Niets nieuws.",
  "notifications.markAll": "Alles als gelezen markeren",
  "notifications.markRead": "Als gelezen markeren",
  "notifications.unread": "ongelezen",
  "notifications.signIn": "Meld je aan om je meldingen te zien.",
};
