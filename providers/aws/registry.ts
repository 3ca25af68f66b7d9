import * as ecr from "@pulumi/aws/ecr";
import type * as pulumi from "@pulumi/pulumi";

export interface ImageRepositoryArgs {
  /** Key the images are encrypted with. */
  readonly dataKeyArn: pulumi.Input<string>;
  /** Pulumi `protect`; false also lets a destroy delete it with images in it. */
  readonly protect: boolean;
  /** Images kept before the oldest expire. Defaults to 30. */
  readonly keepImages?: number;
}

/**
 * The API's ECR repository. Tags are IMMUTABLE: what was scanned and deployed is what runs, and a
 * rollback returns to exactly the previous image. The pipeline therefore never re-pushes a tag
 * (no `latest`): it copies each build in once under a tag of its own (untagged images expire
 * after 7 days) and deploys it by digest. Helper, not a component: `opts` carries the caller's
 * parent.
 */
export function imageRepository(
  name: string,
  args: ImageRepositoryArgs,
  opts: pulumi.CustomResourceOptions,
): ecr.Repository {
  const repository = new ecr.Repository(
    name,
    {
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.dataKeyArn }],
      // Staging must tear down with images still in it; production's repository is protected.
      forceDelete: !args.protect,
    },
    { ...opts, protect: args.protect },
  );
  new ecr.LifecyclePolicy(
    name,
    {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: "untagged layers from failed or superseded pushes",
            selection: {
              tagStatus: "untagged",
              countType: "sinceImagePushed",
              countUnit: "days",
              countNumber: 7,
            },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: "keep the most recent images for rollbacks",
            selection: {
              tagStatus: "any",
              countType: "imageCountMoreThan",
              countNumber: args.keepImages ?? 30,
            },
            action: { type: "expire" },
          },
        ],
      }),
    },
    opts,
  );
  return repository;
}
