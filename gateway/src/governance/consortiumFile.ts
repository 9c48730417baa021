/**
 * What the gateway reads of a consortium file (channel-config/consortium.json) before the chaincode
 * checks the whole of it at `Governance:InitConsortium`: the founding members' MSP ids (`ledger gov
 * init` compares them with the channel) and the voting policy (the channel Admins rule of
 * configtx.yaml). Pure.
 */
import { z } from 'zod';
import { parseJson } from '../jsonSchema';

const consortiumSchema = z.object(
  {
    members: z
      .array(z.object({ mspId: z.string().min(1) }, { error: 'a member object' }), { error: 'an array' })
      .min(1, { error: 'at least one member' }),
    policy: z.unknown(),
  },
  { error: 'a JSON object' },
);

/** The parts of a consortium file the gateway reads. */
export interface ConsortiumFile {
  /** The founding members' MSP ids, sorted. */
  readonly foundingMembers: readonly string[];
  /** The `policy` value as written; `parseApprovalThresholdPolicy` (chaincode) checks it. */
  readonly policy: unknown;
}

/**
 * Parses a consortium file's text.
 *
 * @param text - the file's content.
 * @param source - the file name, for messages.
 * @returns the founding members and the policy.
 * @throws Error `<source>: <field>: got <value>, want <what>`, or naming the JSON syntax error.
 */
export function parseConsortiumFile(text: string, source: string): ConsortiumFile {
  try {
    const { members, policy } = parseJson(consortiumSchema, JSON.parse(text) as unknown);
    return { foundingMembers: members.map((m) => m.mspId).sort(), policy };
  } catch (err) {
    throw new Error(`${source}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
