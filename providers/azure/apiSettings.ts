import * as pulumi from "@pulumi/pulumi";

/*
 * How the API's environment becomes App Service app settings and Container Apps job variables.
 * Plain functions, so the rules are tested without building either resource.
 */

/** One secret of the API's environment and the Key Vault secret URI it reads. */
export interface VaultSecretEnv {
  readonly name: string;
  /**
   * The versioned URI for secrets the platform writes (a rotation is a new version, which changes
   * the setting and restarts the app on it), the versionless one for secrets the operator fills
   * (the latest version is read when the app starts).
   */
  readonly uri: pulumi.Input<string>;
}

/** App Service's Key Vault reference syntax: resolved by the platform, never stored in the app. */
export function keyVaultReference(uri: string): string {
  return `@Microsoft.KeyVault(SecretUri=${uri})`;
}

/**
 * App settings of the API: plain values, the platform's own settings, then secrets as Key Vault
 * references. Sorted by name, so the list (and the app's configuration) only changes when a value
 * does.
 */
export function appSettings(
  plain: Readonly<Record<string, pulumi.Input<string>>>,
  secrets: readonly VaultSecretEnv[],
  platform: Readonly<Record<string, string>>,
): pulumi.Output<{ name: string; value: string }[]> {
  for (const s of secrets) {
    if (s.name in plain || s.name in platform) {
      throw new Error(`${s.name} is both a plain and a secret variable of the API`);
    }
  }
  for (const name of Object.keys(platform)) {
    if (name in plain) throw new Error(`${name} is both an API variable and a platform setting`);
  }
  const entries: pulumi.Output<{ name: string; value: string }>[] = [
    ...Object.entries({ ...plain, ...platform }).map(([name, value]) =>
      pulumi.output(value).apply((v) => ({ name, value: v })),
    ),
    ...secrets.map((s) =>
      pulumi.output(s.uri).apply((uri) => ({ name: s.name, value: keyVaultReference(uri) })),
    ),
  ];
  return pulumi
    .all(entries)
    .apply((list) => [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

/** Container Apps secret names: lowercase letters, digits and hyphens. */
export function jobSecretName(envName: string): string {
  return envName.toLowerCase().replace(/_/g, "-");
}

/**
 * The one command line that runs the migration job and waits for it: `az containerapp job start`
 * returns at once with the execution's name, so the line polls that execution until it leaves
 * Running and exits non-zero unless it Succeeded.
 */
export function migrateCommandLine(job: string, resourceGroup: string): string {
  const common = `-n ${job} -g ${resourceGroup}`;
  return [
    `e=$(az containerapp job start ${common} --query name -o tsv)`,
    `&& while s=$(az containerapp job execution show ${common} --job-execution-name "$e" --query properties.status -o tsv); [ "$s" = Running ] || [ "$s" = Processing ]; do sleep 10; done;`,
    `echo "migration $e: $s"; [ "$s" = Succeeded ]`,
  ].join(" ");
}
