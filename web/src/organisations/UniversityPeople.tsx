// /universities/{id}/people: a university's moderators (and platform admins) see who holds
// which role there, appoint moderators, curators and teachers by e-mail, and remove a role.
// The server decides who may (university:manage_members) and keeps the last moderator.
import { useEffect, useState } from "preact/hooks";
import { errorText, request } from "../core/api";
import { t, useLocale } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";
import { useMe } from "../people/session";
import { Members } from "./Members";
import "./organisations.css";

const UNIVERSITY = graphql(`
  query UniversityPeople($id: ID!) {
    university(id: $id) {
      id
      name
    }
  }
`);

const MEMBERS = graphql(`
  query UniversityMembers($id: ID!) {
    universityMembers(universityId: $id) {
      personId
      name
      email
      role
      invited
    }
  }
`);

const ADD_MEMBER = graphql(`
  mutation AddUniversityMember($universityId: ID!, $email: String!, $role: Role!) {
    addUniversityMember(universityId: $universityId, email: $email, role: $role) {
      personId
      email
      invited
    }
  }
`);

const REMOVE_MEMBER = graphql(`
  mutation RemoveUniversityMember($universityId: ID!, $personId: ID!, $role: Role!) {
    removeUniversityMember(universityId: $universityId, personId: $personId, role: $role)
  }
`);

// A teacher first: most people a university appoints issue badges on the spot.
const UNIVERSITY_ROLES: readonly Role[] = ["TEACHER", "CURATOR", "MODERATOR"];
const ROLE_HELP: Partial<Record<Role, MessageKey>> = {
  TEACHER: "uniPeople.role.TEACHER",
  CURATOR: "uniPeople.role.CURATOR",
  MODERATOR: "uniPeople.role.MODERATOR",
};

/** `created`: the platform admin has just added it, and its first moderator is next. */
export function UniversityPeople({ id, created = false }: { id: string; created?: boolean }) {
  useLocale();
  const me = useMe();
  const [name, setName] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    void request(UNIVERSITY, { id })
      .then((data) => setName(data.university?.name ?? null))
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [id, me?.id]);

  if (me === undefined) return <p role="status">{t("org.loading")}</p>;
  if (me === null) {
    return (
      <p>
        <a href={`/sign-in?next=/universities/${id}/people`}>{t("uniPeople.signIn")}</a>
      </p>
    );
  }
  if (error) return <p role="alert">{t("error.generic", { message: error })}</p>;
  if (name === undefined) return <p role="status">{t("org.loading")}</p>;
  if (name === null) return <h1>{t("uniPeople.notFound")}</h1>;
  return (
    <article class="organisation" aria-labelledby="people-title">
      <h1 id="people-title">{t("uniPeople.title", { university: name })}</h1>
      {created && (
        <p class="org-status org-status-approved" role="status">
          {t("uniPeople.created", { university: name })}
        </p>
      )}
      <p>{t("uniPeople.lead")}</p>
      <Members
        bodyId={id}
        roles={UNIVERSITY_ROLES}
        keeper="MODERATOR"
        manages
        forbidden="uniPeople.forbidden"
        roleHelp={ROLE_HELP}
        myId={me.id}
        load={async () => (await request(MEMBERS, { id })).universityMembers}
        add={async (email, role) =>
          (await request(ADD_MEMBER, { universityId: id, email, role })).addUniversityMember
        }
        remove={(member) =>
          request(REMOVE_MEMBER, { universityId: id, personId: member.personId, role: member.role })
        }
      />
    </article>
  );
}
