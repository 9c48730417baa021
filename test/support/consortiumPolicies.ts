// Default voting policies the governance suites switch between.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApprovalThresholdPolicy } from '@chaincode/lib/voting';

/** The default policy of channel-config/consortium.json (50 % GREATER_THAN: 2 of 2, 2 of 3). */
export const ORIGINAL_POLICY: ApprovalThresholdPolicy = (
  JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'channel-config', 'consortium.json'), 'utf8'),
  ) as { policy: ApprovalThresholdPolicy }
).policy;

/** A default policy that needs one admin of three (30 % GREATER_THAN): a change of the Admins rule that stays signable. */
export const LENIENT_POLICY: ApprovalThresholdPolicy = {
  thresholdPercentage: 30,
  proposalDurationInHours: 24,
  thresholdComparator: 'GREATER_THAN',
};
