import {
  alertTable,
  decisionTable,
  erasureRecordAttributes,
  obligationTable,
  offenderTable,
  personalAttributes,
  type TableSpec,
  tombstoneAttributes,
  tombstonePrefix,
} from "@sentinella/aws";
import { CfnOutput, Duration, type Stack } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { AccountRootPrincipal, Policy, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";

/**
 * The role `sentinella subject export|erase` runs under on AWS (the DPO's operator assumes it, e.g. with an AWS
 * profile's role_arn): what a data subject's request needs and nothing more. On the decision table it may query
 * (the table and byAuthor), remove the personal attributes from a row (`dynamodb:Attributes`) and put an erasure
 * record (`dynamodb:LeadingKeys` erasure#…) and the author's tombstone (erased#…, which the classifier reads before
 * writing anything of an author again): no DeleteItem, no PutItem of a decision, no Scan, so an erasure
 * cannot remove the anonymous decision skeleton. Obligations and pending alerts about the author's items it may
 * delete; ledger events it may move to a pseudonym.
 */
export class SubjectErasureRole extends Construct {
  readonly role: Role;

  constructor(scope: Stack, id: string, table: (spec: TableSpec) => ITableV2) {
    super(scope, id);
    this.role = new Role(this, "Role", {
      assumedBy: new AccountRootPrincipal(),
      description: "Sentinella: a data subject's access and erasure requests (sentinella subject export|erase)",
      maxSessionDuration: Duration.hours(1),
    });
    const decisions = table(decisionTable);
    const offenders = table(offenderTable);
    const obligations = table(obligationTable);
    const alerts = table(alertTable);
    const [, byAuthor] = decisionTable.globalIndexes;
    const statements = [
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [decisions.tableArn, `${decisions.tableArn}/index/${byAuthor.indexName}`, offenders.tableArn],
      }),
      new PolicyStatement({
        actions: ["dynamodb:UpdateItem"],
        resources: [decisions.tableArn],
        conditions: { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", ...personalAttributes] } },
      }),
      new PolicyStatement({
        actions: ["dynamodb:PutItem"],
        resources: [decisions.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["erasure#*"] },
          "ForAllValues:StringEquals": { "dynamodb:Attributes": [...erasureRecordAttributes] },
        },
      }),
      new PolicyStatement({
        actions: ["dynamodb:PutItem"],
        resources: [decisions.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${tombstonePrefix}*`] },
          "ForAllValues:StringEquals": { "dynamodb:Attributes": [...tombstoneAttributes] },
        },
      }),
      new PolicyStatement({
        actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
        resources: [offenders.tableArn],
      }),
      new PolicyStatement({ actions: ["dynamodb:GetItem", "dynamodb:DeleteItem"], resources: [obligations.tableArn] }),
      new PolicyStatement({ actions: ["dynamodb:Query"], resources: [alerts.tableArn] }),
      new PolicyStatement({
        actions: ["dynamodb:DeleteItem"],
        resources: [alerts.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["pending#*"] } },
      }),
    ];
    new Policy(this, "Policy", { roles: [this.role], statements });
    new CfnOutput(scope, "SubjectErasureRoleArn", { value: this.role.roleArn });
  }
}
