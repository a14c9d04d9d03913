import { groupName } from "@sentinella/console";
import { StaffRole } from "@sentinella/core";
import { Aws, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

export interface StaffUserPoolProps {
  /** The deployed entities: each gets one group per role. */
  entityIds: readonly string[];
  /** The hosted login's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region. */
  domainPrefix?: string;
}

/**
 * Staff sign-in for the console: a Cognito user pool (no self sign-up: an admin invites each person), its hosted
 * login domain, and one group per entity and role, named "<entity id>:<role>" (e.g. "comune-cento:moderator",
 * "comune-cento:auditor", "comune-cento:admin"). The ID token lists a person's groups in `cognito:groups`; the
 * console reads entity and role from there (packages/console principal.ts). Retained: it holds the staff accounts.
 * The Lite plan (acknowledged to cdk-nag below): a body has a handful of staff (far inside the free monthly active users) and uses the classic
 * hosted login, which Lite has.
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);
    this.userPool = new UserPool(this, "Pool", {
      userPoolName: "sentinella-staff",
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireUppercase: true,
        requireLowercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff can hide and unhide what citizens wrote on an official channel: a second factor (an authenticator app).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.LITE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions::AwsSolutions-COG8",
      reason:
        "Lite plan on purpose: a body has a handful of staff, all created by an admin (no self sign-up), each with a " +
        "required second factor; Plus's threat protection is billed per user and buys little at that scale",
    });
    this.domain = this.userPool.addDomain("HostedLogin", {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `sentinella-${Aws.ACCOUNT_ID}` },
    });
    for (const entityId of props.entityIds) {
      for (const role of StaffRole.options) {
        new CfnUserPoolGroup(this, `${entityId}-${role}`, {
          userPoolId: this.userPool.userPoolId,
          groupName: groupName(entityId, role),
          description: `Sentinella: ${role} of ${entityId}`,
        });
      }
    }
  }
}
