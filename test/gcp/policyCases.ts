/**
 * The policy rules on minimal GCP resources (run by test/policy/minimal.test.ts): each FAILING
 * case breaks its policy with exactly the given messages, each PASSING case is a near miss that
 * must not.
 */
import { STATEFUL_TYPES, T } from "../../providers/gcp/policy";
import { parentUrn, res, type Case, type Passing } from "../policy/cases";

const FRONTEND_PARENT = parentUrn("entmoot:frontend:GcpFrontend", "entmoot-production-frontend");
/** Cloud Run behind the load balancer only, as GcpCompute builds it. */
const PRIVATE_RUN = {
  ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
  defaultUriDisabled: true,
};
const SECRET_REF = { secretKeyRef: { secret: "s", version: "latest" } };
const SECRET = "(wrap it in pulumi.secret or take it from RandomPassword.result)";

const DATA_FAILING: Case[] = [
  [
    "no-public-database",
    [res(T.sql, { settings: { ipConfiguration: { ipv4Enabled: true } } })],
    "staging",
    ["settings.ipConfiguration.ipv4Enabled must be false (is true)"],
  ],
  [
    "database-encryption-in-transit-and-at-rest",
    [res(T.sql, { settings: { ipConfiguration: { sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } })],
    "production",
    [
      'settings.ipConfiguration.sslMode must be one of ENCRYPTED_ONLY, TRUSTED_CLIENT_CERTIFICATE_REQUIRED (is "ALLOW_UNENCRYPTED_AND_ENCRYPTED")',
    ],
  ],
  [
    "cache-encryption",
    [res(T.memorystore, { authEnabled: false, transitEncryptionMode: "DISABLED" })],
    "production",
    [
      "authEnabled must be true (is false)",
      'transitEncryptionMode must be "SERVER_AUTHENTICATION" (is "DISABLED")',
    ],
  ],
  [
    "private-buckets",
    [res(T.gcs, { uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" })],
    "production",
    [
      "uniformBucketLevelAccess must be true (is false)",
      'publicAccessPrevention must be "enforced" (is "inherited")',
    ],
  ],
  // The exception is the frontend's own bucket only: its log bucket under the same parent is not.
  [
    "private-buckets",
    [
      res(
        T.gcs,
        { uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend-logs", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ['publicAccessPrevention must be "enforced" (is "inherited")'],
  ],
  [
    "private-buckets",
    [
      res(
        T.gcs,
        { uniformBucketLevelAccess: false, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
    ["uniformBucketLevelAccess must be true (is false)"],
  ],
  ...STATEFUL_TYPES.map((type): Case => [
    "production-protection",
    [res(type, {}, { protect: false })],
    "production",
    [
      "stateful resource must be protected (protect: true)",
      ...(type === T.sql
        ? [
            "deletionProtection must be true (is unset)",
            "settings.deletionProtectionEnabled must be true (is unset)",
          ]
        : []),
    ],
  ]),
  [
    "production-protection",
    [res(T.sql, { deletionProtection: true, settings: { deletionProtectionEnabled: false } })],
    "production",
    ["settings.deletionProtectionEnabled must be true (is false)"],
  ],
  [
    "backups",
    [
      res(T.sql, {
        settings: {
          backupConfiguration: { enabled: false, backupRetentionSettings: { retainedBackups: 7 } },
        },
      }),
    ],
    "production",
    [
      "settings.backupConfiguration.enabled must be true (is false)",
      "settings.backupConfiguration.pointInTimeRecoveryEnabled must be true (is unset)",
      "settings.backupConfiguration.backupRetentionSettings.retainedBackups must be at least 30 in production (is 7)",
    ],
  ],
  [
    "high-availability",
    [res(T.sql, { settings: { availabilityType: "ZONAL" } })],
    "production",
    ['settings.availabilityType must be "REGIONAL" (is "ZONAL")'],
  ],
  [
    "high-availability",
    [res(T.memorystore, { tier: "BASIC" })],
    "production",
    ['tier must be "STANDARD_HA" (is "BASIC")'],
  ],
  [
    "high-availability",
    [res(T.run, { ...PRIVATE_RUN, template: { scaling: { minInstanceCount: 1 } } })],
    "production",
    ["template.scaling.minInstanceCount must be at least 2 in production (is 1)"],
  ],
];

const EDGE_FAILING: Case[] = [
  [
    "tls-1-2-minimum",
    [res(T.sslPolicy, { minTlsVersion: "TLS_1_0", profile: "COMPATIBLE" })],
    "production",
    [
      'minTlsVersion must be TLS_1_2 or TLS_1_3 (is "TLS_1_0")',
      'profile must be MODERN or RESTRICTED (is "COMPATIBLE")',
    ],
  ],
  [
    "tls-1-2-minimum",
    [res(T.httpsProxy, { urlMap: "m" })],
    "staging",
    ["sslPolicy must be set (the default allows TLS 1.0)"],
  ],
  [
    "secrets-not-plain",
    [
      res(T.run, {
        template: {
          containers: [
            {
              name: "api",
              envs: [
                { name: "REDIS_PASSWORD", value: "hunter2" },
                { name: "DATABASE_PASSWORD", valueSource: SECRET_REF },
              ],
            },
          ],
        },
      }),
    ],
    "production",
    ['container "api" sets REDIS_PASSWORD without a Secret Manager reference'],
  ],
  // The operator fills these in Secret Manager: never as plain values either.
  [
    "secrets-not-plain",
    [
      res(T.run, {
        template: {
          containers: [{ name: "api", envs: [{ name: "WEATHER_API_KEY", value: "k" }] }],
        },
      }),
    ],
    "staging",
    ['container "api" sets WEATHER_API_KEY without a Secret Manager reference'],
  ],
  [
    "secrets-not-plain",
    [res(T.sqlUser, { password: "p" }, { secretInputs: [] })],
    "staging",
    [`password must be a secret ${SECRET}`],
  ],
  [
    "secrets-not-plain",
    [res(T.gsmVersion, { secretData: "p" }, { secretInputs: [] })],
    "staging",
    [`secretData must be a secret ${SECRET}`],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [
      res(T.firewall, {
        allows: [{ protocol: "tcp", ports: ["22"] }],
        sourceRanges: ["0.0.0.0/0"],
      }),
    ],
    "production",
    ["firewall allow rule must not admit 0.0.0.0/0 or ::/0"],
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.run, { defaultUriDisabled: true, template: {} })],
    "staging",
    [
      "ingress must be INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER or INGRESS_TRAFFIC_INTERNAL_ONLY (is unset)",
    ],
  ],
  // The run.app URL reaches the service past the load balancer and Cloud Armor, whatever ingress.
  [
    "ingress-only-through-the-load-balancer",
    [res(T.run, { ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER", template: {} })],
    "production",
    ["defaultUriDisabled must be true (is unset)"],
  ],
  [
    "waf-in-front",
    [res(T.backend, { loadBalancingScheme: "EXTERNAL_MANAGED" })],
    "production",
    ["securityPolicy must name a Cloud Armor policy"],
  ],
];

export const FAILING: Case[] = [...DATA_FAILING, ...EDGE_FAILING];

export const PASSING: Passing[] = [
  [
    "private-buckets",
    [
      res(
        T.gcs,
        { uniformBucketLevelAccess: true, publicAccessPrevention: "inherited" },
        { name: "entmoot-production-frontend", parent: FRONTEND_PARENT },
      ),
    ],
    "production",
  ],
  [
    "backups",
    [
      res(T.sql, {
        masterInstanceName: "primary",
        settings: { backupConfiguration: { enabled: false } },
      }),
    ],
    "production",
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.firewall, { denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"] })],
    "production",
  ],
  [
    "ingress-only-through-the-load-balancer",
    [res(T.run, { ...PRIVATE_RUN, template: {} })],
    "staging",
  ],
];
