import type * as kms from "@pulumi/aws/kms";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { OPERATOR_SECRET_PLACEHOLDER } from "../../src/appEnvironment";
import type { SecretsArgs, SecretsOutputs } from "../../src/platform";
import type { AwsContext } from "./context";

export interface AwsSecretsArgs extends SecretsArgs {
  readonly context: AwsContext;
  /** Customer-managed key the secrets are encrypted with. */
  readonly key: kms.Key;
  /**
   * Key in the disaster-recovery region (`context.spec.drRegion`); when given, every secret is
   * replicated there so a restore in that region has its credentials. Defaults to no replica.
   */
  readonly drKey?: kms.Key;
}

/**
 * Characters the database password may use besides letters and digits. RDS master passwords
 * refuse `/`, `"`, `@` and spaces. These few are also unreserved or sub-delimiters in a URL's
 * userinfo, so a driver DSN built from the value needs no escaping. Changing this set would
 * replace the password (and so rotate it): it stays as it shipped.
 */
export const PASSWORD_SPECIALS = "!*()-_.~";

/**
 * ElastiCache AUTH tokens may hold only letters, digits and `! & # $ ^ < > -`; any other
 * character makes CreateReplicationGroup fail. Those specials are shell or URL metacharacters
 * (a `#` ends a redis:// URL), and 64 letters and digits already carry ~381 bits, so the token
 * uses none of them.
 */
/** A secret the API reads: its ARN, and the version to pin for one the platform generates. */
export interface SecretRef {
  readonly arn: pulumi.Output<string>;
  /** Pinned: a new version (a rotation) changes the task definition and rolls the tasks. */
  readonly versionId?: pulumi.Output<string>;
}

export const CACHE_TOKEN_ALLOWED = /^[A-Za-z0-9!&#$^<>-]{16,128}$/;

/**
 * The platform's generated credentials and where they live. Each password comes from
 * `random.RandomPassword` (its `result` is a secret Output, so it is encrypted in the state and
 * never printed) and is stored as the secret's whole string, not JSON: the API's ECS task reads
 * each one with `valueFrom: <secret ARN>` straight into DATABASE_PASSWORD / REDIS_PASSWORD.
 * The secrets are ours rather than RDS-managed (`manageMasterUserPassword`) so the same secret
 * ARN feeds the database, the task definition and the DR copy, whatever the engine does.
 */
export class AwsSecrets extends pulumi.ComponentResource implements SecretsOutputs {
  readonly databasePassword: random.RandomPassword;
  readonly databaseSecret: secretsmanager.Secret;
  readonly cacheAuthToken: random.RandomPassword;
  readonly cacheSecret: secretsmanager.Secret;
  readonly sentrySecret?: secretsmanager.Secret;
  readonly databasePasswordRef: pulumi.Output<string>;
  readonly cachePasswordRef: pulumi.Output<string>;
  /** Secret ARN of SENTRY_DSN; undefined when no DSN was given. */
  readonly sentryDsnRef?: pulumi.Output<string>;
  /** Every secret the API gets, by its environment name. */
  readonly apiSecrets: Readonly<Record<string, SecretRef>>;

  constructor(name: string, args: AwsSecretsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Checked before super(): a rejected component registers nothing.
    const { drRegion } = args.context.spec;
    if (args.drKey !== undefined && drRegion === undefined) {
      throw new Error(
        `AwsSecrets ${name}: drKey is given but the spec has no drRegion to replicate to`,
      );
    }
    super("entmoot:secrets:AwsSecrets", name, {}, opts);
    const production = args.environment === "production";
    // The recovery window is the undo period for a deleted credential: the maximum in production,
    // the minimum in staging so that a torn-down stack is gone within a week.
    const recoveryWindowInDays = production ? 30 : 7;
    // Secrets Manager replicates to the DR region itself (no DR provider needed), re-encrypting
    // with that region's key, so a restore there finds the same secret names and values.
    const replicas =
      args.drKey !== undefined && drRegion !== undefined
        ? [{ region: drRegion, kmsKeyId: args.drKey.arn }]
        : undefined;

    const secret = (suffix: string, description: string, value: pulumi.Input<string>) => {
      // Auto-named: a deleted secret's name stays reserved for the recovery window, so a fixed
      // name would block re-creating the stack inside it.
      const s = new secretsmanager.Secret(
        `${name}-${suffix}`,
        {
          description,
          kmsKeyId: args.key.arn,
          recoveryWindowInDays,
          replicas,
          tags: { ...args.tags, Name: `${name}-${suffix}` },
        },
        { parent: this, protect: args.protect },
      );
      const version = new secretsmanager.SecretVersion(
        `${name}-${suffix}`,
        { secretId: s.id, secretString: pulumi.secret(value) },
        { parent: this },
      );
      return { secret: s, version };
    };

    // 32 characters from 70 is ~196 bits; rotation is a deliberate replace (`pulumi up
    // --replace`), because RDS and ElastiCache take the new value in the same update.
    this.databasePassword = new random.RandomPassword(
      `${name}-database`,
      {
        length: 32,
        special: true,
        overrideSpecial: PASSWORD_SPECIALS,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
      },
      { parent: this },
    );
    const database = secret(
      "database",
      "Entmoot PostgreSQL master password (DATABASE_PASSWORD)",
      this.databasePassword.result,
    );
    this.databaseSecret = database.secret;

    // Letters and digits only: see CACHE_TOKEN_ALLOWED.
    this.cacheAuthToken = new random.RandomPassword(
      `${name}-cache`,
      {
        length: 64,
        special: false,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
      },
      { parent: this },
    );
    const cache = secret(
      "cache",
      "Entmoot Redis AUTH token (REDIS_PASSWORD)",
      this.cacheAuthToken.result,
    );
    this.cacheSecret = cache.secret;
    const pinned = (v: {
      secret: secretsmanager.Secret;
      version: secretsmanager.SecretVersion;
    }) => ({
      arn: v.secret.arn,
      versionId: v.version.versionId,
    });
    const apiSecrets: Record<string, SecretRef> = {
      DATABASE_PASSWORD: pinned(database),
      REDIS_PASSWORD: pinned(cache),
    };

    if (args.sentryDsn !== undefined) {
      const sentry = secret(
        "sentry-dsn",
        "Entmoot error reporting DSN (SENTRY_DSN)",
        args.sentryDsn,
      );
      this.sentrySecret = sentry.secret;
      this.sentryDsnRef = this.sentrySecret.arn;
      apiSecrets.SENTRY_DSN = pinned(sentry);
    }

    // Secrets the operator fills (API keys, SMTP credentials). The stack writes a placeholder
    // once so that tasks can start before the operator has, and never again: `ignoreChanges`
    // keeps `pulumi up` from overwriting the operator's value. Referenced unpinned, so a task
    // reads whatever version the operator put last.
    for (const envName of args.operatorSecrets) {
      const suffix = envName.toLowerCase().replace(/_/g, "-");
      const s = new secretsmanager.Secret(
        `${name}-${suffix}`,
        {
          description: `Entmoot ${envName}, set by the operator (see docs/operations.md)`,
          kmsKeyId: args.key.arn,
          recoveryWindowInDays,
          replicas,
          tags: { ...args.tags, Name: `${name}-${suffix}` },
        },
        { parent: this, protect: args.protect },
      );
      new secretsmanager.SecretVersion(
        `${name}-${suffix}`,
        { secretId: s.id, secretString: pulumi.secret(OPERATOR_SECRET_PLACEHOLDER) },
        // The operator's own versions are the value; the stack only seeds the first one.
        { parent: this, ignoreChanges: ["secretString", "versionStages"] },
      );
      apiSecrets[envName] = { arn: s.arn };
    }
    this.apiSecrets = apiSecrets;

    this.databasePasswordRef = this.databaseSecret.arn;
    this.cachePasswordRef = this.cacheSecret.arn;
    this.registerOutputs({
      databasePasswordRef: this.databasePasswordRef,
      cachePasswordRef: this.cachePasswordRef,
      sentryDsnRef: this.sentryDsnRef,
      operatorSecretRefs: Object.fromEntries(
        args.operatorSecrets.map((n) => [n, apiSecrets[n]?.arn]),
      ),
    });
  }
}
