// A learner's changes to one competency's rating, as the self-assessment page words them.
import { type Locale, translate } from "../core/i18n";
import type { MessageKey } from "../core/messages";

/** One kept rating, as `mySelfAssessmentHistory` returns it. */
export interface Entry {
  level: number;
  wantToDevelop: boolean;
  at: string;
}

/** A kept rating beside the one before it; `null` before the oldest one kept. */
export interface Change {
  at: string;
  before: number | null;
  after: number;
  wishBefore: boolean | null;
  wish: boolean;
}

/** The entries newest first, each with what it changed from the rating before it. */
export function changes(entries: readonly Entry[]): Change[] {
  // The API answers newest first already; sorting here keeps the page right whatever order
  // it is given in (a stable sort keeps the API's order for equal times).
  const newest = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return newest.map((entry, index) => {
    const previous = newest[index + 1];
    return {
      at: entry.at,
      before: previous ? previous.level : null,
      after: entry.level,
      wishBefore: previous ? previous.wantToDevelop : null,
      wish: entry.wantToDevelop,
    };
  });
}

function levelName(lang: Locale, level: number): string {
  return translate(lang, `self.level${level}` as MessageKey);
}

/** What a change did, in the words the page uses for levels: "From Beginner to Expert",
 * and whether the wish to develop it was set or dropped. */
export function describeChange(change: Change, lang: Locale): string {
  const parts: string[] = [];
  if (change.before === null) {
    parts.push(translate(lang, "self.historyFirst", { level: levelName(lang, change.after) }));
  } else if (change.before !== change.after) {
    parts.push(
      translate(lang, "self.historyLevel", {
        before: levelName(lang, change.before),
        after: levelName(lang, change.after),
      }),
    );
  }
  if (change.wishBefore === null ? change.wish : change.wishBefore !== change.wish) {
    parts.push(translate(lang, change.wish ? "self.historyWant" : "self.historyNoLongerWant"));
  }
  return parts.join(" ");
}
