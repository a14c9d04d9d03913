import {
  alertTable,
  decisionTable,
  erasurePartition,
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
 * What a data subject's request needs and nothing more, for the role below and for the console (whose auditors
 * answer the same requests from a page). On the decision table: query it and byAuthor, remove the personal
 * attributes from a row (`dynamodb:Attributes`), put an erasure record (`dynamodb:LeadingKeys` erasure#…) and the
 * author's tombstone (erased#…, which the classifier reads before writing anything of an author again): no
 * DeleteItem, no PutItem of a decision, no Scan, so an erasure cannot remove the anonymous decision skeleton.
 * Obligations and pending alerts about the author's items it may delete; ledger events it may move to a pseudonym.
 */
export function subjectRequestStatements(table: (spec: TableSpec) => ITableV2): PolicyStatement[] {
  const decisions = table(decisionTable);
  const offenders = table(offenderTable);
  const obligations = table(obligationTable);
  const alerts = table(alertTable);
  const [, byAuthor] = decisionTable.globalIndexes;
  const putOnly = (prefix: string, attributes: readonly string[]) =>
    new PolicyStatement({
      actions: ["dynamodb:PutItem"],
      resources: [decisions.tableArn],
      conditions: {
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${prefix}*`] },
        "ForAllValues:StringEquals": { "dynamodb:Attributes": [...attributes] },
      },
    });
  return [
    new PolicyStatement({
      actions: ["dynamodb:Query"],
      resources: [decisions.tableArn, `${decisions.tableArn}/index/${byAuthor.indexName}`, offenders.tableArn],
    }),
    new PolicyStatement({
      actions: ["dynamodb:UpdateItem"],
      resources: [decisions.tableArn],
      conditions: { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", ...personalAttributes] } },
    }),
    putOnly(erasurePartition(""), erasureRecordAttributes),
    putOnly(tombstonePrefix, tombstoneAttributes),
    new PolicyStatement({ actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"], resources: [offenders.tableArn] }),
    new PolicyStatement({ actions: ["dynamodb:GetItem", "dynamodb:DeleteItem"], resources: [obligations.tableArn] }),
    new PolicyStatement({ actions: ["dynamodb:Query"], resources: [alerts.tableArn] }),
    new PolicyStatement({
      actions: ["dynamodb:DeleteItem"],
      resources: [alerts.tableArn],
      conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["pending#*"] } },
    }),
  ];
}

/**
 * The role `sentinella subject export|erase` runs under on AWS (the DPO's operator assumes it, e.g. with an AWS
 * profile's role_arn), with `subjectRequestStatements` only.
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
    new Policy(this, "Policy", { roles: [this.role], statements: subjectRequestStatements(table) });
    new CfnOutput(scope, "SubjectErasureRoleArn", { value: this.role.roleArn });
  }
}
