import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as pulumi from "@pulumi/pulumi";
import { OPERATOR_SECRET_PLACEHOLDER } from "../../src/appEnvironment";
import type { SecretsArgs, SecretsOutputs } from "../../src/platform";
import { toLabels, type GcpContext } from "./context";
import { urlSafePassword } from "../../src/passwords";

export interface GcpSecretsArgs extends SecretsArgs {
  readonly context: GcpContext;
  /** Second region every secret is replicated to, so the API can start there. Defaults to none. */
  readonly drRegion?: string;
}

/** Days a destroyed secret version stays recoverable (disabled) before it is really destroyed. */
const VERSION_DESTROY_DAYS = 30;

/**
 * The platform's secrets in Secret Manager; values never appear in outputs or plain config:
 * - the database password, generated here and stored as a version of `databaseSecret`;
 * - `cacheSecret` for the Memorystore AUTH string. Memorystore generates that string itself, so
 *   the secret is created here (its reference is known up front and the API service can be wired
 *   to it) and GcpCache adds the version once the instance exists;
 * - `sentrySecret` for SENTRY_DSN, when one is given;
 * - one secret per `operatorSecrets` name (SMTP credentials, API keys) with a placeholder first
 *   version, which the operator supersedes with `gcloud secrets versions add`; the stack never
 *   writes it again, and the API reads these at `latest`.
 * Replication is user-managed: the primary region, plus the disaster-recovery region when there
 * is one, so the API can start in either region and the data stays where we put it (automatic
 * replication would let Google pick the locations).
 */
export class GcpSecrets extends pulumi.ComponentResource implements SecretsOutputs {
  /** The database password; secret, for GcpDatabase only. Never export it. */
  readonly databasePassword: pulumi.Output<string>;
  readonly databaseSecret: secretmanager.Secret;
  readonly cacheSecret: secretmanager.Secret;
  readonly sentrySecret?: secretmanager.Secret;
  /** `projects/<project>/secrets/<id>`: what Cloud Run's secret references take. */
  readonly databasePasswordRef: pulumi.Output<string>;
  readonly cachePasswordRef: pulumi.Output<string>;
  readonly sentryDsnRef?: pulumi.Output<string>;
  /** The versions the stack writes, which the API pins. */
  readonly databasePasswordVersion: secretmanager.SecretVersion;
  readonly sentryDsnVersion?: secretmanager.SecretVersion;
  /** Operator-filled secrets by env name: the reference and the placeholder version. */
  readonly operatorSecrets: readonly {
    readonly name: string;
    readonly ref: pulumi.Output<string>;
    readonly placeholder: secretmanager.SecretVersion;
  }[];

  constructor(name: string, args: GcpSecretsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { context, region, drRegion, protect } = args;
    if (drRegion === region) {
      throw new Error(`GcpSecrets ${name}: drRegion must differ from region (both ${region})`);
    }
    const bad = args.operatorSecrets.find((env) => !/^[A-Z][A-Z0-9_]*$/.test(env));
    if (bad !== undefined) {
      throw new Error(`GcpSecrets ${name}: operator secret "${bad}" is not an env name`);
    }
    // Args are checked before anything registers, so an impossible stack leaves no partial plan.
    super("entmoot:secrets:GcpSecrets", name, {}, opts);
    const parent = { parent: this, provider: context.provider };
    const locations = drRegion === undefined ? [region] : [region, drRegion];
    const labels = toLabels(args.tags);

    const makeSecret = (suffix: string) =>
      new secretmanager.Secret(
        `${name}-${suffix}`,
        {
          project: context.project,
          secretId: `${name}-${suffix}`,
          labels,
          replication: { userManaged: { replicas: locations.map((location) => ({ location })) } },
          // Destroying a version only disables it for a while, so a mistaken rotation is undone.
          versionDestroyTtl: protect ? `${VERSION_DESTROY_DAYS * 86400}s` : undefined,
          deletionProtection: protect,
        },
        { ...parent, protect },
      );
    const ref = (secret: secretmanager.Secret) =>
      pulumi.interpolate`projects/${context.project}/secrets/${secret.secretId}`;

    const password = urlSafePassword(`${name}-database`, { parent: this });
    this.databasePassword = pulumi.secret(password.result);

    this.databaseSecret = makeSecret("database-password");
    this.databasePasswordVersion = new secretmanager.SecretVersion(
      `${name}-database-password`,
      { secret: this.databaseSecret.id, secretData: this.databasePassword },
      parent,
    );

    this.cacheSecret = makeSecret("cache-auth");

    if (args.sentryDsn !== undefined) {
      this.sentrySecret = makeSecret("sentry-dsn");
      this.sentryDsnVersion = new secretmanager.SecretVersion(
        `${name}-sentry-dsn`,
        { secret: this.sentrySecret.id, secretData: pulumi.secret(args.sentryDsn) },
        parent,
      );
      this.sentryDsnRef = ref(this.sentrySecret);
    }

    this.operatorSecrets = args.operatorSecrets.map((env) => {
      const suffix = env.toLowerCase().replace(/_/g, "-");
      const secret = makeSecret(suffix);
      const placeholder = new secretmanager.SecretVersion(
        `${name}-${suffix}`,
        { secret: secret.id, secretData: pulumi.secret(OPERATOR_SECRET_PLACEHOLDER) },
        // The operator's own versions supersede this one; the stack must never write it again
        // (nor re-enable it once the operator has disabled it).
        { ...parent, ignoreChanges: ["secretData", "enabled"] },
      );
      return { name: env, ref: ref(secret), placeholder };
    });

    this.databasePasswordRef = ref(this.databaseSecret);
    this.cachePasswordRef = ref(this.cacheSecret);
    this.registerOutputs({
      databasePasswordRef: this.databasePasswordRef,
      cachePasswordRef: this.cachePasswordRef,
      sentryDsnRef: this.sentryDsnRef,
    });
  }
}
