import * as ecs from "@pulumi/aws/ecs";
import * as pulumi from "@pulumi/pulumi";

/** Where and how a one-off ECS task runs: the API's cluster, subnets and security group. */
export interface TaskPlacement {
  readonly region: string;
  readonly clusterName: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupId: string;
}

/** How long a migration may run before the command stops its task and fails, as on GCP and Azure. */
export const MIGRATION_TIMEOUT_SECONDS = 1800;

/**
 * One shell command line that runs `taskDefinitionArn` once in the API's private subnets with the
 * API's security group, waits until it has stopped and exits with status 0 only when the
 * container exited 0. It polls rather than using `aws ecs wait tasks-stopped`, which gives up
 * after 10 minutes and leaves a longer migration running; past MIGRATION_TIMEOUT_SECONDS it stops
 * the task (nothing else would) and fails. Pure, so it is tested without mocks.
 */
export function runTaskCommand(
  taskDefinitionArn: string,
  p: TaskPlacement,
  timeoutSeconds: number = MIGRATION_TIMEOUT_SECONDS,
): string {
  const where = `--region ${p.region} --cluster ${p.clusterName}`;
  const network =
    `awsvpcConfiguration={subnets=[${p.subnetIds.join(",")}],` +
    `securityGroups=[${p.securityGroupId}],assignPublicIp=DISABLED}`;
  const status = `aws ecs describe-tasks ${where} --tasks "$task" --query 'tasks[0].lastStatus' --output text`;
  return [
    `task=$(aws ecs run-task ${where} --task-definition ${taskDefinitionArn}` +
      ` --launch-type FARGATE --started-by entmoot-migrate --network-configuration '${network}'` +
      ` --query 'tasks[0].taskArn' --output text)`,
    `test -n "$task" && test "$task" != None`,
    `echo "migration task: $task"`,
    `deadline=$(( $(date +%s) + ${timeoutSeconds} ))`,
    // `false`, not `exit`: an operator may run the line in an interactive shell.
    `while [ "$(${status})" != STOPPED ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 10; done`,
    `{ [ "$(${status})" = STOPPED ] || { aws ecs stop-task ${where} --task "$task"` +
      ` --reason 'migration timed out' >/dev/null;` +
      ` echo "migration timed out after ${timeoutSeconds} s: task stopped" >&2; false; }; }`,
    `code=$(aws ecs describe-tasks ${where} --tasks "$task"` +
      ` --query 'tasks[0].containers[0].exitCode' --output text)`,
    `echo "migration exit code: $code"`,
    `test "$code" = 0`,
  ].join(" && ");
}

/**
 * One shell command line for after a deployment: waits until the service is stable, then fails
 * unless its primary deployment runs `taskDefinitionArn`. `services-stable` alone also succeeds
 * when the circuit breaker or a rollback alarm has put the previous task definition back.
 */
export function rolloutCheckCommand(
  taskDefinitionArn: string,
  p: { readonly region: string; readonly clusterName: string; readonly serviceName: string },
): string {
  const where = `--region ${p.region} --cluster ${p.clusterName}`;
  return [
    `aws ecs wait services-stable ${where} --services ${p.serviceName}`,
    `running=$(aws ecs describe-services ${where} --services ${p.serviceName}` +
      " --query 'services[0].deployments[?status==`PRIMARY`].taskDefinition | [0]' --output text)",
    `echo "service runs $running"`,
    `test "$running" = "${taskDefinitionArn}"`,
  ].join(" && ");
}

export interface MigrationTaskArgs {
  /** The hardened container definition of the migration (same image, env and secrets as the API). */
  readonly container: pulumi.Input<Record<string, unknown>>;
  readonly cpu: string;
  readonly memory: string;
  readonly executionRoleArn: pulumi.Input<string>;
  readonly taskRoleArn: pulumi.Input<string>;
}

/**
 * The migration job: a task definition named and family'd `<compute name>-migrate`, so a pipeline
 * can `pulumi up --target` it before the service switches images. It runs nothing by itself;
 * `runTaskCommand` starts it. Old revisions are kept (skipDestroy), like the API's.
 */
export function migrationTaskDefinition(
  name: string,
  args: MigrationTaskArgs,
  opts: pulumi.CustomResourceOptions,
): ecs.TaskDefinition {
  return new ecs.TaskDefinition(
    name,
    {
      family: name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: args.cpu,
      memory: args.memory,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      executionRoleArn: args.executionRoleArn,
      taskRoleArn: args.taskRoleArn,
      volumes: [{ name: "tmp" }],
      containerDefinitions: pulumi.jsonStringify([args.container]),
      skipDestroy: true,
    },
    opts,
  );
}
