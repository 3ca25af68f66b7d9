import type * as pulumi from "@pulumi/pulumi";
import type { Cloud, Environment, Tier } from "./cloud";

/*
 * The cloud-agnostic contract. PlatformSpec is what resolveSpec makes of a stack's config: every
 * size, count, retention and switch as a concrete, neutral number. Each cloud implements
 * CloudPlatform and returns PlatformOutputs; its components take the slice of the spec they need
 * plus that cloud's own context (network, keys, providers), which stays in its folder.
 */

/** Network layout. */
export interface NetworkSpec {
  /** IPv4 range of the whole network. */
  readonly cidr: string;
  /** Availability zones spread across. */
  readonly zones: number;
  /** One NAT per zone (survives a zone loss) or one shared NAT (cheaper). */
  readonly natGateways: "perZone" | "single";
  readonly flowLogRetentionDays: number;
}

export interface DatabaseSpec {
  /** PostgreSQL major version. */
  readonly engineVersion: "16";
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly storageGB: number;
  /** Ceiling for storage autoscaling. */
  readonly maxStorageGB: number;
  /** Synchronous standby in another zone with automatic failover. */
  readonly highAvailability: boolean;
  readonly readReplicas: number;
  readonly backupRetentionDays: number;
  /** Retention of the transaction logs behind point-in-time recovery. */
  readonly pitrDays: number;
  /** Copy automated backups to the disaster-recovery region. */
  readonly crossRegionBackups: boolean;
  readonly deletionProtection: boolean;
  readonly databaseName: string;
  readonly username: string;
  readonly port: number;
  /** Queries slower than this are logged. */
  readonly slowQueryMs: number;
  /**
   * Connections the API may hold on the primary, all instances together: below every cloud's
   * default `max_connections` for this size, with room left for operators and replication.
   */
  readonly connectionBudget: number;
}

export interface CacheSpec {
  readonly engineVersion: string;
  readonly memoryGiB: number;
  /** Shards (1 = not sharded). */
  readonly shards: number;
  /** Nodes per shard: one primary plus read replicas. */
  readonly nodesPerShard: number;
  /** Automatic failover to a replica in another zone. */
  readonly failover: boolean;
  readonly snapshotRetentionDays: number;
  readonly port: number;
}

export interface StorageSpec {
  readonly versioning: true;
  readonly infrequentAccessAfterDays: number;
  readonly archiveAfterDays: number;
  readonly noncurrentVersionExpiryDays: number;
  readonly abortIncompleteUploadDays: number;
  /** Replicate objects to the disaster-recovery region. */
  readonly crossRegionReplication: boolean;
  readonly accessLogRetentionDays: number;
  /** Days deleted objects stay recoverable (where the cloud has soft delete). */
  readonly softDeleteDays: number;
}

export interface ComputeSpec {
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Average CPU the autoscaler holds instances at. */
  readonly targetCpuPercent: number;
  /** Requests per instance per minute the autoscaler holds instances at. */
  readonly targetRequestsPerInstance: number;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  readonly healthCheckGraceSeconds: number;
  readonly logRetentionDays: number;
  /** The container command of the one-off migration job (same image, env and network). */
  readonly migrationCommand: readonly string[];
}

export interface LoadBalancerSpec {
  readonly rateLimitEnabled: boolean;
  /** Requests one client address may make in five minutes before it is blocked. */
  readonly rateLimitPerFiveMinutes: number;
  readonly minTlsVersion: "1.2";
  readonly accessLogRetentionDays: number;
  readonly deletionProtection: boolean;
}

/** The service targets alerts fire on. */
export interface MonitoringSpec {
  readonly latencyP95Ms: number;
  readonly errorRatePercent: number;
  readonly databaseLatencyMs: number;
  readonly cacheHitRatePercent: number;
  readonly availabilityPercent: number;
  readonly alertEmails: readonly string[];
  readonly logRetentionDays: number;
}

/** What the API container is told about its environment (non-secret values). */
export interface AppSpec {
  readonly logLevel: "debug" | "info";
  readonly traceSampleRate: number;
  readonly rateLimitEnabled: boolean;
  /** Requests one client may make per minute in the app's own limiter (the WAF's, per minute). */
  readonly rateLimitPerMinute: number;
  readonly externalApiCalls: boolean;
  /** Server worker processes per API instance, from its vCPU. */
  readonly workers: number;
  /** Database connections each worker's pool keeps, and may add under load. */
  readonly databasePoolSize: number;
  readonly databasePoolOverflow: number;
  /** Settings the stack sets through `entmoot:appSettings` (validated names, plain values). */
  readonly settings: Readonly<Record<string, string>>;
}

export interface FrontendSpec {
  readonly enabled: boolean;
}

/** Everything a cloud needs to build the platform, with no decisions left open. */
export interface PlatformSpec {
  readonly cloud: Cloud;
  readonly environment: Environment;
  readonly tier: Tier;
  /** Prefix for every resource name: `entmoot-<environment>`. */
  readonly name: string;
  readonly region: string;
  /** Second region for backup copies and replication; undefined when the profile has none. */
  readonly drRegion?: string;
  readonly gcpProject?: string;
  /** The only cloud account (AWS account, Azure subscription) the stack may deploy into. */
  readonly accountId?: string;
  readonly domain: string;
  readonly dnsZone?: string;
  readonly certificate?: string;
  /** Container image of the API from `entmoot:image`; undefined keeps the one deployed last. */
  readonly image?: string;
  /** Pulumi `protect` and the cloud's deletion protection on stateful resources. */
  readonly protect: boolean;
  readonly network: NetworkSpec;
  readonly database: DatabaseSpec;
  readonly cache: CacheSpec;
  readonly storage: StorageSpec;
  readonly compute: ComputeSpec;
  readonly loadBalancer: LoadBalancerSpec;
  readonly monitoring: MonitoringSpec;
  readonly app: AppSpec;
  readonly frontend: FrontendSpec;
  /** Tags/labels on every resource that takes them. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Values the program passes besides the spec: secrets never live in the spec. */
export interface PlatformInputs {
  readonly sentryDsn?: pulumi.Output<string>;
  /** The image the API should run (see ComputeArgs.image); the program resolves it. */
  readonly image: pulumi.Output<string | undefined>;
}

// --- Component contracts. Each cloud's component takes <X>Args extended with its own context
// (subnets, keys, providers) and exposes <X>Outputs, whatever it is built from. ---

/** What every component gets. */
export interface ComponentArgs {
  readonly environment: Environment;
  /** Primary region, in the cloud's own spelling. */
  readonly region: string;
  /** Tags/labels for every child that takes them. */
  readonly tags: Readonly<Record<string, string>>;
  /** Pulumi `protect` plus the cloud's deletion protection on stateful children. */
  readonly protect: boolean;
}

export interface NetworkArgs extends ComponentArgs {
  readonly spec: NetworkSpec;
}

export interface SecretsArgs extends ComponentArgs {
  readonly sentryDsn?: pulumi.Output<string>;
  /**
   * Env names of secrets the operator fills (API keys, SMTP credentials): created with the
   * placeholder value OPERATOR_SECRET_PLACEHOLDER, never updated by the stack afterwards, and
   * referenced unpinned so that the operator's latest value is used.
   */
  readonly operatorSecrets: readonly string[];
}

export interface DatabaseArgs extends ComponentArgs {
  readonly spec: DatabaseSpec;
}

export interface CacheArgs extends ComponentArgs {
  readonly spec: CacheSpec;
}

export interface StorageArgs extends ComponentArgs {
  readonly spec: StorageSpec;
}

/** Connection details the API container receives (see src/appEnvironment.ts). */
export interface ApiConnections {
  readonly databaseHost: pulumi.Input<string>;
  readonly databasePort: pulumi.Input<number>;
  readonly databaseName: string;
  readonly databaseUser: string;
  readonly databaseReadHosts: pulumi.Input<string[]>;
  readonly cacheHost: pulumi.Input<string>;
  readonly cachePort: pulumi.Input<number>;
  readonly bucketName: pulumi.Input<string>;
  /** How the API checks the database's certificate: verify-* where the cloud's CA is delivered. */
  readonly databaseSslMode: "require" | "verify-ca" | "verify-full";
  /** The browser origin of the frontend, allowed by CORS. */
  readonly frontendOrigin: pulumi.Input<string>;
}

export interface ComputeArgs extends ComponentArgs {
  readonly spec: ComputeSpec;
  readonly app: AppSpec;
  /**
   * The image to run: `entmoot:image`, else the image the stack ran last. Undefined or "" on a
   * stack's first `up`: the cloud then runs its public placeholder image, which answers the health
   * check on the container port, so a new stack comes up healthy before any image is pushed.
   */
  readonly image: pulumi.Output<string | undefined>;
  readonly connections: ApiConnections;
}

export interface LoadBalancerArgs extends ComponentArgs {
  readonly spec: LoadBalancerSpec;
  readonly domain: string;
  readonly dnsZone?: string;
  readonly certificate?: string;
}

export interface FrontendArgs extends ComponentArgs {
  readonly spec: FrontendSpec;
}

export interface MonitoringArgs extends ComponentArgs {
  readonly spec: MonitoringSpec;
  /** The public URL of the API health check, for the availability probe. */
  readonly healthCheckUrl: pulumi.Input<string>;
}

export interface NetworkOutputs {
  /** The network's id (VPC id, network self link, VNet id). */
  readonly networkId: pulumi.Output<string>;
}

export interface SecretsOutputs {
  /** Reference to the secret holding the database password (ARN, resource name, URI). */
  readonly databasePasswordRef: pulumi.Output<string>;
  readonly cachePasswordRef: pulumi.Output<string>;
}

export interface DatabaseOutputs {
  /** Host name (or private IP) of the primary. */
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoints: pulumi.Output<string[]>;
  readonly port: pulumi.Output<number>;
  /** Reference to the password in the secret store; never the password. */
  readonly secretRef: pulumi.Output<string>;
}

export interface CacheOutputs {
  readonly endpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly secretRef: pulumi.Output<string>;
}

export interface StorageOutputs {
  readonly bucketName: pulumi.Output<string>;
}

export interface ComputeOutputs {
  /** The API service's name or id. */
  readonly serviceName: pulumi.Output<string>;
  /** Where CI pushes API images. */
  readonly registryUrl: pulumi.Output<string>;
  /**
   * One shell command line that runs the migration job with the deployed image, waits for it and
   * exits non-zero when the migration fails.
   */
  readonly migrateCommand: pulumi.Output<string>;
  /** The image reference the API service runs (the placeholder until one is deployed). */
  readonly image: pulumi.Output<string>;
}

export interface LoadBalancerOutputs {
  /** Public DNS name or IP address of the load balancer. */
  readonly address: pulumi.Output<string>;
  readonly apiUrl: pulumi.Output<string>;
}

export interface FrontendOutputs {
  readonly url: pulumi.Output<string>;
  /** Where the frontend build is uploaded; empty when the frontend is disabled. */
  readonly bucketName: pulumi.Output<string>;
}

export interface MonitoringOutputs {
  readonly dashboardUrl: pulumi.Output<string>;
  /** Where alerts are published (SNS topic ARN, notification channel ids, action group id). */
  readonly alertTopic: pulumi.Output<string>;
}

/** The stack outputs; names are fixed and the same on every cloud. */
export interface PlatformOutputs {
  readonly cloud: string;
  readonly environment: string;
  readonly tier: string;
  readonly region: string;
  readonly apiUrl: pulumi.Output<string>;
  readonly loadBalancerAddress: pulumi.Output<string>;
  /** Empty when the frontend is disabled. */
  readonly frontendUrl: pulumi.Output<string>;
  readonly databaseEndpoint: pulumi.Output<string>;
  readonly databaseReaderEndpoints: pulumi.Output<string[]>;
  readonly databaseSecretRef: pulumi.Output<string>;
  readonly cacheEndpoint: pulumi.Output<string>;
  readonly storageBucket: pulumi.Output<string>;
  readonly dashboardUrl: pulumi.Output<string>;
  readonly alertTopic: pulumi.Output<string>;
  /** Where the pipeline pushes the API image. */
  readonly imageRepository: pulumi.Output<string>;
  /** The API service to redeploy or inspect. */
  readonly apiService: pulumi.Output<string>;
  /** One command line that runs the migration job for this stack. */
  readonly migrateCommand: pulumi.Output<string>;
  /** Where the frontend build goes; empty when the frontend is disabled. */
  readonly frontendBucket: pulumi.Output<string>;
  /** The image the API runs; an update without `entmoot:image` keeps it. */
  readonly apiImage: pulumi.Output<string>;
}

export const OUTPUT_NAMES = [
  "cloud",
  "environment",
  "tier",
  "region",
  "apiUrl",
  "loadBalancerAddress",
  "frontendUrl",
  "databaseEndpoint",
  "databaseReaderEndpoints",
  "databaseSecretRef",
  "cacheEndpoint",
  "storageBucket",
  "dashboardUrl",
  "alertTopic",
  "imageRepository",
  "apiService",
  "migrateCommand",
  "frontendBucket",
  "apiImage",
] as const satisfies readonly (keyof PlatformOutputs)[];

/** What each cloud's `providers/<cloud>/platform.ts` exports as `platform`. */
export interface CloudPlatform {
  readonly cloud: Cloud;
  build(spec: PlatformSpec, inputs: PlatformInputs): PlatformOutputs;
}
