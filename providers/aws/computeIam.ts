import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";

export interface ComputeRolesArgs {
  readonly region: string;
  readonly repositoryArn: pulumi.Input<string>;
  readonly logGroupArn: pulumi.Input<string>;
  /** Every secret the container gets by reference. */
  readonly secretArns: pulumi.Input<string>[];
  /** The key the secrets and the bucket are encrypted with. */
  readonly dataKeyArn: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
}

export interface ComputeRoles {
  /** Used by the ECS agent to start the task: pull the image, write logs, read the secrets. */
  readonly execution: iam.Role;
  /** Assumed by the application code itself. */
  readonly task: iam.Role;
  /**
   * The roles' inline policies. A task started before they exist fails to pull its image or
   * read its secrets, so the service depends on them.
   */
  readonly policies: iam.RolePolicy[];
}

/**
 * The two ECS roles, each with only what its holder does. Both trust ecs-tasks only for tasks of
 * this account and region (confused-deputy guard). No managed policies: the AWS-managed
 * execution policy grants ECR reads on every repository and logs writes on every group.
 */
export function computeRoles(
  name: string,
  args: ComputeRolesArgs,
  opts: pulumi.CustomResourceOptions,
): ComputeRoles {
  const account = getCallerIdentityOutput({}, { parent: opts.parent }).accountId;
  const trust = pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": account },
          ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:aws:ecs:${args.region}:${account}:*` },
        },
      },
    ],
  });
  const policy = (statements: Record<string, unknown>[]) =>
    pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });

  const execution = new iam.Role(
    `${name}-execution`,
    { assumeRolePolicy: trust, description: "Entmoot API: ECS task execution" },
    opts,
  );
  const executionPolicy = new iam.RolePolicy(
    `${name}-execution`,
    {
      role: execution.id,
      policy: policy([
        // Registry login cannot be scoped to a resource; the pulls below are.
        {
          Sid: "RegistryLogin",
          Effect: "Allow",
          Action: "ecr:GetAuthorizationToken",
          Resource: "*",
        },
        {
          Sid: "PullApiImage",
          Effect: "Allow",
          Action: [
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage",
          ],
          Resource: args.repositoryArn,
        },
        {
          Sid: "WriteApiLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: pulumi.interpolate`${args.logGroupArn}:*`,
        },
        {
          Sid: "ReadApiSecrets",
          Effect: "Allow",
          Action: "secretsmanager:GetSecretValue",
          Resource: args.secretArns,
        },
        {
          Sid: "DecryptApiSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: args.dataKeyArn,
          Condition: {
            StringEquals: { "kms:ViaService": `secretsmanager.${args.region}.amazonaws.com` },
          },
        },
      ]),
    },
    opts,
  );

  const task = new iam.Role(
    `${name}-task`,
    { assumeRolePolicy: trust, description: "Entmoot API: application" },
    opts,
  );
  const taskPolicy = new iam.RolePolicy(
    `${name}-task`,
    {
      role: task.id,
      policy: policy([
        { Sid: "ListBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: args.bucketArn },
        {
          Sid: "ReadWriteObjects",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: pulumi.interpolate`${args.bucketArn}/*`,
        },
        {
          // Objects are SSE-KMS with the data key; only through S3 may the API use it.
          Sid: "UseBucketKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: args.dataKeyArn,
          Condition: { StringEquals: { "kms:ViaService": `s3.${args.region}.amazonaws.com` } },
        },
      ]),
    },
    opts,
  );
  return { execution, task, policies: [executionPolicy, taskPolicy] };
}
