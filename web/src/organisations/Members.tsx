// The members section an organisation's page and a university's people page share: who has
// which role, adding someone by e-mail with a role, and removing a role after a confirmation.
// The body's own page supplies the GraphQL calls; the server decides who may do what.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, errorText } from "../core/api";
import { t } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import type { Role } from "../gql/graphql";
import { keeperLeft } from "./members";
import "./organisations.css";

export interface MemberRow {
  personId: string;
  name: string;
  email: string;
  role: Role;
  invited: boolean;
  /** An organisation's SUPERVISOR its admins let review claims. */
  reviewsClaims?: boolean;
}

/** Tells the list a row changed (the server's answer) and what to say of it. */
export type RowChanged = (row: MemberRow, notice: string) => void;

export interface MembersProps {
  /** The organisation's or university's id: the list is read again when it changes. */
  bodyId: string;
  /** The roles that may be given here, the one preselected first. */
  roles: readonly Role[];
  /** The role the body never loses its last of (the server refuses it too). */
  keeper: Role;
  /** Whether the reader may add and remove (the server decides; this only hides). */
  manages: boolean;
  /** Why nobody may be added yet (an organisation before approval); null: they may. */
  notYet?: MessageKey | null;
  /** Said instead of an error when the reader may not see the members (FORBIDDEN). */
  forbidden?: MessageKey;
  /** One line per role saying what it may do, under the role choice. */
  roleHelp?: Partial<Record<Role, MessageKey>>;
  myId: string;
  load: () => Promise<MemberRow[]>;
  add: (email: string, role: Role) => Promise<{ email: string; invited: boolean }>;
  remove: (member: MemberRow) => Promise<unknown>;
  /** What the body shows or lets change beside each member (an organisation's claim reviewers). */
  beside?: (member: MemberRow, changed: RowChanged) => ComponentChildren;
}

function roleKey(role: string): MessageKey {
  return `org.role.${role}` as MessageKey;
}

function rowKey(member: MemberRow): string {
  return `${member.personId}-${member.role}`;
}

function removeId(key: string): string {
  return `member-remove-${key}`;
}

export function Members(props: MembersProps) {
  const { bodyId, roles, keeper, notYet = null, forbidden, roleHelp, myId, load, add, remove, beside } =
    props;
  const [members, setMembers] = useState<MemberRow[] | null>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles[0] as Role);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [addError, setAddError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState(false);
  const manages = props.manages && !refused;
  const confirm = useRef<HTMLButtonElement>(null);
  const emailField = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The row whose Remove button takes the keyboard back once its question closes ("Keep").
  const [backTo, setBackTo] = useState<string | null>(null);

  async function refresh(): Promise<void> {
    try {
      setMembers(await load());
    } catch (caught) {
      if (forbidden && caught instanceof ApiError && caught.code === "FORBIDDEN") setRefused(true);
      else setError(errorText(caught));
    }
  }

  useEffect(() => {
    void refresh();
  }, [bodyId]);

  // The button that asked is gone: the keyboard goes on from the one that confirms.
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (backTo) document.getElementById(removeId(backTo))?.focus();
    setBackTo(null);
  }, [backTo]);

  async function invite(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    setAddError(null);
    setNotice(null);
    setBusy(true);
    try {
      const added = await add(email.trim(), role);
      setNotice(
        t(added.invited ? "org.members.addedNoAccount" : "org.members.added", {
          email: added.email,
          role: t(roleKey(role)),
        }),
      );
      setEmail("");
      await refresh();
    } catch (caught) {
      // The typed address stays, with what was wrong beside it.
      setAddError(errorText(caught));
      if (!(caught instanceof ApiError) || caught.field !== "role") emailField.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  function changed(row: MemberRow, said: string): void {
    setMembers((now) => (now ?? []).map((m) => (rowKey(m) === rowKey(row) ? row : m)));
    setError(null);
    setNotice(said);
  }

  async function removeRole(member: MemberRow): Promise<void> {
    setConfirming(null);
    setError(null);
    setAddError(null);
    setNotice(null);
    setBusy(true);
    try {
      await remove(member);
      setNotice(t("org.members.removed", { name: member.name, role: t(roleKey(member.role)) }));
      await refresh();
      // The row is gone with the buttons: the keyboard goes on from the section's heading.
      heading.current?.focus();
    } catch (caught) {
      setError(errorText(caught));
      setBackTo(rowKey(member));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title" tabIndex={-1} ref={heading}>
        {t("org.members")}
      </h2>
      <p role="status">{notice ?? (members === null && !error && !refused ? t("org.loading") : "")}</p>
      {refused && forbidden && <p>{t(forbidden)}</p>}
      {error && <p role="alert">{t("error.generic", { message: error })}</p>}
      <ul class="members">
        {members?.map((member) => (
          <li key={rowKey(member)}>
            <span>
              <strong>{member.name}</strong> · {member.email} · {t(roleKey(member.role))}
              {member.personId === myId && ` · ${t("org.members.you")}`}
              {member.invited && <span class="hint"> · {t("org.members.noAccount")}</span>}
            </span>
            {beside?.(member, changed)}
            {/* A body never loses its last keeper: that button is not offered. */}
            {manages && !keeperLeft(members, member, keeper) && (
              confirming === rowKey(member) ? (
                <span class="member-confirm" role="group" aria-labelledby={`${removeId(rowKey(member))}-question`}>
                  <span id={`${removeId(rowKey(member))}-question`}>
                    {t("org.members.confirm", { name: member.name, role: t(roleKey(member.role)) })}
                  </span>
                  <button
                    type="button"
                    class="danger"
                    ref={confirm}
                    disabled={busy}
                    onClick={() => void removeRole(member)}
                  >
                    {t("org.members.confirmYes")}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      setConfirming(null);
                      setBackTo(rowKey(member));
                    }}
                  >
                    {t("org.members.confirmNo")}
                  </button>
                </span>
              ) : (
                <button
                  type="button"
                  class="secondary"
                  id={removeId(rowKey(member))}
                  aria-label={t("org.members.removeLabel", {
                    name: member.name,
                    role: t(roleKey(member.role)),
                  })}
                  onClick={() => setConfirming(rowKey(member))}
                >
                  {t("org.members.remove")}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      {manages && notYet === null && (
        <form onSubmit={(event) => void invite(event)} class="invite" noValidate>
          <h3>{t("org.members.invite")}</h3>
          <p class="hint">{t("org.members.inviteHint")}</p>
          <div class="row">
            <div class="field">
              <label for="invite-email">{t("org.members.email")}</label>
              <input
                id="invite-email"
                ref={emailField}
                type="email"
                name="email"
                required
                autoComplete="off"
                value={email}
                aria-invalid={addError ? true : undefined}
                aria-describedby={addError ? "invite-problem" : undefined}
                onInput={(event) => setEmail((event.currentTarget as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for="invite-role">{t("org.members.role")}</label>
              <select
                id="invite-role"
                value={role}
                aria-describedby={roleHelp ? "invite-role-help" : undefined}
                onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value as Role)}
              >
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(roleKey(r))}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" disabled={busy}>
              {t("org.members.add")}
            </button>
          </div>
          {roleHelp && (
            <ul class="role-help" id="invite-role-help">
              {roles.map((r) => {
                const help = roleHelp[r];
                return help ? (
                  <li key={r}>
                    <strong>{t(roleKey(r))}</strong>: {t(help)}
                  </li>
                ) : null;
              })}
            </ul>
          )}
          {addError && (
            <p id="invite-problem" class="problem" role="alert">
              {t("error.generic", { message: addError })}
            </p>
          )}
        </form>
      )}
      {manages && notYet !== null && <p class="hint">{t(notYet)}</p>}
    </section>
  );
}
