// The decoded channel configuration (configtxlator's JSON) of a channel with Org1MSP and Org2MSP and
// the default MAJORITY Admins policy: the starting point of the unit tests of channel edits.
import type { JsonObject } from '@gateway/fabric/channelConfigEdit';

/** A fresh copy on each call, so an edit under test cannot leak into the next test. */
export const twoOrgConfig = (): JsonObject => ({
  channel_group: {
    groups: {
      Application: {
        groups: { Org1MSP: { values: {} }, Org2MSP: { values: {} } },
        policies: {
          Admins: {
            mod_policy: 'Admins',
            policy: { type: 3, value: { rule: 'MAJORITY', sub_policy: 'Admins' } },
          },
        },
      },
    },
  },
});
