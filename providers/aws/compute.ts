import * as cloudwatch from "@pulumi/aws/cloudwatch";
import type * as ecr from "@pulumi/aws/ecr";
import * as ecs from "@pulumi/aws/ecs";
import type * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { apiEnvironment } from "../../src/appEnvironment";
import type { ComputeArgs, ComputeOutputs } from "../../src/platform";
import { fargateSize } from "./skus";
import { alarmNames } from "./alarms";
import { computeRoles } from "./computeIam";
import { deploymentAlarms } from "./deploymentAlarms";
import { serviceAutoscaling } from "./computeScaling";
import {
  containerDefinition,
  PLACEHOLDER_IMAGE,
  PLACEHOLDER_MIGRATION,
  placeholderCommand,
  secretValueFrom,
} from "./container";
import type { AwsContext } from "./context";
import { migrationTaskDefinition, rolloutCheckCommand, runTaskCommand } from "./migration";
import { imageRepository } from "./registry";
import type { SecretRef } from "./secrets";

export interface AwsComputeArgs extends ComputeArgs {
  readonly context: AwsContext;
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The API tasks' security group. */
  readonly securityGroupId: pulumi.Input<string>;
  /** Target group to register tasks in; must already be attached to a listener (see AwsLoadBalancer.servingTargetGroupArn). */
  readonly targetGroupArn: pulumi.Input<string>;
  readonly albArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /**
   * Secrets injected as environment variables by reference (AwsSecrets.apiSecrets): pinned to a
   * version where one is given, so that a new version rolls the tasks.
   */
  readonly secrets: Readonly<Record<string, SecretRef>>;
  /** The key the secrets and the bucket's objects are encrypted with. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** Key for the API log group. */
  readonly logsKey: kms.Key;
  /** The API's object-storage bucket. */
  readonly bucketArn: pulumi.Input<string>;
  /** Images kept in the registry before the oldest expire. Defaults to 30. */
  readonly keepImages?: number;
  /** Topic the rollback alarms notify, so a rolled-back release pages someone. Defaults to none. */
  readonly alertTopicArn?: pulumi.Input<string>;
  /** A deployment rolls back when the 5xx rate (%) stays above this. Defaults to 1. */
  readonly rollbackErrorRatePercent?: number;
  /** A deployment rolls back when p95 latency (ms) stays above this. Defaults to 500. */
  readonly rollbackLatencyP95Ms?: number;
}

const CONTAINER = "api";
const MIGRATION_CONTAINER = "migrate";

/**
 * The API on ECS Fargate: an ECR repository, a cluster with Container Insights, a hardened task
 * (read-only root, non-root user, no Linux capabilities, secrets by reference), a service in the
 * private subnets behind the ALB target group, and target-tracking autoscaling on CPU and
 * requests per task.
 *
 * Deployments are ECS rolling updates (100% min healthy, 200% max): capacity never drops, new
 * tasks must pass the target group's health check, and the circuit breaker plus two CloudWatch
 * alarms (5xx rate, p95 latency) roll back automatically. ECS-native BLUE_GREEN would add a
 * bake period with instant traffic switch-back, but needs a second target group, listener rules
 * and an infrastructure role spanning both components; alarm-driven rollback gives the same
 * safety for a stateless API at a fraction of the moving parts.
 */
export class AwsCompute extends pulumi.ComponentResource implements ComputeOutputs {
  /** The service's ARN, which names its cluster too (`service/<cluster>/<service>`). */
  readonly serviceName: pulumi.Output<string>;
  readonly registryUrl: pulumi.Output<string>;
  readonly migrateCommand: pulumi.Output<string>;
  readonly image: pulumi.Output<string>;
  /** Fails unless the service, once stable, runs the task definition this update deployed. */
  readonly rolloutCheckCommand: pulumi.Output<string>;
  readonly migrationTaskDefinition: ecs.TaskDefinition;
  readonly repository: ecr.Repository;
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly service: ecs.Service;
  readonly logGroup: cloudwatch.LogGroup;
  /** The alarms that roll a deployment back. */
  readonly deploymentAlarms: cloudwatch.MetricAlarm[];

  constructor(name: string, args: AwsComputeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("entmoot:compute:AwsCompute", name, {}, opts);
    const { spec, region } = args;
    if (spec.minInstances < 1 || spec.maxInstances < spec.minInstances) {
      throw new Error(
        `AwsCompute ${name}: need 1 <= minInstances <= maxInstances (got ${spec.minInstances}..${spec.maxInstances})`,
      );
    }
    const size = fargateSize(spec.vcpu, spec.memoryGiB);
    const parent = { parent: this };

    this.repository = imageRepository(
      name,
      { dataKeyArn: args.dataKeyArn, protect: args.protect, keepImages: args.keepImages },
      parent,
    );

    this.logGroup = new cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/ecs/${name}`, retentionInDays: spec.logRetentionDays, kmsKeyId: args.logsKey.arn },
      parent,
    );

    this.cluster = new ecs.Cluster(
      name,
      {
        // `enabled` rather than `enhanced`: the audit rule sets recognise only this value, and
        // service-level metrics are what the alarms and dashboard use.
        settings: [{ name: "containerInsights", value: "enabled" }],
        configuration: {
          // ECS Exec is off on the service; should anyone enable it, sessions are encrypted and logged.
          executeCommandConfiguration: {
            kmsKeyId: args.logsKey.arn,
            logging: "OVERRIDE",
            logConfiguration: {
              cloudWatchEncryptionEnabled: true,
              cloudWatchLogGroupName: this.logGroup.name,
            },
          },
        },
      },
      parent,
    );

    const secretEntries = Object.entries(args.secrets);
    const roles = computeRoles(
      name,
      {
        region,
        repositoryArn: this.repository.arn,
        logGroupArn: this.logGroup.arn,
        secretArns: secretEntries.map(([, ref]) => ref.arn),
        dataKeyArn: args.dataKeyArn,
        bucketArn: args.bucketArn,
      },
      parent,
    );

    // The configured image, else the placeholder (see PLACEHOLDER_IMAGE): never the empty
    // repository, whose `latest` would not exist on a new stack and can be pushed only once.
    // The stack's last image is the placeholder until a real one is deployed: that is still "no
    // image", so the next update keeps the placeholder's command and changes nothing.
    const deployed = pulumi
      .output(args.image)
      .apply((i) => (i === undefined || i === "" || i === PLACEHOLDER_IMAGE ? undefined : i));
    this.image = deployed.apply((i) => i ?? PLACEHOLDER_IMAGE);
    const env = apiEnvironment("aws", args.environment, args.app, args.connections, {
      // The placeholder is no version of the API: APP_VERSION stays empty until one is deployed.
      image: deployed.apply((i) => i ?? ""),
    });
    const environment = pulumi.all(env).apply((values) =>
      Object.keys(values)
        .sort()
        .map((k) => ({ name: k, value: values[k]! })),
    );
    const secrets = pulumi.all(
      secretEntries.map(([envName, ref]) =>
        pulumi.all([ref.arn, ref.versionId]).apply(([arn, versionId]) => ({
          name: envName,
          valueFrom: secretValueFrom(arn, versionId),
        })),
      ),
    );
    const container = (
      containerName: string,
      command: (placeholder: boolean) => readonly string[] | undefined,
      serves: boolean,
    ) =>
      pulumi
        .all([deployed, environment, secrets, this.logGroup.name])
        .apply(([image, environmentList, secretList, logGroupName]) =>
          containerDefinition({
            name: containerName,
            image: image ?? PLACEHOLDER_IMAGE,
            command: command(image === undefined),
            environment: environmentList,
            secrets: secretList,
            port: serves ? spec.containerPort : undefined,
            healthCheck: serves
              ? { path: spec.healthCheckPath, startPeriodSeconds: spec.healthCheckGraceSeconds }
              : undefined,
            logGroupName,
            region,
          }),
        );

    this.taskDefinition = new ecs.TaskDefinition(
      name,
      {
        family: name,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: size.cpu,
        memory: size.memory,
        // x86_64 runs any image CI builds; ARM64 (Graviton) is ~20% cheaper but needs arm builds.
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        executionRoleArn: roles.execution.arn,
        taskRoleArn: roles.task.arn,
        // Fargate has no tmpfs: a task-storage volume gives the read-only container a writable /tmp.
        volumes: [{ name: "tmp" }],
        containerDefinitions: pulumi.jsonStringify([
          container(
            CONTAINER,
            (placeholder) =>
              placeholder
                ? placeholderCommand(spec.containerPort, spec.healthCheckPath)
                : undefined,
            true,
          ),
        ]),
        // An update registers a new revision; keeping the old ones lets an operator point the
        // service back at one by hand (ECS rollbacks need them too).
        skipDestroy: true,
      },
      parent,
    );

    this.migrationTaskDefinition = migrationTaskDefinition(
      `${name}-migrate`,
      {
        container: container(
          MIGRATION_CONTAINER,
          (placeholder) => (placeholder ? PLACEHOLDER_MIGRATION : spec.migrationCommand),
          false,
        ),
        cpu: size.cpu,
        memory: size.memory,
        executionRoleArn: roles.execution.arn,
        taskRoleArn: roles.task.arn,
      },
      parent,
    );

    this.deploymentAlarms = deploymentAlarms(
      name,
      {
        albArnSuffix: args.albArnSuffix,
        targetGroupArnSuffix: args.targetGroupArnSuffix,
        alertTopicArn: args.alertTopicArn,
        errorRatePercent: args.rollbackErrorRatePercent ?? 1,
        latencyP95Ms: args.rollbackLatencyP95Ms ?? 500,
      },
      parent,
    );

    this.service = new ecs.Service(
      name,
      {
        cluster: this.cluster.arn,
        taskDefinition: this.taskDefinition.arn,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        desiredCount: spec.minInstances,
        networkConfiguration: {
          subnets: args.privateSubnetIds,
          securityGroups: [args.securityGroupId],
          assignPublicIp: false,
        },
        loadBalancers: [
          {
            targetGroupArn: args.targetGroupArn,
            containerName: CONTAINER,
            containerPort: spec.containerPort,
          },
        ],
        healthCheckGracePeriodSeconds: spec.healthCheckGraceSeconds,
        deploymentController: { type: "ECS" },
        deploymentConfiguration: { strategy: "ROLLING" },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        alarms: { alarmNames: alarmNames(this.deploymentAlarms), enable: true, rollback: true },
        availabilityZoneRebalancing: "ENABLED",
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        enableExecuteCommand: false,
      },
      // Autoscaling owns the running count; re-applying minInstances would undo a scale-out.
      // Tasks start only once the roles' policies let them pull the image and read the secrets.
      { ...parent, ignoreChanges: ["desiredCount"], dependsOn: roles.policies },
    );

    serviceAutoscaling(
      name,
      {
        clusterName: this.cluster.name,
        serviceName: this.service.name,
        spec,
        albArnSuffix: args.albArnSuffix,
        targetGroupArnSuffix: args.targetGroupArnSuffix,
      },
      parent,
    );

    this.serviceName = this.service.arn;
    this.registryUrl = this.repository.repositoryUrl;
    this.migrateCommand = pulumi
      .all([
        this.migrationTaskDefinition.arn,
        this.cluster.name,
        pulumi.all(args.privateSubnetIds),
        pulumi.output(args.securityGroupId),
      ])
      .apply(([arn, clusterName, subnetIds, securityGroupId]) =>
        runTaskCommand(arn, { region, clusterName, subnetIds, securityGroupId }),
      );
    this.rolloutCheckCommand = pulumi
      .all([this.taskDefinition.arn, this.cluster.name, this.service.name])
      .apply(([arn, clusterName, serviceName]) =>
        rolloutCheckCommand(arn, { region, clusterName, serviceName }),
      );
    this.registerOutputs({
      serviceName: this.serviceName,
      registryUrl: this.registryUrl,
      clusterName: this.cluster.name,
      image: this.image,
      migrateCommand: this.migrateCommand,
      rolloutCheckCommand: this.rolloutCheckCommand,
    });
  }
}
