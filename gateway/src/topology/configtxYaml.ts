import type { MemberOrgTopology, Topology } from './topologyModel';

/** Inputs of {@link renderConfigtx}. */
export interface ConfigtxInputs {
  /** channel-config/configtx.yaml. */
  readonly template: string;
  readonly topology: Topology;
  /** The network's crypto folder (MSP folders and orderer TLS certificates). */
  readonly cryptoDir: string;
  /** The channel's Application Admins rule, derived from the consortium's voting policy. */
  readonly adminsRule: string;
  /**
   * The channel's member orgs, in the order to list them; default {@link foundingOrgs} (the main
   * channel). A channel made by `ledger channel create` names its own.
   */
  readonly orgs?: readonly MemberOrgTopology[];
}

/**
 * The channel configuration (configtx.yaml) of the topology's first channel (or of a channel of
 * `inputs.orgs`), from its template. A line
 * holding only a block placeholder (as a list item, `- __NAME__`, so the template stays YAML) becomes generated lines at the placeholder's indentation:
 * `__ORDERER_ENDPOINTS__`, `__CONSENTERS__` (every orderer), `__MEMBER_ORGS__` (each founding org, or each of `inputs.orgs`, with
 * its policies and its first peer as anchor peer), `__PROFILE_ORGS__` (their aliases). Inline
 * placeholders: `__CRYPTO_DIR__`, `__ORDERER_ORG__`, `__ORDERER_MSP__`, and `__ADMINS_RULE__` (written unquoted in
 * the template; replaced by a double-quoted YAML string).
 *
 * @throws Error naming a placeholder the template has not, or one left over.
 */
export function renderConfigtx(inputs: ConfigtxInputs): string {
  const { topology, cryptoDir } = inputs;
  const founders = inputs.orgs ?? foundingOrgs(topology);
  const orderers = topology.ordererOrg.orderers;
  const blocks: Readonly<Record<string, readonly string[]>> = {
    __ORDERER_ENDPOINTS__: orderers.map((o) => `- ${o.host}:${o.port}`),
    __CONSENTERS__: orderers.flatMap((o) => {
      const tls = `${cryptoDir}/${topology.ordererOrg.name}/orderers/${o.name}/tls/cert.pem`;
      return [`- Host: ${o.host}`, `  Port: ${o.port}`, `  ClientTLSCert: ${tls}`, `  ServerTLSCert: ${tls}`];
    }),
    __MEMBER_ORGS__: founders.flatMap((org) => memberOrgLines(org, cryptoDir)),
    __PROFILE_ORGS__: founders.map((org) => `- *${org.name}`),
  };
  let text = inputs.template;
  for (const [placeholder, lines] of Object.entries(blocks)) {
    const line = new RegExp(`^( *)(?:- )?${placeholder}$`, 'm');
    const match = line.exec(text);
    if (match === null) throw new Error(`configtx template: no line holding only ${placeholder}`);
    const indent = match[1] ?? '';
    text = text.replace(line, () => lines.map((l) => (l === '' ? '' : `${indent}${l}`)).join('\n'));
  }
  const inline: Readonly<Record<string, string>> = {
    __CRYPTO_DIR__: cryptoDir,
    __ORDERER_ORG__: topology.ordererOrg.name,
    __ORDERER_MSP__: topology.ordererOrg.mspId,
    // A YAML double-quoted scalar (JSON's string syntax is one), whatever quotes the rule holds.
    __ADMINS_RULE__: JSON.stringify(inputs.adminsRule),
  };
  for (const [placeholder, value] of Object.entries(inline)) text = text.split(placeholder).join(value);
  const leftover = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n')
    .match(/__[A-Z0-9_]+__/);
  if (leftover !== null) throw new Error(`configtx template: unknown placeholder ${leftover[0]}`);
  return text;
}

/** The member orgs of the topology's first channel's genesis block, in the order it lists them. */
export function foundingOrgs(topology: Topology): readonly MemberOrgTopology[] {
  const founders = topology.channels[0]?.founders ?? [];
  return founders.map((name) => {
    const org = topology.orgs.find((o) => o.name === name);
    if (org === undefined) throw new Error(`founder ${name} is not an org of the topology`);
    return org;
  });
}

function memberOrgLines(org: MemberOrgTopology, cryptoDir: string): string[] {
  const m = org.mspId;
  const anchor = org.peers[0];
  const policy = (name: string, rule: string): string[] => [
    `    ${name}:`,
    '      Type: Signature',
    `      Rule: "${rule}"`,
  ];
  return [
    `- &${org.name}`,
    `  Name: ${m}`,
    `  ID: ${m}`,
    `  MSPDir: ${cryptoDir}/${org.name}/msp`,
    '  Policies:',
    ...policy('Readers', `OR('${m}.admin', '${m}.peer', '${m}.client')`),
    ...policy('Writers', `OR('${m}.admin', '${m}.client')`),
    ...policy('Admins', `OR('${m}.admin')`),
    ...policy('Endorsement', `OR('${m}.peer')`),
    '  AnchorPeers:',
    ...(anchor === undefined ? [] : [`    - Host: ${anchor.host}`, `      Port: ${anchor.port}`]),
    '',
  ];
}
