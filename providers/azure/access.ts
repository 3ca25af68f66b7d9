import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";
import { deterministicGuid } from "./names";

/** Built-in role definition ids (the same GUID in every tenant). */
export const ROLES = {
  /** Read secret values: the data-plane role Key Vault references and the API need. */
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  /** Read, write and delete blobs; cannot change access. */
  storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  /** Pull images. */
  acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
} as const;

export interface RoleGrant {
  readonly scope: pulumi.Input<string>;
  readonly principalId: pulumi.Input<string>;
  readonly role: keyof typeof ROLES;
  readonly subscriptionId: pulumi.Input<string>;
}

/**
 * An RBAC role assignment. Its name must be a GUID, so it is derived from scope, principal and
 * role: stable across updates and unique per grant. principalType is set because the identity
 * is usually minutes old: without it ARM looks the principal up in Entra ID, which has not
 * replicated it yet, and refuses the assignment with PrincipalNotFound.
 */
export function grantRole(
  name: string,
  grant: RoleGrant,
  opts: pulumi.CustomResourceOptions,
): authorization.RoleAssignment {
  const roleId = ROLES[grant.role];
  return new authorization.RoleAssignment(
    name,
    {
      roleAssignmentName: pulumi
        .all([grant.scope, grant.principalId])
        .apply(([scope, principal]) => deterministicGuid(scope, principal, roleId)),
      scope: grant.scope,
      principalId: grant.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionId: pulumi.interpolate`/subscriptions/${grant.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
    },
    opts,
  );
}

/**
 * A CanNotDelete management lock: Azure's deletion protection for services that have no flag of
 * their own (PostgreSQL, Managed Redis, storage accounts, Key Vault). Only when `protect`.
 */
export function deleteLock(
  name: string,
  scope: pulumi.Input<string>,
  protect: boolean,
  opts: pulumi.CustomResourceOptions,
): authorization.ManagementLockByScope | undefined {
  if (!protect) return undefined;
  return new authorization.ManagementLockByScope(
    `${name}-lock`,
    {
      scope,
      lockName: "entmoot-protect",
      level: "CanNotDelete",
      notes: "Production data: remove this lock deliberately before deleting the resource.",
    },
    opts,
  );
}
